/**
 * Issue 16 item 5 ("the gate's exit code always matches what it applied") for a patch that times
 * out: the API server may still have applied it. The gate reads the VirtualService again and
 * records what is live: applied (exit of the decision), not applied and fenced off so that it
 * can never land late (exit 3), or unknown when the API server answers nothing (exit 3, said so).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KubeManifest, synthesize } from '../../lib';
import { WRITE_FENCE_ANNOTATION } from '../../lib/core/annotations';
import { resolvePlan } from '../../lib/core/plan';
import { scaleCanary } from '../../lib/gate/in-cluster/apply-in-cluster';
import { withDeadline } from '../../lib/gate/in-cluster/deadline';
import { ClusterApi, ClusterApiError } from '../../lib/gate/in-cluster/kube-client';
import { readDefaultRouteWeights } from '../../lib/gate/in-cluster/json-patch';
import { FakeCluster, readyDeployment } from './support/fake-cluster';
import { FAILING, fakePrometheusFetch, HEALTHY } from './support/fake-prometheus';
import { runGateCli } from './support/run-gate-cli';
import { meshSpec, writeTempFile } from './support/specs';

const NOW = '2024-01-01T00:00:00Z';
const ARGS = ['--prometheus', 'http://p.test:9090', '--time', NOW, '--format', 'json', '--timeout', '200ms'];

/** The gate's spec and a fake cluster at stage ten whose VirtualService has resourceVersion 100. */
function cluster() {
  const automation = { image: 'ghcr.io/acme/canary-kit-gate:0.1.0', schedule: '*/2 * * * *' };
  const manifests = synthesize({ ...meshSpec('checkout', { automation }) });
  const configMap = manifests.find((m) => m.metadata.name === 'checkout-gate-spec') as KubeManifest;
  const file = writeTempFile((configMap.data as Record<string, string>)['spec.yaml']);
  const vs = manifests.find((m) => m.kind === 'VirtualService') as KubeManifest;
  const live = { ...vs, metadata: { ...vs.metadata, resourceVersion: '100' } } as KubeManifest;
  const fake = new FakeCluster(live, {
    'checkout-canary': readyDeployment('checkout-canary'),
    'checkout-stable': readyDeployment('checkout-stable', 2),
  });
  return { file, fake };
}

function bindAll(fake: FakeCluster): ClusterApi {
  return {
    getVirtualService: fake.getVirtualService.bind(fake),
    patchVirtualService: fake.patchVirtualService.bind(fake),
    getDeployment: fake.getDeployment.bind(fake),
    patchDeploymentScale: fake.patchDeploymentScale.bind(fake),
  };
}

const canaryWeight = (fake: FakeCluster) => readDefaultRouteWeights(fake.virtualService, 'vs').canary.weight;

