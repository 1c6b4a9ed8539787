import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { combineConsecutive } from '../../lib/gate/consecutive';
import { decide, Verdict } from '../../lib/gate/decide';
import {
  Measurements,
  missingReading,
  Reading,
  TrackMeasurements,
  valueReading,
} from '../../lib/gate/measurements';
import { GateThresholds } from '../../lib/gate/thresholds';

const T: GateThresholds = {
  successRatePercent: 99,
  p99LatencyMs: 500,
  maxLatencyRatio: 1.5,
  minRequests: 100,
  window: '5m',
  confidence: 0.99,
};

const v = (value: number): Reading => valueReading('q', value);
const noData: Reading = missingReading('q', 'no-data', 'empty result');

function track(
  requests: Reading,
  successRate: Reading,
  p99: Reading,
  serverErrors?: Reading,
): TrackMeasurements {
  return serverErrors
    ? { requests, successRatePercent: successRate, p99LatencyMs: p99, serverErrors }
    : { requests, successRatePercent: successRate, p99LatencyMs: p99 };
}

const STABLE = track(v(5400), v(99.9), v(50));
const m = (canary: TrackMeasurements, stable: TrackMeasurements = STABLE): Measurements => ({
  canary,
  stable,
});
const status = (verdict: Verdict) => Object.fromEntries(verdict.checks.map((c) => [c.id, c.status]));

