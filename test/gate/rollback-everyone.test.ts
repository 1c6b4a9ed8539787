/**
 * Issue 15 item 4 and issue 11 item 2: a rollback moves everyone back (default, cohort and sticky
 * routes; with the canary scaled to zero also dark launch and mirroring) and stops the canary
 * serving: its replicas go to zero. In the cluster in one guarded JSON Patch (a `test` before
 * every value replaced or removed) plus a guarded scale patch; in git by re-rendering the spec the
 * gate rewrote.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { CanaryServiceSpec, KubeManifest, synthesize } from '../../lib';
import { FakeCluster, readyDeployment } from './support/fake-cluster';
import { FAILING, fakePrometheusFetch } from './support/fake-prometheus';
import { runGateCli, FAKE_PROMETHEUS_ARGS } from './support/run-gate-cli';
import { meshSpec, writeTempFile } from './support/specs';

const ARGS = FAKE_PROMETHEUS_ARGS;
const deps = { fetch: fakePrometheusFetch(FAILING) };

type Route = {
  name: string;
  route: Array<{ destination: { subset: string }; weight?: number }>;
  mirror?: unknown;
};

/** A spec at stage ten with every route kind: dark launch, a cohort at 100%, sticky sessions. */
function everyRoute(overrides: Partial<CanaryServiceSpec['workload']> = {}): CanaryServiceSpec {
  const base = meshSpec('checkout');
  return {
    ...base,
    workload: { ...base.workload, replicas: 4, ...overrides },
    traffic: {
      ...base.traffic,
      darkLaunchHeaders: { 'x-canary': 'true' },
      cohorts: [{ name: 'beta', headers: { 'x-beta': 'yes' }, canaryWeight: 100 }],
      stickySession: {},
    },
  };
}

/** Every route that can send a request to the canary, with the share it sends. */
function canaryRoutes(vs: KubeManifest): Array<[string, number]> {
  const http = (vs.spec as { http: Route[] }).http;
  const result: Array<[string, number]> = [];
  for (const route of http) {
    for (const destination of route.route) {
      const weight = destination.weight ?? 100;
      if (destination.destination.subset === 'canary' && weight > 0) result.push([route.name, weight]);
    }
    if (route.mirror !== undefined) result.push([`${route.name} (mirror)`, 0]);
  }
  return result;
}

const byKind = (manifests: KubeManifest[], kind: string, name: string) =>
  manifests.find((m) => m.kind === kind && m.metadata.name === name) as KubeManifest;

