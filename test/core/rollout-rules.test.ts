/** Issue 15: the spec rules of careful mesh rollouts (stage times, criteria, sizing), one message each. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CanaryServiceSpec, validate } from '../../lib';

const MESH: CanaryServiceSpec = {
  name: 'checkout',
  mode: 'mesh',
  workload: { image: 'ghcr.io/acme/checkout:1.4.2' },
  traffic: { stages: [{ name: 'one', canaryWeight: 1 }], stage: 'one' },
};

function problems(spec: CanaryServiceSpec): string[] {
  return validate(spec).map((i) => `${i.path}: ${i.message}`);
}

describe('issue 15: rollout rules', () => {
  test('stage durations are whole s/m/h durations of at most a week', () => {
    const spec: CanaryServiceSpec = {
      ...MESH,
      traffic: {
        stages: [{ name: 'one', canaryWeight: 1, minDuration: '1d' }],
        stage: 'one',
        minStageDuration: '200h',
      },
    };
    assert.deepEqual(problems(spec), [
      'traffic.minStageDuration: is longer than a week. Use at most "168h" per stage.',
      'traffic.stages[0].minDuration: is not a duration. Use whole seconds, minutes or hours, e.g. "30m" or "2h".',
    ]);
  });

  test('stageStartedAt is an RFC 3339 time', () => {
    const spec: CanaryServiceSpec = { ...MESH, traffic: { ...MESH.traffic, stageStartedAt: 'yesterday' } };
    assert.match(problems(spec)[0], /^traffic\.stageStartedAt: is not an RFC 3339 time/);
  });

  test('the rollout settings are mesh-mode settings', () => {
    const spec: CanaryServiceSpec = {
      name: 'checkout',
      workload: { image: 'ghcr.io/acme/checkout:1.4.2', canaryScaling: 'share' },
      traffic: { minStageDuration: '1h' },
    };
    const found = problems(spec);
    assert.ok(
      found.some((p) => /^traffic\.minStageDuration: is a mesh-mode setting/.test(p)),
      found.join('\n'),
    );
    assert.ok(
      found.some((p) => /^workload\.canaryScaling: is a mesh-mode setting/.test(p)),
      found.join('\n'),
    );
  });

  test('a valid careful rollout has no problems', () => {
    const spec: CanaryServiceSpec = {
      ...MESH,
      workload: { image: 'ghcr.io/acme/checkout:1.4.2', replicas: 10, canaryScaling: 'share' },
      traffic: {
        stages: [
          { name: 'one', canaryWeight: 1, minDuration: '30m' },
          {
            name: 'ten',
            canaryWeight: 10,
            minDuration: '2h',
            promotionCriteria: { successRatePercent: 99.9 },
          },
        ],
        stage: 'one',
        stageStartedAt: '2026-11-24T18:00:00Z',
        minStageDuration: '1h',
        promotionCriteria: { minRequests: 500 },
      },
    };
    assert.deepEqual(problems(spec), []);
  });
});
