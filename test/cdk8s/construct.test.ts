import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Chart, JsonPatch, Testing } from 'cdk8s';
import { CanarySpecError, KubeManifest, sortManifests, synthesize, synthesizeResources } from '../../lib';
import { CanaryService } from '../../lib/cdk8s';
import { checkoutSpec, ENVIRONMENTS, ledgerSpec } from '../../stacks/cdk8s/environments';
import { FULL_FLAGGER, FULL_MESH, MINIMAL_FLAGGER } from '../fixtures/specs';

function synthChart(spec: Parameters<typeof synthesize>[0]): {
  construct: CanaryService;
  manifests: KubeManifest[];
} {
  const chart = new Chart(Testing.app(), 'test');
  const construct = new CanaryService(chart, 'svc', spec);
  return { construct, manifests: Testing.synth(chart) as KubeManifest[] };
}

describe('cdk8s CanaryService', () => {
  const specs = [
    MINIMAL_FLAGGER,
    FULL_FLAGGER,
    FULL_MESH,
    ...ENVIRONMENTS.flatMap((env) => [checkoutSpec(env), ledgerSpec(env)]),
  ];

  test('lists the core warnings of the spec (alerts without the label kube-prometheus-stack selects)', () => {
    assert.deepEqual(
      synthChart(MINIMAL_FLAGGER).construct.warnings.map((w) => w.path),
      ['observability.ruleLabels'],
    );
    assert.deepEqual(synthChart(FULL_FLAGGER).construct.warnings, []);
  });

  test('synthesizes exactly the core manifests, field for field, for every example spec', () => {
    for (const spec of specs) {
      assert.deepEqual(
        sortManifests(synthChart(spec).manifests),
        sortManifests(synthesize(spec)),
        `${spec.name} ${spec.mode ?? 'flagger'}`,
      );
    }
  });

  test('exposes every object by the core id, for escape hatches', () => {
    const { construct } = synthChart(FULL_MESH);
    assert.deepEqual(
      Object.keys(construct.objects),
      synthesizeResources(FULL_MESH).map((r) => r.id),
    );
    assert.equal(construct.object('virtual-service').kind, 'VirtualService');
    assert.throws(
      () => construct.object('canary'),
      /CanaryService has no object 'canary'. It has: deployment-stable/,
    );
  });

  test('an escape hatch patch reaches the output', () => {
    const chart = new Chart(Testing.app(), 'test');
    const construct = new CanaryService(chart, 'svc', MINIMAL_FLAGGER);
    construct.object('canary').addJsonPatch(JsonPatch.add('/spec/revertOnDeletion', true));
    const canary = (Testing.synth(chart) as KubeManifest[]).find((m) => m.kind === 'Canary')!;
    assert.equal((canary.spec as { revertOnDeletion: boolean }).revertOnDeletion, true);
  });

  test('a bad spec fails at construction with the core error', () => {
    const chart = new Chart(Testing.app(), 'test');
    assert.throws(
      () =>
        new CanaryService(chart, 'svc', { ...MINIMAL_FLAGGER, mode: 'mesh', traffic: { canaryWeight: 99 } }),
      CanarySpecError,
    );
  });
});
