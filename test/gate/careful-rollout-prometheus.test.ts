/**
 * Issue 15 against a real Prometheus (backfilled Istio telemetry, like prometheus.test.ts): a
 * healthy canary does not advance before its stage's minimum time and does after it; a canary that
 * meets the SLO but not the promotion criteria holds and never rolls back; a failing canary rolls
 * back at once and ends with zero canary replicas; the canary's replicas follow its share.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CanaryServiceSpec, KubeManifest, synthesize } from '../../lib';
import { usePrometheus } from '../support/prometheus/fixture';
import { LatencyPoint, TelemetryScenario, WorkloadTraffic } from '../support/prometheus/istio-telemetry';
import { buildIstioOpenMetrics, FIXED_END_TIME_SECONDS } from '../support/prometheus/openmetrics';
import { meshDeploymentGauges } from '../support/prometheus/kube-state-metrics';
import { describeWithPrometheusTools } from '../support/prometheus/require-tools';
import { runGateCli } from './support/run-gate-cli';
import { meshSpec, writeTempFile } from './support/specs';

const T = FIXED_END_TIME_SECONDS;
const FAST: LatencyPoint[] = [{ ms: 40, share: 1 }];

function service(name: string, canarySuccess: number): WorkloadTraffic[] {
  const base = { namespace: 'shop', service: name, sourceReporter: false as const, latency: FAST };
  return [
    { ...base, workload: `${name}-stable`, version: 'stable', requestsPerSecond: 9, successRatio: 0.999 },
    {
      ...base,
      workload: `${name}-canary`,
      version: 'canary',
      requestsPerSecond: 2,
      successRatio: canarySuccess,
    },
  ];
}

const SCENARIO: TelemetryScenario = {
  durationSeconds: 1800,
  stepSeconds: 15,
  workloads: [
    ...service('steady', 0.999),
    // 99.6%: above the SLO's 99% and not significantly worse than stable, below a 99.9% promotion bar.
    ...service('middling', 0.996),
    ...service('failing', 0.9),
    ...service('scaling', 0.999),
    ...service('noksm', 0.999),
    ...service('fixedsmall', 0.999),
  ],
  // kube-state-metrics of the Deployments (noksm has none): 10 stable replicas everywhere.
  gauges: [
    ...meshDeploymentGauges('shop', 'steady', { replicas: 10 }, { replicas: 5 }),
    ...meshDeploymentGauges('shop', 'scaling', { replicas: 10 }, { replicas: 5, available: 2, updated: 5 }),
    ...meshDeploymentGauges('shop', 'fixedsmall', { replicas: 10 }, { replicas: 1 }),
  ],
};

/** A spec at stage ten (minimum 1h) of one/ten/half with 10 stable replicas, begun `minutesAgo`. */
function file(
  name: string,
  minutesAgo: number,
  traffic: Record<string, unknown> = {},
  workload: Record<string, unknown> = {},
): string {
  const base = meshSpec(name);
  const spec: CanaryServiceSpec = {
    ...base,
    workload: { ...base.workload, replicas: 10, ...workload },
    traffic: {
      ...base.traffic,
      stages: [
        { name: 'one', canaryWeight: 1 },
        { name: 'ten', canaryWeight: 10, minDuration: '1h' },
        { name: 'half', canaryWeight: 50 },
      ],
      stageStartedAt: new Date((T - minutesAgo * 60) * 1000).toISOString().replace('.000Z', 'Z'),
      ...traffic,
    },
  };
  return writeTempFile(`${JSON.stringify(spec, null, 2)}\n`, `${name}.json`);
}

function canaryReplicas(path: string): number | undefined {
  const manifests = synthesize(JSON.parse(readFileSync(path, 'utf8')) as CanaryServiceSpec);
  const canary = manifests.find(
    (m: KubeManifest) => m.kind === 'Deployment' && m.metadata.name.endsWith('-canary'),
  );
  return (canary?.spec as { replicas?: number }).replicas;
}

