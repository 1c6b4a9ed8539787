import { App, Chart, YamlOutputType } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryService } from '../../lib/cdk8s';
import { checkoutSpec, Environment, ENVIRONMENTS, ledgerSpec } from './environments';

/** One environment's chart: `checkout` (flagger mode) and `ledger` (mesh mode). */
export class EnvironmentChart extends Chart {
  constructor(scope: Construct, env: Environment) {
    super(scope, env, { disableResourceNameHashes: true });
    new CanaryService(this, 'checkout', checkoutSpec(env));
    new CanaryService(this, 'ledger', ledgerSpec(env));
  }
}

/** Builds the example app: one chart, hence one `dist/<env>.k8s.yaml`, per environment. */
export function buildApp(outdir?: string): App {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  for (const env of ENVIRONMENTS) new EnvironmentChart(app, env);
  return app;
}

if (require.main === module) buildApp().synth();
