/**
 * Promotion criteria: what a canary must meet to advance, on top of the SLO that decides
 * rollback. Resolved once per stage (stage fields over `traffic.promotionCriteria` over the SLO).
 */
import { PromotionCriteriaSpec } from './spec';

/** The criteria to advance, every field set (from the SLO where the spec gives none). */
export interface PromotionCriteriaPlan {
  /** Lowest canary success rate to advance, percent. */
  readonly successRatePercent: number;
  /** Highest canary p99 latency to advance, ms. */
  readonly p99LatencyMs: number;
  /** Highest canary/stable p99 ratio to advance; undefined: not checked. */
  readonly maxLatencyRatio: number | undefined;
  /** Fewest canary requests in the window to advance. */
  readonly minRequests: number;
  /** True when any field is stricter than the SLO (else promotion is decided by the SLO alone). */
  readonly stricterThanSlo: boolean;
}

/** The SLO fields the criteria default to. */
export interface SloLimits {
  readonly successRatePercent: number;
  readonly p99LatencyMs: number;
  readonly maxLatencyRatio: number | undefined;
  readonly minRequests: number;
}

/** The criteria given (possibly none) completed from the SLO. */
export function resolvePromotionCriteria(
  slo: SloLimits,
  given: PromotionCriteriaSpec | undefined,
): PromotionCriteriaPlan {
  const criteria = {
    successRatePercent: given?.successRatePercent ?? slo.successRatePercent,
    p99LatencyMs: given?.p99LatencyMs ?? slo.p99LatencyMs,
    maxLatencyRatio: given?.maxLatencyRatio ?? slo.maxLatencyRatio,
    minRequests: given?.minRequests ?? slo.minRequests,
  };
  const stricterThanSlo =
    criteria.successRatePercent > slo.successRatePercent ||
    criteria.p99LatencyMs < slo.p99LatencyMs ||
    (criteria.maxLatencyRatio !== undefined &&
      (slo.maxLatencyRatio === undefined || criteria.maxLatencyRatio < slo.maxLatencyRatio)) ||
    criteria.minRequests > slo.minRequests;
  return { ...criteria, stricterThanSlo };
}
