import {
  flaggerMaxInterval,
  flaggerMaxThreshold,
  flaggerRollbackArithmetic,
  flaggerRollbackSeconds,
} from '../../core/rollback-sla';
import { ROLLBACK_WITHIN_ANNOTATION } from '../annotations';
import { formatDuration, parseDurationSeconds } from '../duration';
import { CanaryInfo } from '../model';
import { asArray, asBoolean, asNumber, asRecord, asString, dig } from '../read';
import { at, LintRule, RuleFinding } from '../rule';

/** Flagger's defaults (fluxcd/flagger pkg/apis/flagger/v1beta1/canary.go). */
const DEFAULT_INTERVAL_SECONDS = 60;
const MIN_INTERVAL_SECONDS = 10;
const DEFAULT_METRIC_INTERVAL_SECONDS = 60;

/** The worst-case time Flagger needs to roll back a bad canary, and the arithmetic. */
export interface FlaggerRollbackBound {
  /** Seconds: `interval x (threshold + 1) + max(0, longest metric interval - interval)`. */
  readonly seconds: number;
  /** Analysis interval in seconds. */
  readonly interval: number;
  /** Failed checks before rollback. */
  readonly threshold: number;
  /** Longest metric query window in seconds. */
  readonly window: number;
  /** The arithmetic, for messages. */
  readonly explanation: string;
}

/**
 * Worst-case detection-to-rollback time of a Canary: Flagger checks once per `analysis.interval`
 * (60s by default, at least 10s), tests the failure threshold before it runs the analysis, so it
 * rolls back one interval after the `analysis.threshold`-th failed check; each check looks back
 * over its metric's `interval` (1m by default), and the part of it longer than the analysis
 * interval delays the first fully failing check: `flaggerRollbackSeconds`, the function
 * canary-kit's own `rollbackWithin` check uses at synthesis (fluxcd/flagger v1.44.0
 * pkg/controller/scheduler.go, `advanceCanary`).
 */
export function flaggerRollbackBound(canary: CanaryInfo): FlaggerRollbackBound {
  const rawInterval = asString(canary.analysis.interval);
  const parsed = rawInterval === undefined ? undefined : parseDurationSeconds(rawInterval);
  const interval = Math.max(parsed ?? DEFAULT_INTERVAL_SECONDS, MIN_INTERVAL_SECONDS);
  const rawThreshold = asNumber(canary.analysis.threshold);
  const threshold = rawThreshold !== undefined && rawThreshold > 0 ? rawThreshold : 1;
  const window = Math.max(
    0,
    ...asArray(canary.analysis.metrics).map((m) => {
      const text = asString(asRecord(m)?.interval);
      return (text === undefined ? undefined : parseDurationSeconds(text)) ?? DEFAULT_METRIC_INTERVAL_SECONDS;
    }),
  );
  const seconds = flaggerRollbackSeconds(interval, threshold, window);
  return {
    seconds,
    interval,
    threshold,
    window,
    explanation: flaggerRollbackArithmetic(
      { label: 'interval', seconds: interval },
      { label: 'threshold', value: threshold },
      { label: 'metric window', seconds: window },
      formatDuration,
    ),
  };
}

function* checkCanary(canary: CanaryInfo): Generator<RuleFinding> {
  const raw = canary.object.annotations[ROLLBACK_WITHIN_ANNOTATION];
  if (raw === undefined) return;
  const annotationPath = ['metadata', 'annotations', ROLLBACK_WITHIN_ANNOTATION];
  const limit = parseDurationSeconds(raw);
  if (limit === undefined || limit <= 0) {
    yield at(
      canary.object,
      annotationPath,
      `${ROLLBACK_WITHIN_ANNOTATION} "${raw}" is not a duration.`,
      `Write a duration such as "10m" or "5m30s".`,
    );
    return;
  }
  if (asBoolean(dig(canary.object.manifest, 'spec', 'skipAnalysis')) === true) {
    yield at(
      canary.object,
      ['spec', 'skipAnalysis'],
      `skipAnalysis is true, so Flagger promotes without analysis and never rolls back; ${ROLLBACK_WITHIN_ANNOTATION} "${raw}" cannot be met.`,
      `Set spec.skipAnalysis to false (or remove the annotation for an emergency release without analysis).`,
    );
    return;
  }
  const bound = flaggerRollbackBound(canary);
  if (bound.seconds <= limit) return;
  const maxThreshold = flaggerMaxThreshold(limit, bound.interval, bound.window);
  const maxInterval = flaggerMaxInterval(limit, bound.threshold, bound.window);
  const fix =
    maxThreshold >= 1
      ? `Lower ${canary.analysisPath}.threshold to ${maxThreshold}, or shorten ${canary.analysisPath}.interval to ${formatDuration(Math.max(maxInterval, MIN_INTERVAL_SECONDS))}, or relax the annotation to "${formatDuration(bound.seconds)}".`
      : maxInterval >= MIN_INTERVAL_SECONDS
        ? `Shorten ${canary.analysisPath}.interval to ${formatDuration(maxInterval)}, or relax the annotation to "${formatDuration(bound.seconds)}".`
        : `Shorten the metric intervals (now ${formatDuration(bound.window)}) and the analysis interval, or relax the annotation to "${formatDuration(bound.seconds)}".`;
  yield at(
    canary.object,
    canary.analysisPath.split('.'),
    `Flagger needs up to ${bound.explanation} to roll back a bad canary, longer than ${ROLLBACK_WITHIN_ANNOTATION} "${raw}".`,
    fix,
  );
}

/**
 * A Flagger Canary annotated `canary-kit.dev/rollback-within: <duration>` whose analysis cannot
 * detect a bad canary and roll it back in that time.
 */
export const rollbackWithin: LintRule = {
  id: 'rollback-within',
  severity: 'error',
  summary: `A Canary's analysis cannot roll back within its ${ROLLBACK_WITHIN_ANNOTATION} annotation (interval x (threshold + 1) + the metric window beyond one interval).`,
  *check(model) {
    for (const canary of model.canaries) yield* checkCanary(canary);
  },
};
