/**
 * Custom metrics (`slo.metrics`, issue 14.1) on a real Prometheus server with backfilled Istio
 * telemetry: the MetricTemplate, rendered as Flagger renders it, reads the canary's value (not the
 * primary's), Flagger's threshold check fails on the unhealthy canary and passes on a healthy one,
 * and the alert's condition holds exactly when the check fails.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { synthesize, type CanaryServiceSpec, type KubeManifest } from '../../lib';
import { FULL_FLAGGER, spec } from '../fixtures/specs';
import { assertClose } from '../support/prometheus/assert-close';
import { emittedQueries } from '../support/prometheus/emitted-queries';
import { usePrometheus } from '../support/prometheus/fixture';
import type { TelemetryScenario } from '../support/prometheus/istio-telemetry';
import { buildIstioOpenMetrics, FIXED_END_TIME_SECONDS } from '../support/prometheus/openmetrics';
import { query, queryValue } from '../support/prometheus/query';
import { describeWithPrometheusTools } from '../support/prometheus/require-tools';
import { tracksFromManifests } from '../support/prometheus/tracks';
import { unhealthyAndHealthyScenario } from '../support/prometheus/two-track-traffic';

const SELECTOR =
  'reporter="destination",destination_workload_namespace="{{ namespace }}",destination_workload="{{ target }}"';
/** The canary's share of 4xx responses, in percent (0 when it answered none). */
const CLIENT_ERRORS = `(sum(rate(istio_requests_total{${SELECTOR},response_code=~"4.."}[{{ interval }}])) or on() vector(0)) / sum(rate(istio_requests_total{${SELECTOR}}[{{ interval }}])) * 100`;

const withMetric = (base: CanaryServiceSpec): CanaryServiceSpec => ({
  ...base,
  slo: { ...base.slo, metrics: [{ name: 'client-errors', query: CLIENT_ERRORS, max: 0.5 }] },
});

/** The canary answers 1% 4xx (two-track traffic); the same service elsewhere answers none. */
const UNHEALTHY = withMetric(FULL_FLAGGER);
const HEALTHY = withMetric(spec({ namespace: 'shop-healthy' }, FULL_FLAGGER));

function scenario(): TelemetryScenario {
  const unhealthy = tracksFromManifests(synthesize(UNHEALTHY));
  const healthy = tracksFromManifests(synthesize(HEALTHY));
  return unhealthyAndHealthyScenario(unhealthy, healthy);
}

function templateQuery(manifests: readonly KubeManifest[]): string {
  const { queries, problems } = emittedQueries(manifests);
  assert.deepEqual(problems, []);
  const found = queries.find((q) => q.source === 'metric-template' && q.label === 'client-errors');
  assert.ok(found, 'no client-errors MetricTemplate');
  return found.query;
}

function alertExpr(manifests: readonly KubeManifest[]): string {
  const rule = manifests
    .filter((m) => m.kind === 'PrometheusRule')
    .flatMap((m) => (m.spec as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> }).groups)
    .flatMap((g) => g.rules)
    .find((r) => r.alert === 'CanaryMetricClientErrors');
  assert.ok(rule, 'no CanaryMetricClientErrors alert');
  return rule.expr;
}

describeWithPrometheusTools('custom metrics on a real Prometheus server', () => {
  const prometheus = usePrometheus(() => ({ openMetrics: buildIstioOpenMetrics(scenario()) }));
  const unhealthy = synthesize(UNHEALTHY);
  const healthy = synthesize(HEALTHY);

  test("the MetricTemplate reads the canary's 1% 4xx, not another workload's", async () => {
    assertClose(
      await queryValue(prometheus.url, templateQuery(unhealthy), FIXED_END_TIME_SECONDS),
      1,
      'client-errors',
      1e-6,
    );
  });

  test("Flagger's check (max 0.5) fails on the unhealthy canary and passes on the healthy one", async () => {
    assert.ok((await queryValue(prometheus.url, templateQuery(unhealthy), FIXED_END_TIME_SECONDS)) > 0.5);
    assert.ok((await queryValue(prometheus.url, templateQuery(healthy), FIXED_END_TIME_SECONDS)) <= 0.5);
  });

  test('the alert condition holds for the unhealthy canary only', async () => {
    const fires = async (manifests: readonly KubeManifest[]) => {
      const result = await query(prometheus.url, alertExpr(manifests), FIXED_END_TIME_SECONDS);
      return result.resultType === 'vector' && result.samples.length > 0;
    };
    assert.equal(await fires(unhealthy), true);
    assert.equal(await fires(healthy), false);
  });
});
