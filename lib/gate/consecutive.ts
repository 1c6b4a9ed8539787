/**
 * `automation.failuresBeforeRollback` without state: the CronJob keeps nothing between runs, so
 * each run re-evaluates the SLO at the times the previous runs happened (now, now - gap, ...,
 * gap = the longest interval of `automation.schedule`) and rolls back only when every one of them
 * fails. A canary that went bad at t0 fails at every evaluation time after t0 + window, so the
 * worst case is `gap x failures + window`: the bound `rollback-sla.ts` checks.
 */
import { GateDecision, Verdict } from './decide';

/** The combined outcome of the evaluations. */
export interface ConsecutiveOutcome {
  /** The decision after applying the consecutive-failure rule. */
  readonly decision: GateDecision;
  /** Why. */
  readonly reason: string;
  /** Evaluations that failed in a row, starting with the current one. */
  readonly consecutiveFailures: number;
}

/**
 * Combines verdicts ordered from the current evaluation backwards. `advance` and `hold` come
 * from the current evaluation alone; `rollback` needs `required` failing evaluations in a row.
 */
export function combineConsecutive(verdicts: readonly Verdict[], required: number): ConsecutiveOutcome {
  if (verdicts.length === 0) throw new RangeError('combineConsecutive: no evaluation');
  const current = verdicts[0];
  if (current.decision !== 'rollback') {
    return { decision: current.decision, reason: current.reason, consecutiveFailures: 0 };
  }
  let failures = 0;
  while (failures < verdicts.length && verdicts[failures].decision === 'rollback') failures++;
  if (failures >= required) {
    const suffix =
      required > 1
        ? ` (failing at each of the last ${required} evaluations, automation.failuresBeforeRollback)`
        : '';
    return { decision: 'rollback', reason: `${current.reason}${suffix}`, consecutiveFailures: failures };
  }
  return {
    decision: 'hold',
    reason: `failing now (${current.reason}), but only ${failures} of the ${required} consecutive failing evaluations that automation.failuresBeforeRollback requires`,
    consecutiveFailures: failures,
  };
}
