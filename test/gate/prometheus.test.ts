/**
 * The gate's decision table against a real Prometheus on 127.0.0.1, backfilled with Istio
 * telemetry by the shared harness (test/support/prometheus). Each service of the scenario is one
 * case; the gate selects it by the core's mesh selector (destination_service_name and
 * destination_version="canary"|"stable").
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { CanaryServiceSpec, KubeManifest, synthesize } from '../../lib';
import { assertClose } from '../support/prometheus/assert-close';
import { usePrometheus } from '../support/prometheus/fixture';
import { expectedHistogramQuantile } from '../support/prometheus/histogram';
import { LatencyPoint, TelemetryScenario, WorkloadTraffic } from '../support/prometheus/istio-telemetry';
import { buildIstioOpenMetrics, FIXED_END_TIME_SECONDS } from '../support/prometheus/openmetrics';
import { meshDeploymentGauges } from '../support/prometheus/kube-state-metrics';
import { describeWithPrometheusTools } from '../support/prometheus/require-tools';
import { startPrometheus } from '../support/prometheus/server';
import { FakeCluster, readyDeployment } from './support/fake-cluster';
import { startTestServer } from './support/http-server';
import { runGateCli } from './support/run-gate-cli';
import { changedLines, commentedSpecFile, meshSpec, writeTempFile } from './support/specs';

const T = FIXED_END_TIME_SECONDS;
const FAST: LatencyPoint[] = [{ ms: 40, share: 1 }];
const SLOWER: LatencyPoint[] = [{ ms: 80, share: 1 }];

type Profile = Pick<WorkloadTraffic, 'requestsPerSecond' | 'successRatio' | 'latency'> &
  Partial<Pick<WorkloadTraffic, 'fromSeconds' | 'untilSeconds'>>;

/** The Istio series of one mesh service: `<name>-stable` and `<name>-canary` with their version labels. */
function meshService(name: string, stable: Profile, ...canaries: Profile[]): WorkloadTraffic[] {
  const base = { namespace: 'shop', service: name, sourceReporter: false as const };
  return [
    { ...base, workload: `${name}-stable`, version: 'stable', ...stable },
    ...canaries.map((canary, index) => ({
      ...base,
      workload: index === 0 ? `${name}-canary` : `${name}-canary-${index}`,
      version: 'canary',
      ...canary,
    })),
  ];
}

const STABLE: Profile = { requestsPerSecond: 9, successRatio: 0.999, latency: FAST };
const HEALTHY_CANARY: Profile = { requestsPerSecond: 1, successRatio: 0.999, latency: FAST };

const SCENARIO: TelemetryScenario = {
  durationSeconds: 1800,
  stepSeconds: 15,
  workloads: [
    ...meshService('healthy', STABLE, HEALTHY_CANARY),
    ...meshService('errors', STABLE, { ...HEALTHY_CANARY, successRatio: 0.9 }),
    // One request per 15 s scrape: 20 requests in the 5m window.
    ...meshService('low', STABLE, { ...HEALTHY_CANARY, requestsPerSecond: 1 / 15 }),
    ...meshService('nocanary', STABLE),
    ...meshService('slow', STABLE, { ...HEALTHY_CANARY, latency: SLOWER }),
    ...meshService('allfail', STABLE, { ...HEALTHY_CANARY, successRatio: 0 }),
    ...meshService('ztest', STABLE, { ...HEALTHY_CANARY, requestsPerSecond: 2, successRatio: 0.97 }),
    // Healthy for 25 minutes, then failing for the last 5: a second canary pod set takes over.
    ...meshService(
      'recent',
      STABLE,
      { ...HEALTHY_CANARY, untilSeconds: 1500 },
      { ...HEALTHY_CANARY, successRatio: 0.9, fromSeconds: 1500 },
    ),
  ],
  // kube-state-metrics: the gitops gate reads the canary's replicas before it gives a share.
  gauges: meshDeploymentGauges('shop', 'healthy', { replicas: 2 }, { replicas: 1 }),
};

