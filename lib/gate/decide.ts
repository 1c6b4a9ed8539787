/**
 * The pure decision of the gate: measurements and thresholds in, `advance`, `hold` or `rollback`
 * out, with every check and the test statistic, so that the decision record explains itself.
 *
 * Order of precedence:
 * 1. fewer than `slo.minRequests` canary requests, or no request count at all: `hold` (no verdict
 *    either way, as the alerts);
 * 2. any check that fails on numbers that exist: `rollback` (rolling back is the safe direction,
 *    so it never waits for a missing number elsewhere);
 * 3. any check that cannot be evaluated (no data, NaN, failed query, too few stable requests):
 *    `hold`, never `advance`;
 * 4. otherwise `advance`.
 */
import { formatNumber, formatProbability } from './format';
import { describeMissing, Measurements, TrackMeasurements } from './measurements';
import { twoProportionZTest, TwoProportionTest } from './statistics';
import { GateThresholds } from './thresholds';
import { customChecks, skippedCustomChecks } from './custom-metrics';

/** What the gate does with the canary. */
export type GateDecision = 'advance' | 'hold' | 'rollback';

/** The checks, in the order they are evaluated and listed. */
export type CheckId =
  | 'canary-requests'
  | 'canary-success-rate'
  | 'canary-p99-latency'
  | 'error-rate-vs-stable'
  | 'latency-ratio-vs-stable'
  | 'promotion-requests'
  | 'promotion-success-rate'
  | 'promotion-p99-latency'
  | 'promotion-latency-ratio'
  /** A custom metric of `slo.metrics`. */
  | `metric:${string}`;

/** `pass` and `fail` are verdicts on numbers; `unknown` means the check could not be evaluated. */
export type CheckStatus = 'pass' | 'fail' | 'unknown';

/** One check of the decision. */
export interface CheckResult {
  /** Which check. */
  readonly id: CheckId;
  /** Its outcome. */
  readonly status: CheckStatus;
  /** The measured value it judged (percent, ms, count, z or ratio), or null when there was none. */
  readonly measured: number | null;
  /** The limit it compared with, or null when not applicable. */
  readonly threshold: number | null;
  /** One sentence for people: the numbers and where the limit comes from. */
  readonly detail: string;
}

/** Values the gate computed from the readings, for the record. */
export interface DerivedValues {
  /** Canary success rate used, in percent (from the query, or from the 5xx count). */
  readonly canarySuccessRatePercent: number | null;
  /** Stable success rate used, in percent. */
  readonly stableSuccessRatePercent: number | null;
  /** Canary p99 / stable p99, or null when either is missing or stable p99 is 0. */
  readonly latencyRatio: number | null;
}

/** The outcome of {@link decide}. */
export interface Verdict {
  /** What to do. */
  readonly decision: GateDecision;
  /** Why, in one line: the failing checks for `rollback`, the missing ones for `hold`. */
  readonly reason: string;
  /** Every check, in order. */
  readonly checks: readonly CheckResult[];
  /** The error-rate comparison, when both tracks had enough requests and success rates. */
  readonly statistic: TwoProportionTest | undefined;
  /** Values computed from the readings. */
  readonly derived: DerivedValues;
}

interface SuccessRate {
  readonly value: number | null;
  readonly missing: string;
}

/**
 * The success rate of a track: the shared success-rate query, or, when that has no data while
 * the track has requests and a 5xx count, `100 * (1 - 5xx / requests)`.
 */
function successRateOf(track: TrackMeasurements): SuccessRate {
  const rate = track.successRatePercent;
  if (rate.value !== null) return { value: rate.value, missing: '' };
  const requests = track.requests.value;
  const errors = track.serverErrors;
  if (rate.problem === 'no-data' && requests !== null && requests > 0 && errors && errors.value !== null) {
    return { value: Math.min(100, Math.max(0, 100 * (1 - errors.value / requests))), missing: '' };
  }
  return { value: null, missing: describeMissing(rate) };
}

function check(
  id: CheckId,
  status: CheckStatus,
  measured: number | null,
  threshold: number | null,
  detail: string,
): CheckResult {
  return { id, status, measured, threshold, detail };
}

