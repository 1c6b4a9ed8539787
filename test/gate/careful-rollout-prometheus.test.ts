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
  ],
};

/** A spec at stage ten (minimum 1h) of one/ten/half with 10 stable replicas, begun `minutesAgo`. */
function file(name: string, minutesAgo: number, traffic: Record<string, unknown> = {}): string {
  const base = meshSpec(name);
  const spec: CanaryServiceSpec = {
    ...base,
    workload: { ...base.workload, replicas: 10 },
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

    const path = file('steady', 61);
    assert.equal(canaryReplicas(path), 1, '10% of 10 stable replicas');
    const late = await runGateCli(args(path, '--apply', 'gitops'));
    assert.equal(late.code, 0, late.stdout + late.stderr);
    assert.deepEqual(late.record?.target, { kind: 'stage', stage: 'half', canaryWeight: 50 });
    assert.equal(canaryReplicas(path), 5, '50% of 10 stable replicas');
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