describe('in-cluster: a patch that times out', () => {
  test('every patch tests the resourceVersion it read first', async () => {
    const { file, fake } = cluster();
    const run = await runGateCli(['--spec', file, ...ARGS, '--apply', 'in-cluster'], {
      fetch: fakePrometheusFetch(HEALTHY),
      clusterApi: async () => fake,
    });
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(fake.patches[0][0], { op: 'test', path: '/metadata/resourceVersion', value: '100' });
  });

  test('applied by the server although the answer never came: recorded as applied, exit 0', async () => {
    const { file, fake } = cluster();
    fake.patchMode = ['apply-then-hang'];
    const run = await runGateCli(['--spec', file, ...ARGS, '--apply', 'in-cluster'], {
      fetch: fakePrometheusFetch(HEALTHY),
      clusterApi: async () => fake,
    });
    assert.equal(canaryWeight(fake), 50);
    assert.equal(run.record?.decision, 'advance');
    assert.equal(run.record?.apply.status, 'applied');
    assert.match(run.record?.apply.detail ?? '', /the patch timed out, but a re-read shows it live/);
    assert.equal(run.code, 0, run.stdout);
  });

  test('not applied yet: the gate fences it off, records failed and exits 3; the late patch is refused', async () => {
    const { file, fake } = cluster();
    fake.patchMode = ['hang'];
    const run = await runGateCli(['--spec', file, ...ARGS, '--apply', 'in-cluster'], {
      fetch: fakePrometheusFetch(HEALTHY),
      clusterApi: async () => fake,
    });
    assert.equal(run.code, 3, run.stdout);
    assert.equal(run.record?.apply.status, 'failed');
    assert.match(
      run.record?.apply.detail ?? '',
      /did not answer within 200 ms; .*fence .* can no longer apply/,
    );
    assert.equal(fake.virtualService.metadata.annotations?.[WRITE_FENCE_ANNOTATION], NOW);
    assert.equal(canaryWeight(fake), 10);
    // The held request reaches the server after all: its resourceVersion test fails.
    assert.throws(() => fake.deliver(fake.heldPatches[0]), /test failed/);
    assert.equal(canaryWeight(fake), 10, 'the exit code (3, nothing moved) stays true');
  });

  test('changed by someone else meanwhile: not applied (it can no longer apply), exit 3, no fence needed', async () => {
    const { file, fake } = cluster();
    fake.patchMode = ['hang'];
    fake.beforePatch = () => {
      fake.beforePatch = undefined;
      (fake.virtualService.metadata as { resourceVersion?: string }).resourceVersion = '101';
    };
    const run = await runGateCli(['--spec', file, ...ARGS, '--apply', 'in-cluster'], {
      fetch: fakePrometheusFetch(HEALTHY),
      clusterApi: async () => fake,
    });
    assert.equal(run.code, 3);
    assert.match(run.record?.apply.detail ?? '', /changed by someone else \(resourceVersion 100 -> 101\)/);
    assert.equal(fake.virtualService.metadata.annotations?.[WRITE_FENCE_ANNOTATION], undefined);
  });

  test('the API server answers nothing more: unknown, exit 3, and the record says the next run reads what is live', async () => {
    const { file, fake } = cluster();
    fake.patchMode = ['hang'];
    const getVirtualService = fake.getVirtualService.bind(fake);
    let reads = 0;
    fake.getVirtualService = async (namespace: string, name: string) => {
      reads++;
      return reads === 1 ? getVirtualService(namespace, name) : new Promise(() => undefined);
    };
    const run = await runGateCli(['--spec', file, ...ARGS, '--apply', 'in-cluster'], {
      fetch: fakePrometheusFetch(HEALTHY),
      clusterApi: async () => fake,
    });
    assert.equal(run.code, 3);
    assert.equal(run.record?.apply.status, 'unknown');
    assert.match(
      run.record?.apply.detail ?? '',
      /whether it was applied is unknown, the next run reads the live state/,
    );
  });

  test('a rollback that times out but was applied is recorded as applied, and the canary still scales to zero', async () => {
    const { file, fake } = cluster();
    fake.patchMode = ['apply-then-hang'];
    const run = await runGateCli(['--spec', file, ...ARGS, '--apply', 'in-cluster'], {
      fetch: fakePrometheusFetch(FAILING),
      clusterApi: async () => fake,
    });
    assert.equal(run.code, 1, run.stdout);
    assert.equal(run.record?.apply.status, 'applied');
    assert.equal(canaryWeight(fake), 0);
    assert.equal(run.record?.apply.scale?.status, 'applied');
    assert.equal((fake.deployments['checkout-canary'] as { spec: { replicas: number } }).spec.replicas, 0);
  });

  test('a scale patch that times out is settled by re-reading spec.replicas', async () => {
    const { fake } = cluster();
    const plan = resolvePlan(meshSpec('checkout'));
    const timeout = new ClusterApiError(
      'patch Deployment shop/checkout-canary scale: no answer',
      undefined,
      false,
      true,
    );
    const appliedThenTimedOut: ClusterApi = {
      ...bindAll(fake),
      patchDeploymentScale: async (namespace, name, patch) => {
        await fake.patchDeploymentScale(namespace, name, patch);
        throw timeout;
      },
    };
    const applied = await scaleCanary(appliedThenTimedOut, plan, 1, 0);
    assert.equal(applied.status, 'applied');
    assert.match(applied.detail, /timed out, but a re-read shows spec.replicas 0/);
    const lost: ClusterApi = {
      ...bindAll(fake),
      patchDeploymentScale: async () => {
        throw timeout;
      },
    };
    const notApplied = await scaleCanary(lost, plan, 0, 3);
    assert.equal(notApplied.status, 'failed');
    assert.match(notApplied.detail, /a re-read shows spec.replicas 0, not 3/);
  });

  test('a call with no time left is not sent at all (so "not sent" is certain)', async () => {
    let sent = false;
    await assert.rejects(
      withDeadline(
        async () => {
          sent = true;
        },
        0,
        'patch VirtualService shop/checkout',
      ),
      /not sent, the run's deadline/,
    );
    assert.equal(sent, false);
  });
});