const json = (file: string, url: string, ...extra: string[]) => [
  '--spec',
  file,
  '--prometheus',
  url,
  '--time',
  String(T),
  '--format',
  'json',
  ...extra,
];

function specFile(name: string, overrides: Partial<CanaryServiceSpec> = {}): string {
  return writeTempFile(`${JSON.stringify(meshSpec(name, overrides), null, 2)}\n`, `${name}.json`);
}

describeWithPrometheusTools('canary-kit gate against a real Prometheus', () => {
  const prometheus = usePrometheus(() => ({ openMetrics: buildIstioOpenMetrics(SCENARIO) }));

  test('healthy canary: advance to the next stage, exit 0, with the measured values recorded', async () => {
    const run = await runGateCli(json(specFile('healthy'), prometheus.url));
    assert.equal(run.code, 0, run.stderr);
    const record = run.record;
    assert.ok(record);
    assert.equal(record.decision, 'advance');
    assert.deepEqual(record.target, { kind: 'stage', stage: 'half', canaryWeight: 50 });
    assert.deepEqual(record.position, { canaryWeight: 10, stage: 'ten', source: 'spec' });
    assert.ok(record.measured);
    assertClose(record.measured.canary.requests.value as number, 300, '', 1e-6);
    assertClose(record.measured.stable.requests.value as number, 2700, '', 1e-6);
    assertClose(record.measured.canary.successRatePercent.value as number, 99.9, '', 1e-9);
    assertClose(
      record.measured.canary.p99LatencyMs.value as number,
      expectedHistogramQuantile(0.99, FAST),
      '',
      1e-9,
    );
    assert.ok(record.checks.length === 5 && record.checks.every((c) => c.status === 'pass'));
    assert.deepEqual(record.earlierEvaluations, []);
    assert.ok(record.statistic && Math.abs(record.statistic.z) < 1e-6);
    assert.equal(record.time, '2024-01-01T00:00:00Z');
    assert.equal(record.exitCode, 0);
  });

  test('a base URL with a query string (a tenant parameter) still queries /api/v1/query and never prints the value', async () => {
    // Prometheus ignores parameters it does not know; before the fix the query path was appended
    // after the query string (`/?tenant=s3cret/api/v1/query?...`) and every query hit `/`.
    const url = `${prometheus.url}/?tenant=s3cret-token`;
    const run = await runGateCli(json(specFile('healthy'), url));
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.record?.decision, 'advance');
    assert.equal(run.record?.inputs.prometheus, `${prometheus.url}/?tenant=<redacted>`);
    assert.doesNotMatch(run.stdout + run.stderr, /s3cret/);
  });

  test('the gate evaluates the very PromQL the alerts use', async () => {
    const run = await runGateCli(json(specFile('healthy'), prometheus.url));
    const rule = synthesize(meshSpec('healthy')).find((m) => m.kind === 'PrometheusRule') as KubeManifest;
    const exprs = JSON.stringify(rule.spec);
    for (const reading of [
      run.record?.measured?.canary.successRatePercent,
      run.record?.measured?.canary.p99LatencyMs,
    ]) {
      assert.ok(reading && exprs.includes(JSON.stringify(reading.query).slice(1, -1)), reading?.query);
    }
  });

  test('canary with 10% errors and enough requests: rollback, exit 1', async () => {
    const run = await runGateCli(json(specFile('errors'), prometheus.url));
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.equal(run.record?.decision, 'rollback');
    assert.match(
      run.record?.reason ?? '',
      /canary success rate 90% is below the SLO 99% \(slo.successRatePercent\) over 300 requests/,
    );
    assert.deepEqual(run.record?.target, { kind: 'rollback', canaryWeight: 0 });
  });

  test('canary at 20 requests: hold, exit 3', async () => {
    const run = await runGateCli(json(specFile('low'), prometheus.url));
    assert.equal(run.code, 3);
    assert.equal(run.record?.decision, 'hold');
    assert.match(
      run.record?.reason ?? '',
      /only 20 canary requests in the last 5m; a verdict needs at least 100/,
    );
  });

  test('no canary series: hold, exit 3 (no data is not 0% errors)', async () => {
    const run = await runGateCli(json(specFile('nocanary'), prometheus.url));
    assert.equal(run.code, 3);
    assert.equal(run.record?.decision, 'hold');
    assert.match(run.record?.reason ?? '', /canary request count: no data/);
    assert.equal(run.record?.measured?.canary.requests.problem, 'no-data');
  });

  test('canary p99 twice the stable p99 with slo.maxLatencyRatio 1.5: rollback', async () => {
    const run = await runGateCli(json(specFile('slow'), prometheus.url));
    assert.equal(run.code, 1);
    assert.equal(run.record?.decision, 'rollback');
    assertClose(
      run.record?.derived?.latencyRatio as number,
      expectedHistogramQuantile(0.99, SLOWER) / expectedHistogramQuantile(0.99, FAST),
    );
    assert.match(
      run.record?.reason ?? '',
      /is 2x stable's 49.8 ms, above the limit 1.5x \(slo.maxLatencyRatio\)/,
    );
  });

  test('a canary answering only 5xx (no success series at all) still rolls back', async () => {
    const run = await runGateCli(json(specFile('allfail'), prometheus.url));
    assert.equal(run.code, 1, run.stdout);
    assert.equal(run.record?.measured?.canary.successRatePercent.value, 0);
    assert.equal(run.record?.derived?.canarySuccessRatePercent, 0);
    assert.match(run.record?.reason ?? '', /canary success rate 0% is below the SLO 99%/);
  });

  test('a canary within the SLO but significantly worse than stable: rollback by the z-test', async () => {
    const slo = {
      successRatePercent: 95,
      p99LatencyMs: 500,
      maxLatencyRatio: 1.5,
      minRequests: 100,
      window: '5m',
    };
    const run = await runGateCli(json(specFile('ztest', { slo }), prometheus.url));
    assert.equal(run.code, 1, run.stdout);
    const checks = Object.fromEntries(run.record?.checks.map((c) => [c.id, c.status]) ?? []);
    assert.equal(checks['canary-success-rate'], 'pass');
    assert.equal(checks['error-rate-vs-stable'], 'fail');
    // 18 errors in 600 (3%) vs 2.7 in 2700 (0.1%): pooled p = 20.7 / 3300 = 0.006273,
    // z = 0.029 / sqrt(0.006273 * 0.993727 * (1/600 + 1/2700)) = 8.14.
    assertClose(run.record?.statistic?.z as number, 8.14, '', 0.001);
  });

  test('failuresBeforeRollback 2: a canary failing only now holds; one failing at both evaluations rolls back', async () => {
    const automation = {
      image: 'ghcr.io/acme/canary-kit-gate:0.1.0',
      schedule: '*/10 * * * *',
      failuresBeforeRollback: 2,
    };
    const recent = await runGateCli(json(specFile('recent', { automation }), prometheus.url));
    assert.equal(recent.code, 3, recent.stdout);
    assert.match(recent.record?.reason ?? '', /but only 1 of the 2 consecutive failing evaluations/);
    assert.equal(recent.record?.decision, 'hold');
    assert.equal(recent.record?.checks.find((c) => c.id === 'canary-success-rate')?.status, 'fail');
    assert.deepEqual(
      recent.record?.earlierEvaluations.map((e) => [e.time, e.decision]),
      [['2023-12-31T23:50:00Z', 'advance']],
    );
    const errors = await runGateCli(json(specFile('errors', { automation }), prometheus.url));
    assert.equal(errors.code, 1);
    assert.equal(errors.record?.earlierEvaluations.length, 1);
    assert.equal(errors.record?.earlierEvaluations[0].decision, 'rollback');
    // The same canary with the default of 1 rolls back at once.
    assert.equal((await runGateCli(json(specFile('recent'), prometheus.url))).code, 1);
  });

  test('text output names the decision, the checks and the exit code', async () => {
    const run = await runGateCli([
      '--spec',
      specFile('errors'),
      '--prometheus',
      prometheus.url,
      '--time',
      String(T),
    ]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^canary-kit gate: ROLLBACK shop\/errors at stage 'ten' \(10%\)\n/);
    assert.match(run.stdout, /\n {2}FAIL {5}canary-success-rate +canary success rate 90%/);
    assert.match(run.stdout, /\nexit code: 1\n$/);
  });

  describe('--apply gitops', () => {
    test('advancing a commented spec file changes only the stage line', async () => {
      const original = commentedSpecFile('healthy');
      const file = writeTempFile(original);
      const run = await runGateCli(json(file, prometheus.url, '--apply', 'gitops'));
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.equal(run.record?.apply.status, 'applied');
      assert.deepEqual(changedLines(original, readFileSync(file, 'utf8')), [
        '-  stage: ten   # current stage',
        '-  stageStartedAt: "2023-12-31T12:00:00Z"',
        '+  stage: half   # current stage',
        '+  stageStartedAt: "2024-01-01T00:00:00Z"',
      ]);
    });

    test('a rollback records itself in the file; the next run holds and leaves the file alone', async () => {
      const original = commentedSpecFile('errors');
      const file = writeTempFile(original);
      const run = await runGateCli(json(file, prometheus.url, '--apply', 'gitops'));
      assert.equal(run.code, 1);
      const after = readFileSync(file, 'utf8');
      const diff = changedLines(original, after);
      assert.deepEqual(diff.slice(0, 4), [
        '-  stage: ten   # current stage',
        '-  stageStartedAt: "2023-12-31T12:00:00Z"',
        '+  canaryWeight: 0   # current stage',
        '+  rollback:',
      ]);
      const spec = parse(after) as CanaryServiceSpec;
      assert.deepEqual(spec.traffic?.rollback?.at, '2024-01-01T00:00:00Z');
      assert.equal(spec.traffic?.rollback?.previousCanaryWeight, 10);
      assert.match(
        spec.traffic?.rollback?.reason ?? '',
        /^canary-kit gate at stage 'ten' \(10%\): canary success rate 90%/,
      );

      const again = await runGateCli(json(file, prometheus.url, '--apply', 'gitops'));
      assert.equal(again.code, 3);
      assert.match(again.record?.reason ?? '', /rolled back at 2024-01-01T00:00:00Z/);
      assert.equal(again.record?.measured, null);
      assert.equal(readFileSync(file, 'utf8'), after);
    });

    test('a healthy canary at the last stage is promoted: canary image to stable, share back to 0', async () => {
      const original = commentedSpecFile('healthy').replace('stage: ten', 'stage: half');
      const file = writeTempFile(original);
      const run = await runGateCli(json(file, prometheus.url, '--apply', 'gitops'));
      assert.equal(run.code, 0, run.stdout);
      assert.deepEqual(run.record?.target, { kind: 'promote' });
      assert.deepEqual(changedLines(original, readFileSync(file, 'utf8')), [
        '-  image: ghcr.io/acme/checkout:1.4.2',
        '+  image: ghcr.io/acme/checkout:1.5.0',
        '-  stage: half   # current stage',
        '-  stageStartedAt: "2023-12-31T12:00:00Z"',
        '+  canaryWeight: 0   # current stage',
      ]);
    });

    test('a hold writes nothing', async () => {
      const original = commentedSpecFile('low');
      const file = writeTempFile(original);
      const run = await runGateCli(json(file, prometheus.url, '--apply', 'gitops'));
      assert.equal(run.code, 3);
      assert.equal(run.record?.apply.status, 'unchanged');
      assert.equal(readFileSync(file, 'utf8'), original);
    });

    test('--stage must match the file, or nothing is decided (exit 2)', async () => {
      const file = writeTempFile(commentedSpecFile('healthy'));
      const run = await runGateCli(json(file, prometheus.url, '--apply', 'gitops', '--stage', 'one'));
      assert.equal(run.code, 2);
      assert.match(run.stderr, /--stage 'one' but the rollout is at stage 'ten' \(10%\)/);
      assert.equal(readFileSync(file, 'utf8'), commentedSpecFile('healthy'));
    });
  });

  describe('--apply in-cluster (the CronJob path, with an in-memory API server)', () => {
    /** The rendered ConfigMap spec and VirtualService of a service at stage ten, with automation. */
    function cluster(name: string) {
      const automation = { image: 'ghcr.io/acme/canary-kit-gate:0.1.0', schedule: '*/2 * * * *' };
      const manifests = synthesize(meshSpec(name, { automation }));
      const configMap = manifests.find((m) => m.metadata.name === `${name}-gate-spec`) as KubeManifest;
      const file = writeTempFile((configMap.data as Record<string, string>)['spec.yaml']);
      const vs = manifests.find((m) => m.kind === 'VirtualService') as KubeManifest;
      const fake = new FakeCluster(vs, {
        [`${name}-canary`]: readyDeployment(`${name}-canary`),
        [`${name}-stable`]: readyDeployment(`${name}-stable`, 2),
      });
      return { file, fake, vs };
    }
    const weights = (vs: KubeManifest) => {
      const http = (vs.spec as { http: Array<{ name: string; route: Array<{ weight: number }> }> }).http;
      return http.find((r) => r.name === 'default')?.route.map((d) => d.weight);
    };

    test('a healthy canary: the live weights move to the next stage, nothing else changes', async () => {
      const { file, fake, vs } = cluster('healthy');
      const run = await runGateCli(json(file, prometheus.url, '--apply', 'in-cluster'), {
        clusterApi: async () => fake,
      });
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.deepEqual(run.record?.position, { canaryWeight: 10, stage: 'ten', source: 'virtual-service' });
      assert.equal(run.record?.apply.status, 'applied');
      assert.deepEqual(weights(fake.virtualService), [50, 50]);
      const expected = JSON.parse(JSON.stringify(vs)) as KubeManifest;
      const route = (expected.spec as { http: Array<{ route: Array<{ weight: number }> }> }).http.at(
        -1,
      )?.route;
      if (route) [route[0].weight, route[1].weight] = [50, 50];
      // The stage clock moves with the stage, in the same patch.
      Object.assign(expected.metadata.annotations ?? {}, {
        'canary-kit.dev/stage': 'half',
        'canary-kit.dev/stage-started-at': '2024-01-01T00:00:00Z',
      });
      assert.equal(JSON.stringify(fake.virtualService), JSON.stringify(expected));
      assert.deepEqual(fake.calls, [
        'get VirtualService shop/healthy',
        'get Deployment shop/healthy-stable',
        'get Deployment shop/healthy-canary',
        'patch VirtualService shop/healthy',
      ]);
    });

    test('a failing canary: weights go to 100/0', async () => {
      const { file, fake } = cluster('errors');
      const run = await runGateCli(json(file, prometheus.url, '--apply', 'in-cluster'), {
        clusterApi: async () => fake,
      });
      assert.equal(run.code, 1);
      assert.deepEqual(weights(fake.virtualService), [100, 0]);
    });

    test('weights changed by someone else between read and patch: reported as a conflict, not retried', async () => {
      const { file, fake } = cluster('healthy');
      fake.beforePatch = () => {
        const http = (
          fake.virtualService.spec as { http: Array<{ name: string; route: Array<{ weight: number }> }> }
        ).http;
        const route = http.find((r) => r.name === 'default')?.route;
        if (route) [route[0].weight, route[1].weight] = [99, 1];
      };
      const run = await runGateCli(json(file, prometheus.url, '--apply', 'in-cluster'), {
        clusterApi: async () => fake,
      });
      assert.equal(run.code, 3, 'an advance that was not written is not an advance');
      assert.equal(run.record?.decision, 'advance');
      assert.equal(run.record?.apply.status, 'conflict');
      assert.match(
        run.record?.apply.detail ?? '',
        /changed after it was read \(stable 90 \/ canary 10\).*nothing was written/,
      );
      assert.equal(fake.patches.length, 1);
      assert.deepEqual(weights(fake.virtualService), [99, 1]);
    });

    test('a canary Deployment that is not rolled out holds a healthy canary', async () => {
      const { file, fake } = cluster('healthy');
      fake.deployments['healthy-canary'] = readyDeployment('healthy-canary', 2, 1);
      const run = await runGateCli(json(file, prometheus.url, '--apply', 'in-cluster'), {
        clusterApi: async () => fake,
      });
      assert.equal(run.code, 3);
      assert.match(
        run.record?.reason ?? '',
        /Deployment shop\/healthy-canary is not rolled out: 2 updated and 1 available of 2 replicas/,
      );
      assert.equal(fake.patches.length, 0);
    });

    test('the VirtualService cannot be read: hold', async () => {
      const { file, fake } = cluster('healthy');
      fake.virtualService = {
        ...fake.virtualService,
        metadata: { ...fake.virtualService.metadata, name: 'other' },
      };
      const run = await runGateCli(json(file, prometheus.url, '--apply', 'in-cluster'), {
        clusterApi: async () => fake,
      });
      assert.equal(run.code, 3);
      assert.match(
        run.record?.reason ?? '',
        /cannot read the live routing: get VirtualService shop\/healthy failed \(HTTP 404\)/,
      );
    });
  });
});

