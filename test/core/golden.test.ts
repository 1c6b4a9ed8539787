import { describe, test } from 'node:test';
import { Testing } from 'cdk8s';
import { KubeManifest, synthesize, toYaml } from '../../lib';
import { ENVIRONMENTS } from '../../stacks/cdk8s/environments';
import { EnvironmentChart } from '../../stacks/cdk8s/main';
import { AB_FLAGGER, FULL_FLAGGER, FULL_MESH, MINIMAL_FLAGGER, SHADOW_MESH } from '../fixtures/specs';
import { assertGolden } from '../support/golden';

// Snapshots record the output; the focused tests in synthesize.test.ts state the rules.
describe('golden YAML per example environment (both modes in each)', () => {
  for (const env of ENVIRONMENTS) {
    test(`${env}: the cdk8s chart renders as recorded`, () => {
      const chart = new EnvironmentChart(Testing.app(), env);
      assertGolden(`${env}.k8s.yaml`, toYaml(Testing.synth(chart) as KubeManifest[]));
    });
  }
});

describe('golden YAML per mode', () => {
  const cases = {
    'minimal-flagger': MINIMAL_FLAGGER,
    'full-flagger': FULL_FLAGGER,
    'ab-flagger': AB_FLAGGER,
    'full-mesh': FULL_MESH,
    'shadow-mesh': SHADOW_MESH,
  };
  for (const [name, spec] of Object.entries(cases)) {
    test(`${name} renders as recorded`, () => assertGolden(`${name}.yaml`, toYaml(synthesize(spec))));
  }
});
