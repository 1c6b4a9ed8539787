/**
 * The gate's checks of custom metrics (`slo.metrics` with `gating` not false) in `mesh` mode: the
 * same query as the alert and the panel (rendered with this service's values, as Flagger would
 * render it) and the same [min, max]. A metric without a number holds the gate, never advances it.
 */
import { literalQuery } from '../core/custom-metrics';
import { CanaryPlan } from '../core/plan';
import { formatNumber } from './format';
import { describeMissing, Reading } from './measurements';

/** A gating custom metric as the gate evaluates it. */
export interface CustomGateMetric {
  /** Name of the metric (`slo.metrics[].name`). */
  readonly name: string;
  /** The PromQL, rendered with literal values. */
  readonly query: string;
  /** Lowest acceptable value. */
  readonly min: number | undefined;
  /** Highest acceptable value. */
  readonly max: number | undefined;
}

/** The reading of one custom metric. */
export interface CustomReading {
  /** Name of the metric. */
  readonly name: string;
  /** What Prometheus returned. */
  readonly reading: Reading;
}

/** The status of a custom check, as `decide` reports checks. */
export interface CustomCheck {
  /** `metric:<name>`. */
  readonly id: `metric:${string}`;
  readonly status: 'pass' | 'fail' | 'unknown';
  readonly measured: number | null;
  /** The bound it was compared with (the violated one, else max, else min). */
  readonly threshold: number | null;
  readonly detail: string;
}

/** The gating custom metrics of a plan, with their literal queries. */
export function customGateMetrics(plan: CanaryPlan): CustomGateMetric[] {
  return plan.customMetrics.flatMap((metric) => {
    if (!metric.gating) return [];
    const query = literalQuery(metric, { namespace: plan.names.namespace, target: plan.names.name });
    return query === undefined ? [] : [{ name: metric.name, query, min: metric.min, max: metric.max }];
  });
}

function range(metric: CustomGateMetric): string {
  if (metric.min !== undefined && metric.max !== undefined) return `[${metric.min}, ${metric.max}]`;
  return metric.min !== undefined ? `at least ${metric.min}` : `at most ${metric.max}`;
}

/** One check per gating custom metric; a missing reading is `unknown`. */
export function customChecks(
  metrics: readonly CustomGateMetric[],
  readings: readonly CustomReading[],
): CustomCheck[] {
  return metrics.map((metric) => {
    const id = `metric:${metric.name}` as const;
    const where = `(slo.metrics ${metric.name})`;
    const reading = readings.find((r) => r.name === metric.name)?.reading;
    if (!reading || reading.value === null) {
      const why = reading ? describeMissing(reading) : 'not read';
      return {
        id,
        status: 'unknown',
        measured: null,
        threshold: metric.max ?? metric.min ?? null,
        detail: `${metric.name}: ${why}`,
      };
    }
    const value = reading.value;
    if (metric.min !== undefined && value < metric.min) {
      return {
        id,
        status: 'fail',
        measured: value,
        threshold: metric.min,
        detail: `${metric.name} ${formatNumber(value)} is below ${metric.min} ${where}`,
      };
    }
    if (metric.max !== undefined && value > metric.max) {
      return {
        id,
        status: 'fail',
        measured: value,
        threshold: metric.max,
        detail: `${metric.name} ${formatNumber(value)} is above ${metric.max} ${where}`,
      };
    }
    return {
      id,
      status: 'pass',
      measured: value,
      threshold: metric.max ?? metric.min ?? null,
      detail: `${metric.name} ${formatNumber(value)} is within ${range(metric)}`,
    };
  });
}

/** Skipped checks, when the canary has too few requests for any verdict. */
export function skippedCustomChecks(metrics: readonly CustomGateMetric[]): CustomCheck[] {
  return metrics.map((metric) => ({
    id: `metric:${metric.name}` as const,
    status: 'unknown' as const,
    measured: null,
    threshold: null,
    detail: 'not evaluated: not enough canary requests for a verdict',
  }));
}
