import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolvePlan } from '../../lib';
import { decide } from '../../lib/gate/decide';
import { Measurements, missingReading, Reading, valueReading } from '../../lib/gate/measurements';
import { GateThresholds, thresholdsFromPlan } from '../../lib/gate/thresholds';
import { MINIMAL_FLAGGER as F } from '../fixtures/specs';

const QUERY = 'sum(rate(http_errors_total{namespace="{{ namespace }}",version="canary"}[{{ interval }}]))';

const T: GateThresholds = {
  successRatePercent: 99,
  p99LatencyMs: 500,
  maxLatencyRatio: undefined,
  minRequests: 100,
  window: '5m',
  confidence: 0.99,
  customMetrics: [{ name: 'app-errors', query: 'q', min: undefined, max: 1 }],
};

const v = (value: number): Reading => valueReading('q', value);
const healthy = { requests: v(600), successRatePercent: v(99.9), p99LatencyMs: v(50) };
const stable = { requests: v(5400), successRatePercent: v(99.9), p99LatencyMs: v(50) };
const with_ = (reading: Reading, requests = 600): Measurements => ({
  canary: { ...healthy, requests: v(requests) },
  stable,
  custom: [{ name: 'app-errors', reading }],
});

describe('gate: custom metrics in mesh mode (issue 14.1)', () => {
  test('the plan gives the gate the literal query and the bounds of each gating metric', () => {
    const plan = resolvePlan({
      ...F,
      mode: 'mesh',
      slo: {
        window: '2m',
        metrics: [
          { name: 'app-errors', query: QUERY, max: 1 },
          { name: 'info-only', query: QUERY, max: 9, gating: false },
        ],
      },
    });
    assert.deepEqual(thresholdsFromPlan(plan).customMetrics, [
      {
        name: 'app-errors',
        query: 'sum(rate(http_errors_total{namespace="shop",version="canary"}[2m]))',
        min: undefined,
        max: 1,
      },
    ]);
  });

  test('a metric above max rolls back, with the metric in the reason', () => {
    const verdict = decide(with_(v(3)), T);
    assert.equal(verdict.decision, 'rollback');
    assert.match(verdict.reason, /app-errors 3 is above 1 \(slo\.metrics app-errors\)/);
  });

  test('a metric within its bounds advances', () => {
    const verdict = decide(with_(v(0.5)), T);
    assert.equal(verdict.decision, 'advance');
    assert.equal(verdict.checks.find((c) => c.id === 'metric:app-errors')?.status, 'pass');
  });

  test('no data holds, never advances', () => {
    const verdict = decide(with_(missingReading('q', 'no-data', 'empty')), T);
    assert.equal(verdict.decision, 'hold');
    assert.equal(verdict.checks.find((c) => c.id === 'metric:app-errors')?.status, 'unknown');
  });

  test('too few canary requests: the metric is not evaluated', () => {
    const verdict = decide(with_(v(3), 10), T);
    assert.equal(verdict.decision, 'hold');
    assert.equal(verdict.checks.find((c) => c.id === 'metric:app-errors')?.status, 'unknown');
  });
});