describe('issue 15.4 and 11.2: a rollback moves everyone back and stops the canary serving', () => {
  test('before: the default, cohort, sticky and dark-launch routes all reach the canary', () => {
    const vs = byKind(synthesize(everyRoute()), 'VirtualService', 'checkout');
    assert.deepEqual(canaryRoutes(vs), [
      ['dark-launch', 100],
      ['cohort-beta', 100],
      ['sticky-canary', 100],
      ['default', 10],
    ]);
  });

  test('--apply gitops: the re-rendered spec routes nobody to the canary and scales it to zero', async () => {
    const file = writeTempFile(`${JSON.stringify(everyRoute(), null, 2)}\n`, 'checkout.json');
    const run = await runGateCli(['--spec', file, ...ARGS, '--apply', 'gitops'], deps);
    assert.equal(run.code, 1, run.stdout);
    assert.equal(run.record?.apply.status, 'applied');
    const manifests = synthesize(JSON.parse(readFileSync(file, 'utf8')) as CanaryServiceSpec);
    assert.deepEqual(canaryRoutes(byKind(manifests, 'VirtualService', 'checkout')), []);
    assert.equal(
      (byKind(manifests, 'Deployment', 'checkout-canary').spec as { replicas: number }).replicas,
      0,
    );
  });

  test('with scaleCanaryToZeroOnRollback: false, the pods stay and so does the dark launch (testers only)', () => {
    const spec = everyRoute({ scaleCanaryToZeroOnRollback: false });
    const rolledBack: CanaryServiceSpec = {
      ...spec,
      traffic: {
        ...spec.traffic,
        stage: undefined,
        canaryWeight: 0,
        rollback: { reason: 'test', at: '2024-01-01T00:00:00Z', previousCanaryWeight: 10 },
      },
    };
    delete (rolledBack.traffic as { stage?: string }).stage;
    const manifests = synthesize(rolledBack);
    assert.deepEqual(canaryRoutes(byKind(manifests, 'VirtualService', 'checkout')), [['dark-launch', 100]]);
    assert.equal(
      (byKind(manifests, 'Deployment', 'checkout-canary').spec as { replicas: number }).replicas,
      1,
    );
  });

  describe('--apply in-cluster', () => {
    function cluster() {
      const automation = { image: 'ghcr.io/acme/canary-kit-gate:0.1.0', schedule: '*/2 * * * *' };
      const manifests = synthesize({ ...everyRoute(), automation });
      const configMap = byKind(manifests, 'ConfigMap', 'checkout-gate-spec');
      const file = writeTempFile((configMap.data as Record<string, string>)['spec.yaml']);
      const fake = new FakeCluster(byKind(manifests, 'VirtualService', 'checkout'), {
        'checkout-canary': readyDeployment('checkout-canary', 1),
        'checkout-stable': readyDeployment('checkout-stable', 4),
      });
      return { file, fake };
    }

    test('one guarded patch moves every route, then the canary is scaled to zero', async () => {
      const { file, fake } = cluster();
      const run = await runGateCli(['--spec', file, ...ARGS, '--apply', 'in-cluster'], {
        ...deps,
        clusterApi: async () => fake,
      });
      assert.equal(run.code, 1, run.stdout);
      assert.equal(run.record?.apply.status, 'applied', run.record?.apply.detail);
      assert.deepEqual(canaryRoutes(fake.virtualService), []);
      assert.deepEqual(
        (fake.virtualService.spec as { http: Route[] }).http.map((r) => r.name),
        ['cohort-beta', 'sticky-stable', 'default'],
      );
      assert.equal(fake.patches.length, 1, 'one patch: all or nothing');
      const patch = fake.patches[0];
      for (const [index, op] of patch.entries()) {
        if (op.op !== 'replace' && op.op !== 'remove') continue;
        assert.ok(
          patch.slice(0, index).some((t) => t.op === 'test' && t.path === op.path),
          `${op.op} ${op.path} is tested first`,
        );
      }
      const annotations = fake.virtualService.metadata.annotations ?? {};
      assert.equal(annotations['canary-kit.dev/rollback-previous-canary-weight'], '10');
      assert.equal(annotations['canary-kit.dev/stage-started-at'], undefined);
      assert.deepEqual(fake.scalePatches, [
        [
          { op: 'test', path: '/spec/replicas', value: 1 },
          { op: 'replace', path: '/spec/replicas', value: 0 },
        ],
      ]);
      assert.equal(run.record?.apply.scale?.status, 'applied');
    });

    test('a cohort changed since it was read: nothing is written, the canary is not scaled', async () => {
      const { file, fake } = cluster();
      fake.beforePatch = () => {
        const cohort = (fake.virtualService.spec as { http: Route[] }).http.find(
          (r) => r.name === 'cohort-beta',
        );
        if (cohort) [cohort.route[0].weight, cohort.route[1].weight] = [50, 50];
      };
      const run = await runGateCli(['--spec', file, ...ARGS, '--apply', 'in-cluster'], {
        ...deps,
        clusterApi: async () => fake,
      });
      // The exit code matches what was applied (issue 16.5, docs/security.md): a rollback that could
      // not be written exits 3, and the record still says rollback with the conflict.
      assert.equal(run.code, 3, 'nothing was applied');
      assert.equal(run.record?.decision, 'rollback', 'the record keeps the decision');
      assert.equal(run.record?.apply.status, 'conflict');
      assert.equal(fake.scalePatches.length, 0);
      assert.deepEqual(
        (fake.virtualService.spec as { http: Route[] }).http.map((r) => r.name),
        ['dark-launch', 'cohort-beta', 'sticky-canary', 'sticky-stable', 'default'],
      );
    });

    test('a second failing run finds nothing to move and does not patch again', async () => {
      const { file, fake } = cluster();
      const options = { ...deps, clusterApi: async () => fake };
      await runGateCli(['--spec', file, ...ARGS, '--apply', 'in-cluster'], options);
      const again = await runGateCli(['--spec', file, ...ARGS, '--apply', 'in-cluster'], options);
      assert.equal(again.code, 1);
      assert.equal(fake.patches.length, 1);
      assert.equal(fake.scalePatches.length, 1);
      assert.equal(again.record?.apply.status, 'unchanged', again.record?.apply.detail);
    });
  });

  test('the gate spec carries the rollback scaling choice', () => {
    const automation = { image: 'ghcr.io/acme/canary-kit-gate:0.1.0' };
    const manifests = synthesize({ ...everyRoute({ scaleCanaryToZeroOnRollback: false }), automation });
    const configMap = byKind(manifests, 'ConfigMap', 'checkout-gate-spec');
    const spec = parse((configMap.data as Record<string, string>)['spec.yaml']) as CanaryServiceSpec;
    assert.equal(spec.workload.scaleCanaryToZeroOnRollback, false);
  });
});