describe('decide', () => {
  test('a healthy canary advances, with every check passing and the statistic recorded', () => {
    const verdict = decide(m(track(v(600), v(99.9), v(50))), T);
    assert.equal(verdict.decision, 'advance');
    assert.deepEqual(status(verdict), {
      'canary-requests': 'pass',
      'canary-success-rate': 'pass',
      'canary-p99-latency': 'pass',
      'error-rate-vs-stable': 'pass',
      'latency-ratio-vs-stable': 'pass',
    });
    assert.ok(verdict.statistic);
    assert.ok(Math.abs(verdict.statistic.z) < 1e-9);
    assert.match(verdict.reason, /every check passed over 600 canary requests in the last 5m/);
  });

  test('fewer canary requests than slo.minRequests holds, even with 100% errors', () => {
    const verdict = decide(m(track(v(20), v(0), v(5000))), T);
    assert.equal(verdict.decision, 'hold');
    assert.match(
      verdict.reason,
      /only 20 canary requests in the last 5m; a verdict needs at least 100 \(slo.minRequests\)/,
    );
    assert.ok(verdict.checks.slice(1).every((c) => c.status === 'unknown'));
  });

  test('no canary series holds, and says it is no data (never read as zero errors)', () => {
    const verdict = decide(m(track(noData, noData, noData)), T);
    assert.equal(verdict.decision, 'hold');
    assert.match(verdict.reason, /canary request count: no data/);
  });

  test('NaN, an infinity and a failed query each hold', () => {
    for (const bad of [
      missingReading('q', 'not-a-number', 'NaN'),
      missingReading('q', 'query-failed', 'Prometheus at http://x is unreachable (ECONNREFUSED)'),
      missingReading('q', 'several-series', '2 series'),
    ]) {
      assert.equal(decide(m(track(v(600), bad, v(50))), T).decision, 'hold', bad.problem);
      assert.equal(decide(m(track(v(600), v(99.9), bad)), T).decision, 'hold', bad.problem);
      assert.equal(decide(m(track(bad, v(99.9), v(50))), T).decision, 'hold', bad.problem);
      assert.equal(decide(m(track(v(600), v(99.9), v(50)), track(v(5400), bad, v(50))), T).decision, 'hold');
    }
    const verdict = decide(m(track(v(600), missingReading('q', 'query-failed', 'timed out'), v(50))), T);
    assert.match(verdict.reason, /canary success rate: a failed query: timed out/);
  });

  test('a success rate below the SLO with enough requests rolls back', () => {
    const verdict = decide(m(track(v(600), v(90), v(50))), T);
    assert.equal(verdict.decision, 'rollback');
    assert.match(
      verdict.reason,
      /canary success rate 90% is below the SLO 99% \(slo.successRatePercent\) over 600 requests/,
    );
    // 10% against 0.1% is also significant.
    assert.equal(status(verdict)['error-rate-vs-stable'], 'fail');
  });

  test('a p99 above the SLO rolls back', () => {
    const verdict = decide(m(track(v(600), v(99.9), v(750)), track(v(5400), v(99.9), v(700))), T);
    assert.equal(verdict.decision, 'rollback');
    assert.match(verdict.reason, /canary p99 latency 750 ms is above the SLO 500 ms/);
  });

  test('a canary within the SLO but significantly worse than stable rolls back (the z-test alone)', () => {
    const thresholds = { ...T, successRatePercent: 95 };
    // Canary 3% errors over 600 requests, stable 0.1% over 5400: z = 11.8 > 2.33.
    const verdict = decide(m(track(v(600), v(97), v(50))), thresholds);
    assert.equal(verdict.decision, 'rollback');
    assert.equal(status(verdict)['canary-success-rate'], 'pass');
    assert.equal(status(verdict)['error-rate-vs-stable'], 'fail');
    assert.ok(verdict.statistic && verdict.statistic.z > 10);
    assert.match(
      verdict.reason,
      /canary error rate 3% vs stable 0.1%: the canary is significantly worse \(two-proportion z = /,
    );
  });

  test('a small difference that is not significant advances', () => {
    const thresholds = { ...T, successRatePercent: 95 };
    // 1 error in 600 vs 5 in 5400: 0.17% vs 0.09%, z = 0.55.
    const verdict = decide(
      m(track(v(600), v(100 - 100 / 600), v(50)), track(v(5400), v(100 - 500 / 5400), v(50))),
      thresholds,
    );
    assert.equal(verdict.decision, 'advance');
    assert.ok(verdict.statistic && verdict.statistic.z > 0 && verdict.statistic.z < 1);
  });

  test('canary p99 over stable p99 above slo.maxLatencyRatio rolls back', () => {
    const verdict = decide(m(track(v(600), v(99.9), v(99.5)), track(v(5400), v(99.9), v(49.75))), T);
    assert.equal(verdict.decision, 'rollback');
    assert.match(
      verdict.reason,
      /canary p99 99.5 ms is 2x stable's 49.8 ms, above the limit 1.5x \(slo.maxLatencyRatio\)/,
    );
    assert.equal(verdict.derived.latencyRatio, 2);
  });

  test('without slo.maxLatencyRatio the ratio is not checked', () => {
    const verdict = decide(m(track(v(600), v(99.9), v(99.5)), track(v(5400), v(99.9), v(49.75))), {
      ...T,
      maxLatencyRatio: undefined,
    });
    assert.equal(verdict.decision, 'advance');
    assert.equal(verdict.checks.length, 4);
  });

  test('missing stable data holds a healthy canary but never stops a rollback on the SLO', () => {
    const noStable = track(noData, noData, noData);
    const healthy = decide(m(track(v(600), v(99.9), v(50)), noStable), T);
    assert.equal(healthy.decision, 'hold');
    assert.match(healthy.reason, /stable request count: no data/);
    assert.equal(decide(m(track(v(600), v(80), v(50)), noStable), T).decision, 'rollback');
  });

  test('too few stable requests hold the comparisons', () => {
    const verdict = decide(m(track(v(600), v(99.9), v(50)), track(v(40), v(99.9), v(50))), T);
    assert.equal(verdict.decision, 'hold');
    assert.match(verdict.reason, /only 40 stable requests in the last 5m; a comparison needs at least 100/);
  });

  test('a canary that answered only 5xx (no success series) rolls back from its 5xx count', () => {
    const verdict = decide(m(track(v(600), noData, v(50), v(600))), T);
    assert.equal(verdict.decision, 'rollback');
    assert.equal(verdict.derived.canarySuccessRatePercent, 0);
    // Without the 5xx count it would only hold.
    assert.equal(decide(m(track(v(600), noData, v(50))), T).decision, 'hold');
  });

  test('a stable p99 of 0 makes the ratio undefined: hold', () => {
    const verdict = decide(m(track(v(600), v(99.9), v(50)), track(v(5400), v(99.9), v(0))), T);
    assert.equal(verdict.decision, 'hold');
    assert.match(verdict.reason, /the canary\/stable ratio is undefined/);
  });

  test('the same input gives the same verdict', () => {
    const input = m(track(v(600), v(98.5), v(80)));
    assert.deepEqual(decide(input, T), decide(input, T));
  });
});

describe('consecutive failures (automation.failuresBeforeRollback)', () => {
  const verdict = (decision: Verdict['decision'], reason: string = decision): Verdict => ({
    decision,
    reason,
    checks: [],
    statistic: undefined,
    derived: { canarySuccessRatePercent: null, stableSuccessRatePercent: null, latencyRatio: null },
  });

  test('one required failure rolls back at once', () => {
    assert.equal(combineConsecutive([verdict('rollback')], 1).decision, 'rollback');
  });

  test('fewer failing evaluations in a row than required hold, with the count', () => {
    const outcome = combineConsecutive([verdict('rollback', 'bad'), verdict('advance')], 3);
    assert.equal(outcome.decision, 'hold');
    assert.equal(outcome.consecutiveFailures, 1);
    assert.match(outcome.reason, /failing now \(bad\), but only 1 of the 3 consecutive failing evaluations/);
  });

  test('enough failing evaluations in a row roll back', () => {
    const outcome = combineConsecutive(
      [verdict('rollback', 'bad'), verdict('rollback'), verdict('rollback')],
      3,
    );
    assert.equal(outcome.decision, 'rollback');
    assert.match(outcome.reason, /bad \(failing at each of the last 3 evaluations/);
  });

  test('advance and hold come from the current evaluation only', () => {
    assert.equal(combineConsecutive([verdict('advance'), verdict('rollback')], 2).decision, 'advance');
    assert.equal(combineConsecutive([verdict('hold'), verdict('rollback')], 2).decision, 'hold');
  });
});
