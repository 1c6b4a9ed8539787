/**
 * Issue 15 item 2: two sets of criteria. The SLO decides rollback; stricter promotion criteria
 * (global or per stage) must also pass to advance, and a canary that meets the SLO but not them
 * holds and never rolls back. The decision record shows both.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CanaryServiceSpec, validate } from '../../lib';
import { FakeSignals, fakePrometheusFetch, HEALTHY } from './support/fake-prometheus';
import { runGateCli, FAKE_PROMETHEUS_ARGS } from './support/run-gate-cli';
import { meshSpec, writeTempFile } from './support/specs';

function file(traffic: Record<string, unknown>): string {
  const base = meshSpec('checkout');
  return writeTempFile(
    JSON.stringify({ ...base, traffic: { ...base.traffic, ...traffic } }),
    'checkout.json',
  );
}

const ARGS = FAKE_PROMETHEUS_ARGS;
/** 99.9% success at 600 requests and 50 ms p99: within the SLO (99%, 500 ms, 100 requests). */
const deps = { fetch: fakePrometheusFetch(HEALTHY) };

describe('issue 15.2: promotion criteria stricter than the SLO', () => {
  test('a canary within the SLO but below a stricter success rate holds, never rolls back', async () => {
    const run = await runGateCli(
      ['--spec', file({ promotionCriteria: { successRatePercent: 99.95 } }), ...ARGS],
      deps,
    );
    assert.equal(run.code, 3, run.stdout);
    assert.equal(run.record?.decision, 'hold');
    assert.match(
      run.record?.reason ?? '',
      /meets the SLO \(no rollback\), but not the promotion criteria \(traffic\.promotionCriteria\): canary success rate 99\.9%; advancing needs at least 99\.95%/,
    );
    assert.ok(
      run.record?.checks.every((c) => c.status === 'pass'),
      'the SLO checks all pass',
    );
    const promotion = Object.fromEntries((run.record?.promotionChecks ?? []).map((c) => [c.id, c.status]));
    assert.deepEqual(promotion, {
      'promotion-requests': 'pass',
      'promotion-success-rate': 'fail',
      'promotion-p99-latency': 'pass',
      'promotion-latency-ratio': 'pass',
    });
    assert.deepEqual(run.record?.promotionCriteria, {
      successRatePercent: 99.95,
      p99LatencyMs: 500,
      maxLatencyRatio: 1.5,
      minRequests: 100,
      from: 'traffic.promotionCriteria',
    });
  });

  test('more requests needed to advance than to judge: hold', async () => {
    const run = await runGateCli(
      ['--spec', file({ promotionCriteria: { minRequests: 1000 } }), ...ARGS],
      deps,
    );
    assert.equal(run.code, 3);
    assert.match(
      run.record?.reason ?? '',
      /600 canary requests in the last 5m; advancing needs at least 1000/,
    );
  });

  test('a lower latency limit: hold', async () => {
    const slow: FakeSignals = {
      ...HEALTHY,
      canary: { ...HEALTHY.canary, p99: '250' },
      stable: { ...HEALTHY.stable, p99: '200' },
    };
    const run = await runGateCli(['--spec', file({ promotionCriteria: { p99LatencyMs: 200 } }), ...ARGS], {
      fetch: fakePrometheusFetch(slow),
    });
    assert.equal(run.code, 3);
    assert.match(run.record?.reason ?? '', /canary p99 latency 250 ms; advancing needs at most 200 ms/);
  });

  test('a stage overrides the global criteria field by field', async () => {
    const base = meshSpec('checkout');
    const stages = [
      { name: 'one', canaryWeight: 1 },
      { name: 'ten', canaryWeight: 10, promotionCriteria: { successRatePercent: 99.5 } },
      { name: 'half', canaryWeight: 50 },
    ];
    const relaxed = file({ stages, promotionCriteria: { successRatePercent: 99.95 } });
    const run = await runGateCli(['--spec', relaxed, ...ARGS], deps);
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.record?.promotionCriteria.from, 'traffic.stages[1].promotionCriteria');
    assert.equal(run.record?.promotionCriteria.successRatePercent, 99.5);
    assert.ok(base);
  });

  test('a failing canary still rolls back on the SLO, whatever the promotion criteria', async () => {
    const failing: FakeSignals = { ...HEALTHY, canary: { ...HEALTHY.canary, successRate: '90' } };
    const run = await runGateCli(
      ['--spec', file({ promotionCriteria: { successRatePercent: 99.95 } }), ...ARGS],
      {
        fetch: fakePrometheusFetch(failing),
      },
    );
    assert.equal(run.code, 1);
    assert.deepEqual(run.record?.promotionChecks, [], 'promotion is not judged on a rollback');
  });

  test('criteria looser than the SLO are spec errors, each with its path', () => {
    const base = meshSpec('checkout');
    const spec: CanaryServiceSpec = {
      ...base,
      traffic: {
        ...base.traffic,
        promotionCriteria: { successRatePercent: 98, p99LatencyMs: 900, maxLatencyRatio: 2, minRequests: 10 },
      },
    };
    const issues = validate(spec).map((i) => `${i.path}: ${i.message}`);
    assert.deepEqual(
      issues.map((i) => i.split(':')[0]),
      [
        'traffic.promotionCriteria.successRatePercent',
        'traffic.promotionCriteria.p99LatencyMs',
        'traffic.promotionCriteria.maxLatencyRatio',
        'traffic.promotionCriteria.minRequests',
      ],
    );
    assert.match(issues[0], /looser than slo\.successRatePercent \(99\)/);
  });
});