describeWithPrometheusTools('issue 15 on a real Prometheus', () => {
  const prometheus = usePrometheus(() => ({ openMetrics: buildIstioOpenMetrics(SCENARIO) }));
  const args = (path: string, ...extra: string[]) => [
    '--spec',
    path,
    '--prometheus',
    prometheus.url,
    '--time',
    String(T),
    '--format',
    'json',
    ...extra,
  ];

  test('a healthy canary holds 59 minutes into a 1h stage and advances after 61, its replicas following the share', async () => {
    const early = await runGateCli(args(file('steady', 59), '--apply', 'gitops'));
    assert.equal(early.code, 3, early.stdout + early.stderr);
    assert.ok(early.record?.checks.every((c) => c.status === 'pass'));
    assert.match(early.record?.reason ?? '', /must hold for at least 1h/);

    const path = file('steady', 61, { nextCanaryWeight: 50 });
    assert.equal(canaryReplicas(path), 5, 'sized for 50% of 10 stable replicas ahead of the share');
    const late = await runGateCli(args(path, '--apply', 'gitops'));
    assert.equal(late.code, 0, late.stdout + late.stderr);
    assert.deepEqual(late.record?.target, { kind: 'stage', stage: 'half', canaryWeight: 50 });
    assert.equal(late.record?.canaryReadiness?.ready, true);
    assert.equal(late.record?.canaryReadiness?.required, 5);
    assert.equal(canaryReplicas(path), 5, '50% of 10 stable replicas');
    const spec = JSON.parse(readFileSync(path, 'utf8')) as CanaryServiceSpec;
    assert.equal(spec.traffic?.nextCanaryWeight, undefined, 'removed with the share it sized for');
  });

  test('gitops never gives a share to a canary too small for it: it sizes the canary first, then waits for the pods', async () => {
    // During the stage's minimum time: the canary is sized for the next share already.
    const path = file('steady', 30);
    assert.equal(canaryReplicas(path), 1, '10% of 10 stable replicas');
    const during = await runGateCli(args(path, '--apply', 'gitops'));
    assert.equal(during.code, 3, during.stdout);
    assert.equal(during.record?.decision, 'hold');
    assert.equal(during.record?.target, null);
    assert.equal(during.record?.apply.status, 'applied');
    assert.deepEqual(during.record?.apply.changes, ['traffic.nextCanaryWeight: (absent) -> 50']);
    assert.match(
      during.record?.reason ?? '',
      /must hold for at least 1h.*meanwhile traffic\.nextCanaryWeight: 50/,
    );
    assert.equal(canaryReplicas(path), 5, 'the canary grows, the weights stay');
    const spec = JSON.parse(readFileSync(path, 'utf8')) as CanaryServiceSpec;
    assert.equal(spec.traffic?.stage, 'ten');

    // After it, a spec that still sizes the canary for 10%: the same edit, now the only reason to hold.
    const after = file('steady', 61);
    const sized = await runGateCli(args(after, '--apply', 'gitops'));
    assert.equal(sized.code, 3, sized.stdout);
    assert.match(
      sized.record?.reason ?? '',
      /needs 5 canary replicas and the spec sizes the canary for 1: traffic\.nextCanaryWeight: 50 sizes it first/,
    );
    assert.equal(canaryReplicas(after), 5);

    // After it, with the pods not yet available: hold, the file untouched.
    const waiting = file('scaling', 61, { nextCanaryWeight: 50 });
    const before = readFileSync(waiting, 'utf8');
    const run = await runGateCli(args(waiting, '--apply', 'gitops'));
    assert.equal(run.code, 3, run.stdout);
    assert.equal(run.record?.decision, 'hold');
    assert.match(
      run.record?.reason ?? '',
      /shop\/scaling-canary is not rolled out: 5 updated and 2 available of 5 replicas/,
    );
    assert.equal(run.record?.canaryReadiness?.source, 'prometheus');
    assert.equal(run.record?.canaryReadiness?.canary.available, 2);
    assert.equal(readFileSync(waiting, 'utf8'), before);
  });

  test('gitops without kube-state-metrics data holds and says why (never advances without evidence)', async () => {
    const path = file('noksm', 61, { nextCanaryWeight: 50 });
    const run = await runGateCli(args(path, '--apply', 'gitops'));
    assert.equal(run.code, 3, run.stdout);
    assert.equal(run.record?.decision, 'hold');
    assert.match(
      run.record?.reason ?? '',
      /cannot tell from kube-state-metrics in Prometheus whether Deployment shop\/noksm-canary has the replicas 50% needs: noksm-stable spec\.replicas: no data/,
    );
    assert.equal(run.record?.apply.status, 'unchanged');
    assert.ok(
      run.record?.canaryReadiness?.queries.some((q) =>
        q.query.includes('kube_deployment_status_replicas_available'),
      ),
    );
  });

  test('a fixed canary smaller than the next share needs holds with the fix', async () => {
    const path = file('fixedsmall', 61, {}, { canaryReplicas: 1 });
    const run = await runGateCli(args(path, '--apply', 'gitops'));
    assert.equal(run.code, 3, run.stdout);
    assert.match(
      run.record?.reason ?? '',
      /has 1 available replicas, and 50% of stable's 10 replicas needs 5 \(workload.canaryScaling: fixed\); raise workload.canaryReplicas/,
    );
    assert.equal(run.record?.apply.status, 'unchanged');
  });

  test('a canary within the SLO but below the promotion criteria holds, and never rolls back', async () => {
    const without = await runGateCli(args(file('middling', 120)));
    assert.equal(without.code, 0, 'the SLO alone would advance it');
    const strict = await runGateCli(
      args(file('middling', 120, { promotionCriteria: { successRatePercent: 99.9 } })),
    );
    assert.equal(strict.code, 3, strict.stdout);
    assert.equal(strict.record?.decision, 'hold');
    assert.match(strict.record?.reason ?? '', /not the promotion criteria/);
    assert.equal(
      strict.record?.promotionChecks.find((c) => c.id === 'promotion-success-rate')?.status,
      'fail',
    );
  });

  test('a failing canary one minute into its stage rolls back at once and ends with zero canary replicas', async () => {
    const path = file('failing', 1);
    const run = await runGateCli(args(path, '--apply', 'gitops'));
    assert.equal(run.code, 1, run.stdout);
    assert.equal(canaryReplicas(path), 0);
  });
});
