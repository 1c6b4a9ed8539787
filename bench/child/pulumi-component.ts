import { benchSpecs } from '../specs';
import { SynthParams } from './params';
import { runChild } from './protocol';
import { installCountingMocks } from './pulumi-mocks';

// Pulumi component: one `CanaryService` per service under `pulumi.runtime.setMocks`; the work
// ends when the mock engine has registered every child.
runChild<SynthParams>(async ({ mode, n }) => {
  const specs = benchSpecs(mode, n);
  const mocks = await installCountingMocks();
  const { CanaryService } = await import('../../lib/pulumi');
  return async () => {
    let objects = 0;
    for (const spec of specs) {
      objects += Object.keys(new CanaryService(spec.name, spec).resources).length;
    }
    await mocks.whenRegistered(objects);
    return { objects };
  };
});