/** Decides from one evaluation's measurements. Pure: same input, same verdict. */
export function decide(measurements: Measurements, thresholds: GateThresholds): Verdict {
  const t = thresholds;
  const canaryRequests = measurements.canary.requests.value;
  const stableRequests = measurements.stable.requests.value;
  const canaryRate = successRateOf(measurements.canary);
  const stableRate = successRateOf(measurements.stable);
  const canaryP99 = measurements.canary.p99LatencyMs.value;
  const stableP99 = measurements.stable.p99LatencyMs.value;
  const latencyRatio =
    canaryP99 !== null && stableP99 !== null && stableP99 > 0 ? canaryP99 / stableP99 : null;
  const derived: DerivedValues = {
    canarySuccessRatePercent: canaryRate.value,
    stableSuccessRatePercent: stableRate.value,
    latencyRatio,
  };
  const checkIds: CheckId[] = ['canary-success-rate', 'canary-p99-latency', 'error-rate-vs-stable'];
  if (t.maxLatencyRatio !== undefined) checkIds.push('latency-ratio-vs-stable');

  let requestsCheck: CheckResult;
  if (canaryRequests === null) {
    requestsCheck = check(
      'canary-requests',
      'unknown',
      null,
      t.minRequests,
      `canary request count: ${describeMissing(measurements.canary.requests)}`,
    );
  } else if (canaryRequests < t.minRequests) {
    requestsCheck = check(
      'canary-requests',
      'unknown',
      canaryRequests,
      t.minRequests,
      `only ${formatNumber(canaryRequests, 1)} canary requests in the last ${t.window}; a verdict needs at least ${t.minRequests} (slo.minRequests)`,
    );
  } else {
    requestsCheck = check(
      'canary-requests',
      'pass',
      canaryRequests,
      t.minRequests,
      `${formatNumber(canaryRequests, 1)} canary requests in the last ${t.window} (at least ${t.minRequests})`,
    );
  }
  if (canaryRequests === null || requestsCheck.status !== 'pass') {
    const skipped: CheckResult[] = [
      ...checkIds.map((id) =>
        check(id, 'unknown', null, null, 'not evaluated: not enough canary requests for a verdict'),
      ),
      ...skippedCustomChecks(t.customMetrics ?? []),
    ];
    return {
      decision: 'hold',
      reason: requestsCheck.detail,
      checks: [requestsCheck, ...skipped],
      statistic: undefined,
      derived,
    };
  }
  const n = formatNumber(canaryRequests, 1);
  const checks: CheckResult[] = [requestsCheck];

  // Absolute SLO: success rate.
  if (canaryRate.value === null) {
    checks.push(
      check(
        'canary-success-rate',
        'unknown',
        null,
        t.successRatePercent,
        `canary success rate: ${canaryRate.missing}`,
      ),
    );
  } else if (canaryRate.value < t.successRatePercent) {
    checks.push(
      check(
        'canary-success-rate',
        'fail',
        canaryRate.value,
        t.successRatePercent,
        `canary success rate ${formatNumber(canaryRate.value)}% is below the SLO ${t.successRatePercent}% (slo.successRatePercent) over ${n} requests`,
      ),
    );
  } else {
    checks.push(
      check(
        'canary-success-rate',
        'pass',
        canaryRate.value,
        t.successRatePercent,
        `canary success rate ${formatNumber(canaryRate.value)}% meets the SLO ${t.successRatePercent}%`,
      ),
    );
  }

  // Absolute SLO: p99 latency.
  if (canaryP99 === null) {
    checks.push(
      check(
        'canary-p99-latency',
        'unknown',
        null,
        t.p99LatencyMs,
        `canary p99 latency: ${describeMissing(measurements.canary.p99LatencyMs)}`,
      ),
    );
  } else if (canaryP99 > t.p99LatencyMs) {
    checks.push(
      check(
        'canary-p99-latency',
        'fail',
        canaryP99,
        t.p99LatencyMs,
        `canary p99 latency ${formatNumber(canaryP99, 1)} ms is above the SLO ${t.p99LatencyMs} ms (slo.p99LatencyMs)`,
      ),
    );
  } else {
    checks.push(
      check(
        'canary-p99-latency',
        'pass',
        canaryP99,
        t.p99LatencyMs,
        `canary p99 latency ${formatNumber(canaryP99, 1)} ms meets the SLO ${t.p99LatencyMs} ms`,
      ),
    );
  }

  // Comparisons with stable need enough stable requests.
  let stableProblem: string | undefined;
  if (stableRequests === null) {
    stableProblem = `stable request count: ${describeMissing(measurements.stable.requests)}`;
  } else if (stableRequests < t.minRequests) {
    stableProblem = `only ${formatNumber(stableRequests, 1)} stable requests in the last ${t.window}; a comparison needs at least ${t.minRequests} (slo.minRequests)`;
  }

  let statistic: TwoProportionTest | undefined;
  if (stableProblem !== undefined) {
    checks.push(check('error-rate-vs-stable', 'unknown', null, null, stableProblem));
  } else if (canaryRate.value === null || stableRate.value === null) {
    const what =
      canaryRate.value === null
        ? `canary success rate: ${canaryRate.missing}`
        : `stable success rate: ${stableRate.missing}`;
    checks.push(check('error-rate-vs-stable', 'unknown', null, null, what));
  } else {
    const canaryTrials = canaryRequests;
    const stableTrials = stableRequests as number;
    statistic = twoProportionZTest(
      { trials: canaryTrials, failures: canaryTrials * (1 - canaryRate.value / 100) },
      { trials: stableTrials, failures: stableTrials * (1 - stableRate.value / 100) },
      t.confidence,
    );
    const rates = `canary error rate ${formatNumber(statistic.proportion1 * 100)}% vs stable ${formatNumber(statistic.proportion2 * 100)}%`;
    const numbers = `two-proportion z = ${formatNumber(statistic.z)}, critical ${formatNumber(statistic.criticalZ, 3)}, one-sided p = ${formatProbability(statistic.pValue)} at ${formatNumber(t.confidence * 100)}% confidence`;
    checks.push(
      statistic.significant
        ? check(
            'error-rate-vs-stable',
            'fail',
            statistic.z,
            statistic.criticalZ,
            `${rates}: the canary is significantly worse (${numbers})`,
          )
        : check(
            'error-rate-vs-stable',
            'pass',
            statistic.z,
            statistic.criticalZ,
            `${rates}: not significantly worse (${numbers})`,
          ),
    );
  }

  if (t.maxLatencyRatio !== undefined) {
    const max = t.maxLatencyRatio;
    if (stableProblem !== undefined) {
      checks.push(check('latency-ratio-vs-stable', 'unknown', null, max, stableProblem));
    } else if (canaryP99 === null || stableP99 === null) {
      const which = canaryP99 === null ? measurements.canary.p99LatencyMs : measurements.stable.p99LatencyMs;
      const track = canaryP99 === null ? 'canary' : 'stable';
      checks.push(
        check(
          'latency-ratio-vs-stable',
          'unknown',
          null,
          max,
          `${track} p99 latency: ${describeMissing(which)}`,
        ),
      );
    } else if (latencyRatio === null) {
      checks.push(
        check(
          'latency-ratio-vs-stable',
          'unknown',
          null,
          max,
          `stable p99 latency is ${formatNumber(stableP99, 1)} ms, so the canary/stable ratio is undefined`,
        ),
      );
    } else {
      const numbers = `canary p99 ${formatNumber(canaryP99, 1)} ms is ${formatNumber(latencyRatio)}x stable's ${formatNumber(stableP99, 1)} ms`;
      checks.push(
        latencyRatio > max
          ? check(
              'latency-ratio-vs-stable',
              'fail',
              latencyRatio,
              max,
              `${numbers}, above the limit ${max}x (slo.maxLatencyRatio)`,
            )
          : check('latency-ratio-vs-stable', 'pass', latencyRatio, max, `${numbers}, within ${max}x`),
      );
    }
  }

  checks.push(...customChecks(t.customMetrics ?? [], measurements.custom ?? []));

  const failed = checks.filter((c) => c.status === 'fail');
  if (failed.length > 0) {
    return {
      decision: 'rollback',
      reason: failed.map((c) => c.detail).join('; '),
      checks,
      statistic,
      derived,
    };
  }
  const unknown = checks.filter((c) => c.status === 'unknown');
  if (unknown.length > 0) {
    return {
      decision: 'hold',
      reason: `cannot judge the canary: ${unknown.map((c) => c.detail).join('; ')}`,
      checks,
      statistic,
      derived,
    };
  }
  return {
    decision: 'advance',
    reason: `every check passed over ${n} canary requests in the last ${t.window}`,
    checks,
    statistic,
    derived,
  };
}
