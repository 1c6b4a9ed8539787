/**
 * The MetricTemplates of `flagger` mode, rendered as Flagger renders them for the Canary's metrics,
 * queried on a real Prometheus server with backfilled Istio telemetry: each reads the canary's
 * value (98% success, not 2% and not the primary's 90%; the p99 of the canary's histogram), and
 * Flagger's threshold check on it passes for a healthy canary and fails for an unhealthy one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { synthesize, type CanaryServiceSpec, type KubeManifest } from '../../lib';
import { FULL_FLAGGER, spec } from '../fixtures/specs';
import { assertClose } from '../support/prometheus/assert-close';
import { emittedQueries, type EmittedQuery } from '../support/prometheus/emitted-queries';
import { usePrometheus } from '../support/prometheus/fixture';
import type { TelemetryScenario } from '../support/prometheus/istio-telemetry';
import { buildIstioOpenMetrics, FIXED_END_TIME_SECONDS } from '../support/prometheus/openmetrics';
import { queryValue } from '../support/prometheus/query';
import { describeWithPrometheusTools } from '../support/prometheus/require-tools';
import { tracksFromManifests } from '../support/prometheus/tracks';
import {
  EXPECTED,
  flaggerWeightGauges,
  unhealthyAndHealthyScenario,
} from '../support/prometheus/two-track-traffic';

/** The unhealthy canary under test, and the same service in a namespace where its canary is healthy. */
const UNHEALTHY: CanaryServiceSpec = FULL_FLAGGER;
const HEALTHY: CanaryServiceSpec = spec({ namespace: 'shop-healthy' }, FULL_FLAGGER);

/** What each MetricTemplate (by Canary metric name) must read for the unhealthy canary. */
const EXPECTED_BY_METRIC: Readonly<Record<string, number>> = {
  'success-rate': EXPECTED.canarySuccessPercent,
  'latency-p99': EXPECTED.canaryP99,
  'latency-ratio': EXPECTED.canaryP99 / EXPECTED.stableP99,
};

function scenario(): TelemetryScenario {
  const unhealthy = tracksFromManifests(synthesize(UNHEALTHY));
  const healthy = tracksFromManifests(synthesize(HEALTHY));
  return unhealthyAndHealthyScenario(
    unhealthy,
    healthy,
    flaggerWeightGauges(unhealthy, EXPECTED.flaggerCanaryWeight),
  );
}

interface ThresholdRange {
  min?: number;
  max?: number;
}

/** The thresholdRange of the Canary metric a rendered template came from. */
function thresholdOf(manifests: readonly KubeManifest[], metricName: string): ThresholdRange {
  const canary = manifests.find((m) => m.kind === 'Canary');
  const metrics = (
    canary?.spec as { analysis: { metrics: Array<{ name: string; thresholdRange: ThresholdRange }> } }
  ).analysis.metrics;
  const metric = metrics.find((one) => one.name === metricName);
  assert.ok(metric, `Canary has no metric ${metricName}`);
  return metric.thresholdRange;
}

/** Flagger's check: the value is within [min, max] (either bound optional). */
function withinRange(value: number, range: ThresholdRange): boolean {
  return (range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max);
}

function templateQueries(manifests: readonly KubeManifest[]): EmittedQuery[] {
  const { queries, problems } = emittedQueries(manifests);
  assert.deepEqual(problems, []);
  const templates = queries.filter((q) => q.source === 'metric-template');
  assert.ok(templates.length >= 2, 'no MetricTemplate queries found');
  return templates;
}

describeWithPrometheusTools('MetricTemplate queries on a real Prometheus server', () => {
  const prometheus = usePrometheus(() => ({ openMetrics: buildIstioOpenMetrics(scenario()) }));
  const unhealthy = synthesize(UNHEALTHY);
  const healthy = synthesize(HEALTHY);

  for (const one of templateQueries(unhealthy)) {
    test(`${one.label}: reads the canary's value, not the primary's or an inverted one`, async () => {
      const expected = EXPECTED_BY_METRIC[one.label];
      assert.notEqual(
        expected,
        undefined,
        `no expected value for Canary metric "${one.label}": add it to this test`,
      );
      assertClose(
        await queryValue(prometheus.url, one.query, FIXED_END_TIME_SECONDS),
        expected,
        one.where,
        1e-6,
      );
    });

    test(`${one.label}: Flagger's threshold check fails on the unhealthy canary`, async () => {
      const value = await queryValue(prometheus.url, one.query, FIXED_END_TIME_SECONDS);
      const range = thresholdOf(unhealthy, one.label);
      assert.equal(withinRange(value, range), false, `${value} is within ${JSON.stringify(range)}`);
    });
  }

  for (const one of templateQueries(healthy)) {
    test(`${one.label}: Flagger's threshold check passes on a healthy canary`, async () => {
      const value = await queryValue(prometheus.url, one.query, FIXED_END_TIME_SECONDS);
      const range = thresholdOf(healthy, one.label);
      assert.equal(
        withinRange(value, range),
        true,
        `${value} is outside ${JSON.stringify(range)}\n${one.query}`,
      );
    });
  }

  test('the success-rate template reads 98 for a canary at 98% success (not 2, not the primary 90)', async () => {
    const success = templateQueries(unhealthy).find((q) => q.label === 'success-rate');
    assert.ok(success, 'no success-rate MetricTemplate');
    const value = await queryValue(prometheus.url, success.query, FIXED_END_TIME_SECONDS);
    assertClose(value, 98);
    assert.ok(Math.abs(value - 2) > 1 && Math.abs(value - 90) > 1);
  });
});