describeWithPrometheusTools('canary-kit gate when Prometheus fails', () => {
  test('Prometheus stopped mid-run: hold, with a clear message', async () => {
    const server = await startPrometheus({
      openMetrics: buildIstioOpenMetrics({
        ...SCENARIO,
        workloads: meshService('healthy', STABLE, HEALTHY_CANARY),
      }),
    });
    let queries = 0;
    const stopAfterTwo: typeof fetch = async (input, init) => {
      queries++;
      if (queries === 3) await server.stop();
      return fetch(input, init);
    };
    try {
      const run = await runGateCli(json(specFile('healthy'), server.url, '--timeout', '5s'), {
        fetch: stopAfterTwo,
      });
      assert.equal(run.code, 3, run.stdout);
      assert.equal(run.record?.decision, 'hold');
      // The first two answers were real; the rest failed.
      assert.ok(run.record?.measured?.canary.requests.value);
      assert.ok(run.record?.measured?.canary.successRatePercent.value);
      assert.equal(run.record?.measured?.canary.p99LatencyMs.problem, 'query-failed');
      assert.match(
        run.record?.reason ?? '',
        new RegExp(`Prometheus at ${server.url} is unreachable \\(.*ECONNREFUSED`),
      );
    } finally {
      await server.stop();
    }
  });
});

