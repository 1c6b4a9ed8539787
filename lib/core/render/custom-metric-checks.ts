import { CanaryPlan } from '../plan';
import type { MetricCheck } from './metric-templates';

/**
 * The Flagger checks of the gating custom metrics (`slo.metrics` with `gating` not false): the
 * query verbatim (Flagger renders its variables at every check), the metric's own window and
 * `templateVariables`. Flagger fails the check when the value is outside `thresholdRange`
 * (pkg/controller/scheduler_metrics.go, `runMetricChecks`: `val < *metric.ThresholdRange.Min` or
 * `val > *metric.ThresholdRange.Max`).
 */
export function customMetricChecks(plan: CanaryPlan): MetricCheck[] {
  return plan.customMetrics
    .filter((metric) => metric.gating)
    .map((metric) => ({
      name: metric.name,
      query: metric.query,
      thresholdRange: {
        ...(metric.min !== undefined ? { min: metric.min } : {}),
        ...(metric.max !== undefined ? { max: metric.max } : {}),
      },
      interval: metric.interval,
      templateVariables: metric.templateVariables,
    }));
}
