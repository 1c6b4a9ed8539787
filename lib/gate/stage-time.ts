/**
 * The minimum time at a stage (issue: careful mesh rollouts). The gate keeps no state: the time a
 * stage began is written where the stage is written (`traffic.stageStartedAt` in the spec file for
 * `--apply gitops`, the VirtualService annotation `canary-kit.dev/stage-started-at` for
 * `--apply in-cluster`), and read back by the next run. A stage whose start is unknown or in the
 * future holds; rolling back never waits for it.
 */
import { CanaryPlan } from '../core/plan';
import { durationSeconds, formatSeconds } from '../core/validate/formats';
import { Position } from './position';

/** The stage clock of a run, as recorded. */
export interface StageTiming {
  /** When the stage (share) began, RFC 3339, or null when not recorded. */
  readonly startedAt: string | null;
  /** Where the start time was read: the spec field or the VirtualService annotation. */
  readonly source: string;
  /** The minimum time at this stage, e.g. `30m`. */
  readonly minDuration: string;
  /** The same, in seconds. */
  readonly minDurationSeconds: number;
  /** The spec field the minimum comes from, e.g. `traffic.stages[1].minDuration`. */
  readonly minDurationFrom: string;
  /** Seconds since the start at the run's time, or null when the start is unknown. */
  readonly elapsedSeconds: number | null;
  /** The earliest time the gate may advance, RFC 3339, or null when the start is unknown. */
  readonly earliestAdvance: string | null;
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

/** The minimum time of the stage at `position`, and the spec field it comes from. */
export function stageMinimum(
  plan: CanaryPlan,
  position: Position,
): { minDuration: string; seconds: number; from: string } {
  const index = plan.traffic.stages.findIndex((s) => s.name === position.stage);
  if (index >= 0) {
    const stage = plan.traffic.stages[index];
    return {
      minDuration: stage.minDuration,
      seconds: stage.minDurationSeconds,
      from: stage.minDurationFrom,
    };
  }
  const min = plan.traffic.minStageDuration;
  const from =
    plan.traffic.stages.length > 0
      ? 'traffic.minStageDuration'
      : 'traffic.minStageDuration (the gate ladder)';
  return { minDuration: min, seconds: durationSeconds(min) ?? 0, from };
}

/** The stage clock at `now` for a start time read from `source`. */
export function stageTiming(
  plan: CanaryPlan,
  position: Position,
  startedAt: string | undefined,
  source: string,
  now: Date,
): StageTiming {
  const min = stageMinimum(plan, position);
  const start = startedAt === undefined ? NaN : Date.parse(startedAt);
  const known = Number.isFinite(start);
  return {
    startedAt: startedAt ?? null,
    source,
    minDuration: min.minDuration,
    minDurationSeconds: min.seconds,
    minDurationFrom: min.from,
    elapsedSeconds: known ? Math.floor((now.getTime() - start) / 1000) : null,
    earliestAdvance: known ? rfc3339(start + min.seconds * 1000) : null,
  };
}

/** Why a healthy canary must still hold at this stage, or undefined when its time is up. */
export function stageTimeBlocker(timing: StageTiming, where: string): string | undefined {
  if (timing.minDurationSeconds === 0) return undefined;
  const must = `${where} must hold for at least ${timing.minDuration} (${timing.minDurationFrom})`;
  if (timing.startedAt === null || timing.elapsedSeconds === null) {
    return `${must} and its start time is unknown (${timing.source} is not set${timing.startedAt === null ? '' : ` to a time: '${timing.startedAt}'`}); set it to when the stage began`;
  }
  if (timing.elapsedSeconds < 0) {
    return `${must} and its start time ${timing.startedAt} (${timing.source}) is in the future; correct it (clock skew or a typo)`;
  }
  if (timing.elapsedSeconds < timing.minDurationSeconds) {
    return `${must}: ${formatSeconds(timing.elapsedSeconds)} since ${timing.startedAt} (${timing.source}), so not before ${timing.earliestAdvance}`;
  }
  return undefined;
}
