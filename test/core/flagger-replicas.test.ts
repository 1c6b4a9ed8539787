import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CanaryServiceSpec, synthesize } from '../../lib';
import { MINIMAL_FLAGGER as F } from '../fixtures/specs';

function deploymentReplicas(spec: CanaryServiceSpec): Array<number | undefined> {
  return synthesize(spec)
    .filter((m) => m.kind === 'Deployment')
    .map((m) => (m.spec as { replicas?: number }).replicas);
}

describe('no replicas drift with GitOps (issue 14.6)', () => {
  test('flagger mode: the target carries no replicas by default', () => {
    assert.deepEqual(deploymentReplicas(F), [undefined]);
  });

  test('flagger mode: replicas the spec insists on are written', () => {
    assert.deepEqual(deploymentReplicas({ ...F, workload: { ...F.workload, replicas: 3 } }), [3]);
  });

  test('flagger mode with an autoscaler: never written', () => {
    assert.deepEqual(
      deploymentReplicas({ ...F, workload: { ...F.workload, autoscaling: { maxReplicas: 6 } } }),
      [undefined],
    );
  });

  test('mesh mode keeps its default of 2 stable replicas (no Flagger scales them)', () => {
    assert.deepEqual(deploymentReplicas({ ...F, mode: 'mesh' }), [2, 1]);
  });
});
