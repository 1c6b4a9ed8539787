import { App, Chart } from 'cdk8s';
import { CanaryService } from '../../lib/cdk8s';
import { benchSpecs } from '../specs';
import { Cdk8sParams } from './params';
import { runChild } from './protocol';

// cdk8s: the construct as a cdk8s app uses it, synthesized with `App.synth()` to an outdir (cdk8s
// validates, resolves, serializes with its own `yaml` settings and writes one file per chart).
// Layouts: every service in one chart, or one chart per service (the app's files per service).
runChild<Cdk8sParams>(({ mode, n, output, layout }) => {
  const specs = benchSpecs(mode, n);
  return () => {
    const app = new App({ outdir: output });
    const shared = layout === 'one-chart' ? new Chart(app, 'services') : undefined;
    let objects = 0;
    for (const spec of specs) {
      const id = `${spec.namespace}-${spec.name}`;
      const construct = shared
        ? new CanaryService(shared, id, spec)
        : new CanaryService(new Chart(app, id), 'canary', spec);
      objects += Object.keys(construct.objects).length;
    }
    app.synth();
    return { objects };
  };
});
