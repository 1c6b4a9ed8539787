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
 * Worst-case seconds from a Flagger canary going bad to its rollback.
 *
 * Flagger runs one scheduler pass per `analysis.interval` (fluxcd/flagger v1.44.0
 * pkg/controller/scheduler.go, `advanceCanary`). In a pass it first checks
 * `Status.FailedChecks >= GetAnalysisThreshold()` and rolls back, and only after that runs the
 * analysis (`runAnalysis`) that may add a failed check; and the first analysis after a traffic
 * shift comes one interval after it. So a canary that goes bad right after a pass is checked at
 * passes 1..threshold and rolled back at pass threshold + 1: `interval x (threshold + 1)`. Each
 * check looks back over the metric window; a window longer than the interval delays the first
 * fully failing check by the excess: `+ max(0, window - interval)`.
 * Used by synthesis (`rollbackWithin`) and by `canary-kit lint` on hand-written Canaries.
 */
export function flaggerRollbackSeconds(
  intervalSeconds: number,
  threshold: number,
  windowSeconds: number,
): number {
  return intervalSeconds * (threshold + 1) + Math.max(0, windowSeconds - intervalSeconds);
}

/** The arithmetic of `flaggerRollbackSeconds`, e.g. `1m x (5 + 1) = 6m` or `1m x (5 + 1) + (3m - 1m) = 8m`. */
export function flaggerRollbackArithmetic(
  interval: { readonly label: string; readonly seconds: number },
  threshold: { readonly label: string; readonly value: number },
  window: { readonly label: string; readonly seconds: number },
  format: (seconds: number) => string = formatSeconds,
): string {
  const total = flaggerRollbackSeconds(interval.seconds, threshold.value, window.seconds);
  const excess =
    window.seconds > interval.seconds
      ? ` + (${window.label} ${format(window.seconds)} - ${format(interval.seconds)})`
      : '';
  return `${interval.label} ${format(interval.seconds)} x (${threshold.label} ${threshold.value} + 1)${excess} = ${format(total)}`;
}

/** The largest `analysis.threshold` (0 when none) whose Flagger rollback bound fits in `limitSeconds`. */
export function flaggerMaxThreshold(
  limitSeconds: number,
  intervalSeconds: number,
  windowSeconds: number,
): number {
  const room = limitSeconds - Math.max(0, windowSeconds - intervalSeconds);
  return Math.max(0, Math.floor(room / intervalSeconds) - 1);
}

/** The longest `analysis.interval`, in seconds (0 when none), whose Flagger rollback bound fits in `limitSeconds`. */
export function flaggerMaxInterval(limitSeconds: number, threshold: number, windowSeconds: number): number {
  // interval >= window: interval x (threshold + 1) <= limit.
  const atLeastWindow = Math.floor(limitSeconds / (threshold + 1));
  if (atLeastWindow >= windowSeconds) return atLeastWindow;
  // interval < window: interval x threshold + window <= limit.
  return Math.max(0, Math.min(windowSeconds - 1, Math.floor((limitSeconds - windowSeconds) / threshold)));
}

/**
 * Worst-case detection-to-rollback time of a spec.
 * - flagger: `flaggerRollbackSeconds`: `interval x (threshold + 1) + max(0, window - interval)`.
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
    const intervalSeconds = durationSeconds(interval) ?? 0;
    const seconds = flaggerRollbackSeconds(intervalSeconds, threshold, windowSeconds);
    return {
      seconds,
      explanation: flaggerRollbackArithmetic(
        { label: 'analysis.interval', seconds: intervalSeconds },
        { label: 'analysis.threshold', value: threshold },
        { label: 'slo.window', seconds: windowSeconds },
      ),
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
