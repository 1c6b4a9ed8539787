import {
  DEFAULT_ANALYSIS_INTERVAL,
  DEFAULT_ANALYSIS_THRESHOLD,
  DEFAULT_FAILURES_BEFORE_ROLLBACK,
  DEFAULT_GATE_SCHEDULE,
  DEFAULT_MODE,
  DEFAULT_SLO_WINDOW,
} from './defaults';
import { CanaryServiceSpec } from './spec';
import { cronMaxGapSeconds } from './cron';
import { durationSeconds, formatSeconds } from './validate/formats';

/** The worst-case time from a canary going bad to its rollback, and how it was computed. */
export interface RollbackBound {
  /** Worst-case seconds until rollback, or undefined when nothing rolls back automatically. */
  readonly seconds: number | undefined;
  /** The arithmetic, e.g. `analysis.interval 1m x analysis.threshold 5 + slo.window 1m = 6m`. */
  readonly explanation: string;
  /** What to change to shorten it (or to get an automated rollback at all). */
  readonly fix: string;
}

/**
 * Worst-case seconds from a Flagger canary going bad to its rollback: a failed check is counted
 * once per analysis interval, the rollback comes after `threshold` failed checks, and a failure
 * that starts just after a check is fully visible one metric window later. Used by synthesis
 * (`rollbackWithin`) and by `canary-kit lint` on hand-written Canaries.
 */
export function flaggerRollbackSeconds(
  intervalSeconds: number,
  threshold: number,
  windowSeconds: number,
): number {
  return intervalSeconds * threshold + windowSeconds;
}

/**
 * Worst-case detection-to-rollback time of a spec.
 * - flagger: a failed check is counted once per `analysis.interval`, and Flagger rolls back after
 *   `analysis.threshold` failed checks; each check looks back over the metric window, so a failure
 *   that starts just after a check is fully visible one window later:
 *   `interval x threshold + window`.
 * - mesh: the gate CronJob runs at most every `max gap of automation.schedule`, and rolls back
 *   after `automation.failuresBeforeRollback` failing runs: `gap x failures + window`.
 */
export function rollbackBound(spec: CanaryServiceSpec): RollbackBound {
  const window = spec.slo?.window ?? DEFAULT_SLO_WINDOW;
  const windowSeconds = durationSeconds(window) ?? 0;
  if ((spec.mode ?? DEFAULT_MODE) === 'flagger') {
    if (spec.analysis?.skipAnalysis === true) {
      return {
        seconds: undefined,
        explanation: 'analysis.skipAnalysis is true, so nothing rolls back',
        fix: 'remove analysis.skipAnalysis',
      };
    }
    const interval = spec.analysis?.interval ?? DEFAULT_ANALYSIS_INTERVAL;
    const threshold = spec.analysis?.threshold ?? DEFAULT_ANALYSIS_THRESHOLD;
    const seconds = flaggerRollbackSeconds(durationSeconds(interval) ?? 0, threshold, windowSeconds);
    return {
      seconds,
      explanation: `analysis.interval ${interval} x analysis.threshold ${threshold} + slo.window ${window} = ${formatSeconds(seconds)}`,
      fix: 'shorten analysis.interval or analysis.threshold',
    };
  }
  if (!spec.automation) {
    return {
      seconds: undefined,
      explanation: 'mesh mode without automation has no automated rollback',
      fix: 'configure automation (the gate CronJob)',
    };
  }
  const schedule = spec.automation.schedule ?? DEFAULT_GATE_SCHEDULE;
  const gap = cronMaxGapSeconds(schedule);
  const failures = spec.automation.failuresBeforeRollback ?? DEFAULT_FAILURES_BEFORE_ROLLBACK;
  if (gap === undefined) {
    return {
      seconds: undefined,
      explanation: `automation.schedule '${schedule}' has no fixed bound between runs (use minute steps such as */2 * * * *)`,
      fix: 'use a schedule with a fixed period, e.g. */2 * * * *',
    };
  }
  const seconds = gap * failures + windowSeconds;
  return {
    seconds,
    explanation: `automation.schedule every ${formatSeconds(gap)} x automation.failuresBeforeRollback ${failures} + slo.window ${window} = ${formatSeconds(seconds)}`,
    fix: 'shorten automation.schedule or lower automation.failuresBeforeRollback',
  };
}
