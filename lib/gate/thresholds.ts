import { CanaryPlan } from '../core/plan';
import { customGateMetrics, CustomGateMetric } from './custom-metrics';

/**
 * Confidence of the error-rate comparison: one-sided, 99%. The gate runs every few minutes, so a
 * 95% test would roll back a healthy canary about once in twenty runs; at 99% it is once in a
 * hundred, and `automation.failuresBeforeRollback` lowers that further.
 */
export const DEFAULT_CONFIDENCE = 0.99;

/** The numbers the gate judges by: the spec's SLO (the same numbers as the alerts) and the confidence. */
export interface GateThresholds {
  /** Lowest acceptable canary success rate, in percent (`slo.successRatePercent`). */
  readonly successRatePercent: number;
  /** Highest acceptable canary p99 latency, in milliseconds (`slo.p99LatencyMs`). */
  readonly p99LatencyMs: number;
  /** Highest acceptable canary p99 / stable p99 (`slo.maxLatencyRatio`); undefined: not checked. */
  readonly maxLatencyRatio: number | undefined;
  /** Fewest requests of a track in the window before its numbers count (`slo.minRequests`). */
  readonly minRequests: number;
  /** The PromQL range of every query, e.g. `1m` (`slo.window`). */
  readonly window: string;
  /**
   * Confidence of the one-sided error-rate comparison, in (0.5, 1).
   * @default DEFAULT_CONFIDENCE (0.99)
   */
  readonly confidence: number;
  /**
   * Gating custom metrics (`slo.metrics`), with their literal queries and bounds.
   * @default []
   */
  readonly customMetrics?: readonly CustomGateMetric[];
}

/** The thresholds of a plan: its SLO, with the given confidence. */
export function thresholdsFromPlan(
  plan: CanaryPlan,
  confidence: number = DEFAULT_CONFIDENCE,
): GateThresholds {
  return {
    successRatePercent: plan.slo.successRatePercent,
    p99LatencyMs: plan.slo.p99LatencyMs,
    maxLatencyRatio: plan.slo.maxLatencyRatio,
    minRequests: plan.slo.minRequests,
    window: plan.slo.window,
    confidence,
    customMetrics: customGateMetrics(plan),
  };
}
