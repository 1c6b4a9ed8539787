/**
 * Where the rollout stands (the canary share, and the declared stage it corresponds to) and
 * where the gate would take it next.
 *
 * - With `traffic.stages`, the gate advances to the first declared stage with a larger share, and
 *   from the last stage to promotion.
 * - With a plain `traffic.canaryWeight`, it climbs {@link WEIGHT_LADDER}; crossing 50% comes with
 *   `promoting: true` (see `gitops/edit-spec.ts`), and from its last rung (or above) it goes to
 *   promotion.
 */
import { CanaryPlan } from '../core/plan';
import { MAX_UNCONFIRMED_CANARY_WEIGHT } from '../core/defaults';

/**
 * Canary shares a plain `traffic.canaryWeight` climbs through, in percent; after the last one
 * comes promotion. It stops at 75: at 100% the stable track serves nothing, so there is nothing
 * to compare the canary with and the gate could only hold.
 */
export const WEIGHT_LADDER: readonly number[] = [1, 5, 10, 25, 50, 75];

/** The current canary share. */
export interface Position {
  /** Canary share, in percent. */
  readonly canaryWeight: number;
  /** The declared stage the rollout is at, or undefined (a plain weight, or a share no stage has). */
  readonly stage: string | undefined;
  /** Where the share was read: the spec file, or the live VirtualService (`--apply in-cluster`). */
  readonly source: 'spec' | 'virtual-service';
}

/** Where the gate takes the rollout when it advances. */
export type NextStep =
  /** The next declared stage. */
  | { readonly kind: 'stage'; readonly stage: string; readonly canaryWeight: number }
  /** The next share of the ladder; `promoting` when it is above 50%. */
  | { readonly kind: 'weight'; readonly canaryWeight: number; readonly promoting: boolean }
  /** Past the last stage (or 100%): promote the canary to stable. */
  | { readonly kind: 'promote' };

/** The position the spec describes (its stage, or its canary weight). */
export function positionFromPlan(plan: CanaryPlan): Position {
  return { canaryWeight: plan.traffic.canaryWeight, stage: plan.traffic.stage, source: 'spec' };
}

/** The position of a live canary share, matched to the declared stage that has it, if any. */
export function positionFromLiveWeight(plan: CanaryPlan, canaryWeight: number): Position {
  const stage = plan.traffic.stages.find((s) => s.canaryWeight === canaryWeight)?.name;
  return { canaryWeight, stage, source: 'virtual-service' };
}

/** The step after `position`. */
export function nextStep(plan: CanaryPlan, position: Position): NextStep {
  const stages = plan.traffic.stages;
  if (stages.length > 0) {
    const next = stages.find((s) => s.canaryWeight > position.canaryWeight);
    return next ? { kind: 'stage', stage: next.name, canaryWeight: next.canaryWeight } : { kind: 'promote' };
  }
  const rung = WEIGHT_LADDER.find((w) => w > position.canaryWeight);
  return rung === undefined
    ? { kind: 'promote' }
    : { kind: 'weight', canaryWeight: rung, promoting: rung > MAX_UNCONFIRMED_CANARY_WEIGHT };
}

/** Describes a position for reasons and the text record, e.g. `stage 'ten' (10%)`. */
export function describePosition(position: Position): string {
  return position.stage !== undefined
    ? `stage '${position.stage}' (${position.canaryWeight}%)`
    : `canary share ${position.canaryWeight}%`;
}

/** Describes a next step, e.g. `stage 'half' (50%)` or `promotion`. */
export function describeNextStep(step: NextStep): string {
  if (step.kind === 'promote') return 'promotion';
  if (step.kind === 'stage') return `stage '${step.stage}' (${step.canaryWeight}%)`;
  return `canary share ${step.canaryWeight}%${step.promoting ? ' (promoting: true)' : ''}`;
}

/**
 * Why the gate must not advance from this position even when the canary is healthy, or
 * undefined when it may:
 * - a rollback is recorded (`traffic.rollback`): resuming is a person's decision;
 * - the share is 0 outside a declared stage: the rollout has not started, or it was rolled back
 *   (in the cluster the two look the same), and starting a rollout is a person's decision too.
 */
export function advanceBlocker(plan: CanaryPlan, position: Position): string | undefined {
  const rollback = plan.traffic.rollback;
  if (rollback) {
    return `the canary was rolled back at ${rollback.at} (${rollback.reason}); to resume, remove traffic.rollback and set traffic.stage or traffic.canaryWeight`;
  }
  if (position.canaryWeight === 0 && !(position.source === 'spec' && position.stage !== undefined)) {
    return position.source === 'spec'
      ? 'the canary share is 0 (traffic.canaryWeight): the rollout has not started or was rolled back, and the gate never starts one; set the first stage or share in the spec'
      : 'the VirtualService sends 0% to the canary: the rollout has not started or was rolled back, and the gate never starts one; set the first stage or share in git';
  }
  return undefined;
}