describe('canary-kit gate when Prometheus is slow or absent', () => {
  test('a server slower than --timeout: hold', async () => {
    const slow = await startTestServer(() => ({
      status: 200,
      body: '{"status":"success"}',
      delayMs: 10_000,
    }));
    try {
      const run = await runGateCli(json(specFile('healthy'), slow.url, '--timeout', '300ms'));
      assert.equal(run.code, 3);
      assert.equal(run.record?.decision, 'hold');
      assert.match(
        run.record?.reason ?? '',
        new RegExp(`Prometheus at ${slow.url} did not answer within 300 ms`),
      );
      // After the first timeout the other queries are not sent.
      assert.equal(slow.requests.length, 1);
    } finally {
      await slow.close();
    }
  });

  test('nothing listening: hold', async () => {
    const gone = await startTestServer(() => ({ status: 500, body: '' }));
    await gone.close();
    const run = await runGateCli(json(specFile('healthy'), gone.url));
    assert.equal(run.code, 3);
    assert.match(run.record?.reason ?? '', /is unreachable/);
  });

  test('an HTTP error page instead of the API: hold', async () => {
    const proxy = await startTestServer(() => ({
      status: 502,
      body: '<html>Bad Gateway</html>',
      headers: { 'content-type': 'text/html' },
    }));
    try {
      const run = await runGateCli(json(specFile('healthy'), proxy.url));
      assert.equal(run.code, 3);
      assert.match(run.record?.reason ?? '', /answered HTTP 502: <html>Bad Gateway<\/html>/);
    } finally {
      await proxy.close();
    }
  });
});
