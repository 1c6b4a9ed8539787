import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolvePlan } from '../../lib';
import { advanceBlocker, nextStep, positionFromLiveWeight, positionFromPlan } from '../../lib/gate/position';
import { meshSpec } from './support/specs';

describe('next step', () => {
  test('stages: the next declared stage, then promotion', () => {
    const plan = resolvePlan(meshSpec());
    assert.deepEqual(nextStep(plan, positionFromPlan(plan)), {
      kind: 'stage',
      stage: 'half',
      canaryWeight: 50,
    });
    const last = resolvePlan(meshSpec('checkout', { traffic: { ...meshSpec().traffic, stage: 'half' } }));
    assert.deepEqual(nextStep(last, positionFromPlan(last)), { kind: 'promote' });
  });

  test('a live share is matched to its stage; a share between stages goes to the next larger one', () => {
    const plan = resolvePlan(meshSpec());
    assert.equal(positionFromLiveWeight(plan, 1).stage, 'one');
    const between = positionFromLiveWeight(plan, 7);
    assert.equal(between.stage, undefined);
    assert.deepEqual(nextStep(plan, between), { kind: 'stage', stage: 'ten', canaryWeight: 10 });
  });

  test('a plain canaryWeight climbs the ladder and asks for promoting above 50', () => {
    const at = (canaryWeight: number, promoting?: boolean) =>
      resolvePlan(meshSpec('checkout', { traffic: { canaryWeight, ...(promoting ? { promoting } : {}) } }));
    const step = (plan: ReturnType<typeof at>) => nextStep(plan, positionFromPlan(plan));
    assert.deepEqual(step(at(5)), { kind: 'weight', canaryWeight: 10, promoting: false });
    assert.deepEqual(step(at(25)), { kind: 'weight', canaryWeight: 50, promoting: false });
    assert.deepEqual(step(at(50)), { kind: 'weight', canaryWeight: 75, promoting: true });
    assert.deepEqual(step(at(75, true)), { kind: 'promote' });
    assert.deepEqual(step(at(100, true)), { kind: 'promote' });
  });
});

describe('advance blockers', () => {
  test('a recorded rollback blocks advancing', () => {
    const plan = resolvePlan(
      meshSpec('checkout', {
        traffic: {
          canaryWeight: 0,
          rollback: { reason: 'errors', at: '2024-01-01T00:00:00Z', previousCanaryWeight: 10 },
        },
      }),
    );
    assert.match(
      advanceBlocker(plan, positionFromPlan(plan)) ?? '',
      /rolled back at 2024-01-01T00:00:00Z \(errors\)/,
    );
  });

  test('share 0 blocks advancing, except at a declared stage of the spec', () => {
    const zero = resolvePlan(meshSpec('checkout', { traffic: { canaryWeight: 0 } }));
    assert.match(advanceBlocker(zero, positionFromPlan(zero)) ?? '', /the gate never starts one/);
    const dark = resolvePlan(
      meshSpec('checkout', {
        traffic: {
          stages: [
            { name: 'dark', canaryWeight: 0 },
            { name: 'one', canaryWeight: 1 },
          ],
          stage: 'dark',
        },
      }),
    );
    assert.equal(advanceBlocker(dark, positionFromPlan(dark)), undefined);
    // In the cluster, 0% may just as well be a rollback: blocked.
    assert.match(advanceBlocker(dark, positionFromLiveWeight(dark, 0)) ?? '', /VirtualService sends 0%/);
  });

  test('a positive share is not blocked', () => {
    const plan = resolvePlan(meshSpec());
    assert.equal(advanceBlocker(plan, positionFromPlan(plan)), undefined);
  });
});
