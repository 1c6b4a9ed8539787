/**
 * Issue 15 item 3: a canary sized to its share. Its replicas follow its share of the stable
 * replicas (at least one, rounded up) or its own autoscaler, chosen in the spec, and the gate never
 * gives a share to a canary with fewer available replicas than the share needs.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CanaryServiceSpec, KubeManifest, synthesize, validate } from '../../lib';
import { canaryReplicasForShare } from '../../lib/core/canary-size';
import { FakeCluster, readyDeployment } from './support/fake-cluster';
import { fakePrometheusFetch, HEALTHY } from './support/fake-prometheus';
import { runGateCli } from './support/run-gate-cli';
import { meshSpec, writeTempFile } from './support/specs';

const replicasOf = (manifests: KubeManifest[], name: string) =>
  (manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === name)?.spec as { replicas?: number })
    .replicas;

function atStage(stage: string, workload: Partial<CanaryServiceSpec['workload']>): CanaryServiceSpec {
  const base = meshSpec('checkout');
  return { ...base, workload: { ...base.workload, ...workload }, traffic: { ...base.traffic, stage } };
}

describe('issue 15.3: a canary sized to its share', () => {
  test('ceil(stable x share / 100), at least 1', () => {
    assert.equal(canaryReplicasForShare(10, 0), 1);
    assert.equal(canaryReplicasForShare(10, 1), 1);
    assert.equal(canaryReplicasForShare(10, 10), 1);
    assert.equal(canaryReplicasForShare(10, 11), 2);
    assert.equal(canaryReplicasForShare(10, 50), 5);
    assert.equal(canaryReplicasForShare(3, 50), 2);
  });

  test('by default the rendered canary follows the stage: 1, 1, then 5 of 10 stable replicas', () => {
    assert.equal(replicasOf(synthesize(atStage('one', { replicas: 10 })), 'checkout-canary'), 1);
    assert.equal(replicasOf(synthesize(atStage('ten', { replicas: 10 })), 'checkout-canary'), 1);
    assert.equal(replicasOf(synthesize(atStage('half', { replicas: 10 })), 'checkout-canary'), 5);
    assert.equal(replicasOf(synthesize(atStage('half', { replicas: 10 })), 'checkout-stable'), 10);
  });

  test('canaryReplicas is a fixed count; canaryScaling: autoscaler gives the canary its own HPA', () => {
    assert.equal(
      replicasOf(synthesize(atStage('half', { replicas: 10, canaryReplicas: 2 })), 'checkout-canary'),
      2,
    );
    const scaled = synthesize(
      atStage('half', { canaryScaling: 'autoscaler', autoscaling: { maxReplicas: 12 } }),
    );
    assert.equal(replicasOf(scaled, 'checkout-canary'), undefined);
    const hpa = scaled.find(
      (m) => m.kind === 'HorizontalPodAutoscaler' && m.metadata.name === 'checkout-canary',
    );
    assert.deepEqual((hpa?.spec as { minReplicas: number; maxReplicas: number }).maxReplicas, 12);
    assert.deepEqual((hpa?.spec as { minReplicas: number }).minReplicas, 1);
  });

  test('contradictory sizing is a spec error naming the fix', () => {
    const issues = validate(atStage('ten', { canaryScaling: 'share', canaryReplicas: 3 })).map((i) => i.path);
    assert.deepEqual(issues, ['workload.canaryReplicas']);
    const hpa = validate(atStage('ten', { canaryScaling: 'share', autoscaling: { maxReplicas: 5 } }));
    assert.match(hpa[0]?.message ?? '', /Use canaryScaling: autoscaler/);
    const noHpa = validate(atStage('ten', { canaryScaling: 'autoscaler' }));
    assert.match(noHpa[0]?.message ?? '', /needs workload.autoscaling/);
  });

  describe('--apply in-cluster: no share before the canary has the replicas for it', () => {
    const ARGS = ['--prometheus', 'http://p.test:9090', '--time', '2024-01-01T00:00:00Z', '--format', 'json'];
    function cluster(workload: Partial<CanaryServiceSpec['workload']>) {
      const automation = { image: 'ghcr.io/acme/canary-kit-gate:0.1.0', schedule: '*/2 * * * *' };
      const manifests = synthesize({ ...atStage('ten', workload), automation });
      const configMap = manifests.find((m) => m.metadata.name === 'checkout-gate-spec') as KubeManifest;
      const file = writeTempFile((configMap.data as Record<string, string>)['spec.yaml']);
      const vs = manifests.find((m) => m.kind === 'VirtualService') as KubeManifest;
      const fake = new FakeCluster(vs, {
        'checkout-canary': readyDeployment('checkout-canary', 1),
        'checkout-stable': readyDeployment('checkout-stable', 10),
      });
      return { file, fake, options: { fetch: fakePrometheusFetch(HEALTHY), clusterApi: async () => fake } };
    }

    test('share sizing: the gate scales the canary to 5 for 50% of 10, holds, and advances once they are available', async () => {
      const { file, fake, options } = cluster({ replicas: 10 });
      const first = await runGateCli(['--spec', file, ...ARGS, '--apply', 'in-cluster'], options);
      assert.equal(first.code, 3, first.stdout);
      assert.match(
        first.record?.reason ?? '',
        /50% of stable's 10 replicas needs 5 \(workload.canaryScaling: share\)/,
      );
      assert.equal(first.record?.canaryScale?.status, 'applied');
      assert.deepEqual(fake.scalePatches[0], [
        { op: 'test', path: '/spec/replicas', value: 1 },
        { op: 'replace', path: '/spec/replicas', value: 5 },
      ]);
      assert.equal(fake.patches.length, 0, 'no traffic moved');

      // The new pods start: 5 asked, 2 available: still hold.
      fake.deployments['checkout-canary'] = readyDeployment('checkout-canary', 5, 2);
      const starting = await runGateCli(['--spec', file, ...ARGS, '--apply', 'in-cluster'], options);
      assert.equal(starting.code, 3);
      assert.equal(fake.patches.length, 0);

      fake.deployments['checkout-canary'] = readyDeployment('checkout-canary', 5);
      const ready = await runGateCli(['--spec', file, ...ARGS, '--apply', 'in-cluster'], options);
      assert.equal(ready.code, 0, ready.stdout);
      assert.equal(fake.patches.length, 1);
    });

    test('a fixed canary too small for the next share holds and says what to change', async () => {
      const { file, fake, options } = cluster({ replicas: 10, canaryReplicas: 1 });
      const run = await runGateCli(['--spec', file, ...ARGS, '--apply', 'in-cluster'], options);
      assert.equal(run.code, 3);
      assert.match(
        run.record?.reason ?? '',
        /1 available replicas, and 50% of stable's 10 replicas needs 5 .*raise workload.canaryReplicas/,
      );
      assert.equal(fake.scalePatches.length, 0);
      assert.equal(fake.patches.length, 0);
      // The same readiness rules and record as --apply gitops.
      assert.equal(run.record?.canaryReadiness?.source, 'kubernetes');
      assert.equal(run.record?.canaryReadiness?.required, 5);
      assert.equal(run.record?.canaryReadiness?.canary.available, 1);
    });
  });
});
