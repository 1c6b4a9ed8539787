/**
 * Tests of the real-Prometheus harness itself: a known series queried back gives the known value,
 * so a broken backfill, a wrong time anchor or a mislabelled series cannot let the query tests pass.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertClose } from '../support/prometheus/assert-close';
import { usePrometheus } from '../support/prometheus/fixture';
import { expectedHistogramQuantile } from '../support/prometheus/histogram';
import {
  ISTIO_DURATION_BUCKETS_MS,
  planIstioSeries,
  type TelemetryScenario,
} from '../support/prometheus/istio-telemetry';
import { buildIstioOpenMetrics, FIXED_END_TIME_SECONDS } from '../support/prometheus/openmetrics';
import { checkRules, describeResult, testRules } from '../support/prometheus/promtool';
import { buildPromtoolInputSeries, expandingNotation } from '../support/prometheus/promtool-series';
import { query, queryValue } from '../support/prometheus/query';
import {
  describeWithPrometheusTools,
  PROMETHEUS_INSTALL_HINT,
  prometheusToolsVerdict,
} from '../support/prometheus/require-tools';
import { startSlowPrometheus } from '../support/prometheus/slow-server';
import { startPrometheus } from '../support/prometheus/server';

const T = FIXED_END_TIME_SECONDS;
const SLOW = [
  { ms: 40, share: 0.98 },
  { ms: 800, share: 0.02 },
];

/** Two workloads with different numbers, an idle one and a late one, both reporters. */
const scenario: TelemetryScenario = {
  durationSeconds: 1800,
  stepSeconds: 15,
  workloads: [
    {
      workload: 'checkout-primary',
      namespace: 'shop',
      service: 'checkout',
      requestsPerSecond: 10,
      successRatio: 0.9,
      latency: [{ ms: 40, share: 1 }],
      pods: 2,
    },
    {
      workload: 'checkout',
      namespace: 'shop',
      service: 'checkout',
      requestsPerSecond: 4,
      successRatio: 0.98,
      clientErrorRatio: 0.1,
      latency: SLOW,
      sourceReporter: { successRatio: 0.5 },
    },
    {
      workload: 'checkout-idle',
      namespace: 'shop',
      service: 'checkout',
      requestsPerSecond: 2,
      successRatio: 1,
      latency: [{ ms: 5, share: 1 }],
      untilSeconds: 900,
    },
    {
      workload: 'checkout-late',
      namespace: 'shop',
      service: 'checkout',
      requestsPerSecond: 2,
      successRatio: 1,
      latency: [{ ms: 5, share: 1 }],
      fromSeconds: 1500,
    },
  ],
};

const dest = (workload: string, extra = ''): string =>
  `reporter="destination",destination_workload_namespace="shop",destination_workload="${workload}"${extra}`;

