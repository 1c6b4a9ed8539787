/**
 * The promotion criteria (issue: careful mesh rollouts): stricter numbers than the SLO that a
 * canary must also meet to advance. They never roll back: a canary that meets the SLO but not
 * these holds. Evaluated only on an evaluation whose SLO verdict is `advance`, so every number
 * they need exists (the SLO checks would have held otherwise).
 */
import { PromotionCriteriaPlan } from '../core/promotion-criteria';
import { CheckResult, DerivedValues } from './decide';
import { formatNumber } from './format';
import { Measurements } from './measurements';

/** The promotion criteria as recorded (`maxLatencyRatio` null when not checked). */
export interface RecordPromotionCriteria {
  readonly successRatePercent: number;
  readonly p99LatencyMs: number;
  readonly maxLatencyRatio: number | null;
  readonly minRequests: number;
  /** Where they come from, e.g. `traffic.stages[1].promotionCriteria`. */
  readonly from: string;
}

/** Every promotion check of an evaluation whose SLO checks passed. */
export function promotionChecks(
  measurements: Measurements,
  derived: DerivedValues,
  criteria: PromotionCriteriaPlan,
  window: string,
): CheckResult[] {
  const checks: CheckResult[] = [];
  const requests = measurements.canary.requests.value;
  const rate = derived.canarySuccessRatePercent;
  const p99 = measurements.canary.p99LatencyMs.value;
  const ratio = derived.latencyRatio;
  const result = (
    id: CheckResult['id'],
    value: number | null,
    threshold: number,
    ok: boolean,
    detail: string,
  ): CheckResult => ({
    id,
    status: value === null ? 'unknown' : ok ? 'pass' : 'fail',
    measured: value,
    threshold,
    detail,
  });
  checks.push(
    result(
      'promotion-requests',
      requests,
      criteria.minRequests,
      requests !== null && requests >= criteria.minRequests,
      requests === null
        ? 'canary request count: no value'
        : `${formatNumber(requests, 1)} canary requests in the last ${window}; advancing needs at least ${criteria.minRequests}`,
    ),
  );
  checks.push(
    result(
      'promotion-success-rate',
      rate,
      criteria.successRatePercent,
      rate !== null && rate >= criteria.successRatePercent,
      rate === null
        ? 'canary success rate: no value'
        : `canary success rate ${formatNumber(rate)}%; advancing needs at least ${criteria.successRatePercent}%`,
    ),
  );
  checks.push(
    result(
      'promotion-p99-latency',
      p99,
      criteria.p99LatencyMs,
      p99 !== null && p99 <= criteria.p99LatencyMs,
      p99 === null
        ? 'canary p99 latency: no value'
        : `canary p99 latency ${formatNumber(p99, 1)} ms; advancing needs at most ${criteria.p99LatencyMs} ms`,
    ),
  );
  if (criteria.maxLatencyRatio !== undefined) {
    checks.push(
      result(
        'promotion-latency-ratio',
        ratio,
        criteria.maxLatencyRatio,
        ratio !== null && ratio <= criteria.maxLatencyRatio,
        ratio === null
          ? 'canary/stable p99 ratio: no value'
          : `canary p99 is ${formatNumber(ratio)}x stable's; advancing needs at most ${criteria.maxLatencyRatio}x`,
      ),
    );
  }
  return checks;
}

/** Why a canary that meets the SLO must hold, or undefined when it meets the promotion criteria. */
export function promotionBlocker(checks: readonly CheckResult[], from: string): string | undefined {
  const unmet = checks.filter((c) => c.status !== 'pass');
  if (unmet.length === 0) return undefined;
  return `the canary meets the SLO (no rollback), but not the promotion criteria (${from}): ${unmet.map((c) => c.detail).join('; ')}`;
}