describe('OpenMetrics builder', () => {
  const text = buildIstioOpenMetrics(scenario);

  test('ends with # EOF and is deterministic', () => {
    assert.ok(text.endsWith('\n# EOF\n'));
    assert.equal(buildIstioOpenMetrics(scenario), text);
  });

  test('declares the counter family without _total and the histogram family', () => {
    assert.match(text, /^# TYPE istio_requests counter$/m);
    assert.match(text, /^# TYPE istio_request_duration_milliseconds histogram$/m);
    assert.equal(text.match(/^# TYPE /gm)?.length, 2);
  });

  test('every counter, bucket, count and sum is monotonic and buckets grow with le', () => {
    for (const series of planIstioSeries(scenario)) {
      const present = series.values.filter((value): value is number => value !== undefined);
      for (let i = 1; i < present.length; i++) {
        assert.ok(present[i] >= present[i - 1], `${series.name} ${JSON.stringify(series.labels)} decreases`);
      }
    }
    const buckets = planIstioSeries(scenario).filter((s) => s.name.endsWith('_bucket'));
    const first = buckets
      .slice(0, ISTIO_DURATION_BUCKETS_MS.length + 1)
      .map((s) => s.values.at(-1) as number);
    assert.deepEqual(
      first,
      [...first].sort((a, b) => a - b),
    );
  });

  test('uses Istio (Envoy) default buckets and both reporters', () => {
    assert.deepEqual(
      ISTIO_DURATION_BUCKETS_MS,
      [
        0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000,
        3600000,
      ],
    );
    assert.match(text, /reporter="source"/);
    assert.match(text, /reporter="destination"/);
    assert.match(text, /le="\+Inf"/);
  });

  test('a late workload has no samples before it starts', () => {
    const late = planIstioSeries(scenario).find((s) =>
      s.labels.some(([k, v]) => k === 'destination_workload' && v === 'checkout-late'),
    );
    assert.ok(late);
    assert.equal(late.values[0], undefined);
    assert.equal(late.values[100], 0);
  });
});

describe('promtool expanding notation', () => {
  test('compresses runs of missing samples and arithmetic runs', () => {
    assert.equal(expandingNotation([undefined, undefined, 0, 10, 20, 30, 30, 30]), '_x2 0+10x3 30+0x1');
    assert.equal(expandingNotation([5]), '5');
    assert.equal(expandingNotation([0, 1.5, 3]), '0+1.5x2');
  });

  test('renders one input series per planned series', () => {
    const input = buildPromtoolInputSeries(scenario);
    assert.equal(input.length, planIstioSeries(scenario).length);
    assert.ok(input.every((one) => one.series.startsWith('istio_')));
  });
});

describe('tool requirement', () => {
  test('missing binaries fail with the install command', () => {
    const verdict = prometheusToolsVerdict({ PATH: '' });
    assert.equal(verdict.action, 'fail');
    assert.match(verdict.message, new RegExp(PROMETHEUS_INSTALL_HINT));
  });

  test('the skip variable skips locally but never in CI', () => {
    assert.equal(prometheusToolsVerdict({ PATH: '', CANARY_KIT_SKIP_PROMETHEUS: '1' }).action, 'skip');
    const inCi = prometheusToolsVerdict({ PATH: '', CANARY_KIT_SKIP_PROMETHEUS: '1', CI: 'true' });
    assert.equal(inCi.action, 'fail');
    assert.match(inCi.message, /install with: apt-get install -y prometheus/);
  });
});

describeWithPrometheusTools('real Prometheus server with backfilled Istio telemetry', () => {
  const prometheus = usePrometheus(() => ({ openMetrics: buildIstioOpenMetrics(scenario) }));

  test('a raw counter reads back its exact backfilled value at the fixed time', async () => {
    // 10 rps * 15 s * 90% / 2 pods = 67.5 per scrape per pod, 120 scrapes.
    const value = await queryValue(
      prometheus.url,
      `sum(istio_requests_total{${dest('checkout-primary', ',response_code="200"')}})`,
      T,
    );
    assertClose(value, 67.5 * 120 * 2);
  });

  test('each pod is its own series', async () => {
    const result = await query(
      prometheus.url,
      `istio_requests_total{${dest('checkout-primary', ',response_code="200"')}}`,
      T,
    );
    assert.equal(result.resultType, 'vector');
    assert.equal(result.resultType === 'vector' ? result.samples.length : 0, 2);
  });

  test('rates and success ratio read back the described traffic', async () => {
    assertClose(
      await queryValue(prometheus.url, `sum(rate(istio_requests_total{${dest('checkout')}}[1m]))`, T),
      4,
    );
    const success = `sum(rate(istio_requests_total{${dest('checkout', ',response_code!~"5.*"')}}[1m])) / sum(rate(istio_requests_total{${dest('checkout')}}[1m])) * 100`;
    assertClose(await queryValue(prometheus.url, success, T), 98);
    const primary = success.replaceAll(
      'destination_workload="checkout"',
      'destination_workload="checkout-primary"',
    );
    assertClose(await queryValue(prometheus.url, primary, T), 90);
  });

  test('4xx responses exist and are not 5xx', async () => {
    const notFound = `sum(rate(istio_requests_total{${dest('checkout', ',response_code="404"')}}[1m]))`;
    assertClose(await queryValue(prometheus.url, notFound, T), 0.4);
  });

  test('a query without reporter= counts every request twice', async () => {
    const both = `sum(rate(istio_requests_total{destination_workload="checkout"}[1m]))`;
    assertClose(await queryValue(prometheus.url, both, T), 8);
    const sourceSuccess = `sum(rate(istio_requests_total{reporter="source",destination_workload="checkout",response_code!~"5.*"}[1m])) / sum(rate(istio_requests_total{reporter="source",destination_workload="checkout"}[1m]))`;
    assertClose(await queryValue(prometheus.url, sourceSuccess, T), 0.5);
  });

  test('p99 reads the value interpolated in the histogram bucket', async () => {
    const p99 = `histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${dest('checkout')}}[1m])))`;
    const expected = expectedHistogramQuantile(0.99, SLOW);
    assert.equal(expected, 750); // 98% at 40 ms, 2% at 800 ms: the (500, 1000] bucket, half-way.
    assertClose(await queryValue(prometheus.url, p99, T), expected);
    const mean = `sum(rate(istio_request_duration_milliseconds_sum{${dest('checkout')}}[1m])) / sum(rate(istio_request_duration_milliseconds_count{${dest('checkout')}}[1m]))`;
    assertClose(await queryValue(prometheus.url, mean, T), 0.98 * 40 + 0.02 * 800);
  });

  test('a stopped workload has flat counters and a late one no series before it starts', async () => {
    assertClose(
      await queryValue(prometheus.url, `sum(rate(istio_requests_total{${dest('checkout-idle')}}[1m]))`, T),
      0,
    );
    const early = await query(prometheus.url, `istio_requests_total{${dest('checkout-late')}}`, T - 600);
    assert.deepEqual(early.resultType === 'vector' ? early.samples : 'not a vector', []);
    assertClose(
      await queryValue(prometheus.url, `sum(rate(istio_requests_total{${dest('checkout-late')}}[1m]))`, T),
      2,
    );
  });

  test('nothing exists after the scenario (beyond the lookback) or before it', async () => {
    const after = await query(prometheus.url, `istio_requests_total`, T + 3600);
    assert.deepEqual(after.resultType === 'vector' ? after.samples : 'not a vector', []);
    const before = await query(prometheus.url, `istio_requests_total`, T - 1800 - 3600);
    assert.deepEqual(before.resultType === 'vector' ? before.samples : 'not a vector', []);
  });

  test('a bad query is reported with Prometheus error', async () => {
    await assert.rejects(query(prometheus.url, 'sum(rate(x[1m])', T), /Prometheus rejected the query/);
  });
});

describeWithPrometheusTools('server lifecycle', () => {
  test('stop() kills the server and an empty server answers with no data', async () => {
    const server = await startPrometheus();
    const result = await query(server.url, 'up', T);
    assert.deepEqual(result.resultType === 'vector' ? result.samples : 'not a vector', []);
    await server.stop();
    await server.stop();
    assert.throws(() => process.kill(server.pid, 0), /ESRCH/);
    await assert.rejects(query(server.url, 'up', T, 2000), /failed/);
  });

  test('a broken backfill fails startup with promtool output', async () => {
    await assert.rejects(
      startPrometheus({ openMetrics: 'not openmetrics\n# EOF\n' }),
      /create-blocks-from openmetrics failed/,
    );
    await assert.rejects(startPrometheus({ openMetrics: 'x 1 1\n' }), /must end with "# EOF"/);
  });
});

describeWithPrometheusTools('promtool wrappers', () => {
  const rules = {
    groups: [
      {
        name: 'g',
        rules: [{ alert: 'TooMany', expr: 'sum(rate(istio_requests_total[1m])) > 5', for: '1m' }],
      },
    ],
  };

  test('check rules passes a valid file and fails an invalid expression', async () => {
    const good = await checkRules(rules);
    assert.equal(good.exitCode, 0, describeResult(good));
    const bad = await checkRules({
      groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'sum(rate(x[1m])' }] }],
    });
    assert.notEqual(bad.exitCode, 0);
    assert.match(bad.stderr + bad.stdout, /parse error|unclosed|unexpected/i);
  });

  test('test rules passes a true expectation and fails a false one (so the wrapper cannot pass silently)', async () => {
    const input = buildPromtoolInputSeries({
      durationSeconds: 600,
      stepSeconds: 15,
      workloads: [
        {
          workload: 'w',
          namespace: 'n',
          service: 's',
          requestsPerSecond: 10,
          successRatio: 1,
          latency: [{ ms: 1, share: 1 }],
        },
      ],
    });
    const tests = (firing: boolean) => ({
      evaluation_interval: '15s',
      tests: [
        {
          interval: '15s',
          input_series: input,
          alert_rule_test: [
            {
              eval_time: '5m',
              alertname: 'TooMany',
              exp_alerts: firing ? [{ exp_labels: {}, exp_annotations: {} }] : [],
            },
          ],
        },
      ],
    });
    // 10 rps from each reporter: 20 > 5 for longer than 1m.
    const pass = await testRules(rules, tests(true));
    assert.equal(pass.exitCode, 0, describeResult(pass));
    const fail = await testRules(rules, tests(false));
    assert.notEqual(fail.exitCode, 0, describeResult(fail));
  });
});

describe('slow stand-in server', () => {
  test('a query that outlives its timeout is rejected, not answered empty', async () => {
    const slow = await startSlowPrometheus(60_000);
    try {
      await assert.rejects(query(slow.url, 'up', T, 200), /failed/);
      assert.equal(slow.queries(), 1);
    } finally {
      await slow.stop();
    }
  });
});
