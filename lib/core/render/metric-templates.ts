import { CanaryPlan } from '../plan';
import { FLAGGER_CONTEXT, latencyRatio, p99Latency, selector, successRate } from '../queries';
import { objectMeta, RenderedResource } from './resource';
import { customMetricChecks } from './custom-metric-checks';

/** Flagger's template variable for the metric's interval. */
const INTERVAL = '{{ interval }}';

/** One metric check of the Canary: its template and its threshold. */
export interface MetricCheck {
  /** Name of the check in the Canary, e.g. `success-rate`. */
  readonly name: string;
  /** The PromQL, with Flagger's `{{ namespace }}`, `{{ target }}` and `{{ interval }}`. */
  readonly query: string;
  /** `min` (the value must stay at or above) or `max` (at or below). */
  readonly thresholdRange: { readonly min?: number; readonly max?: number };
  /** The metric's window (`{{ interval }}`); undefined: `slo.window`. */
  readonly interval?: string;
  /** Flagger's `templateVariables` of the metric. */
  readonly templateVariables?: Readonly<Record<string, string>>;
}

/**
 * The metric checks that Flagger runs at every interval, derived from the SLO:
 * `success-rate` (percent of non-5xx responses, a `min`), `latency-p99` (ms, a `max`) and,
 * with `slo.maxLatencyRatio`, `latency-ratio` (canary p99 / primary p99, a `max`).
 * Every query selects the canary as `{{ target }}` (Flagger's target Deployment runs the canary
 * pods during analysis) and the primary as `{{ target }}-primary`.
 */
export function metricChecks(plan: CanaryPlan): MetricCheck[] {
  const canary = selector(plan, 'canary', FLAGGER_CONTEXT);
  const stable = selector(plan, 'stable', FLAGGER_CONTEXT);
  const checks: MetricCheck[] = [
    {
      name: 'success-rate',
      query: successRate(canary, INTERVAL),
      thresholdRange: { min: plan.slo.successRatePercent },
    },
    {
      name: 'latency-p99',
      query: p99Latency(canary, INTERVAL),
      thresholdRange: { max: plan.slo.p99LatencyMs },
    },
  ];
  if (plan.slo.maxLatencyRatio !== undefined) {
    checks.push({
      name: 'latency-ratio',
      query: latencyRatio(canary, stable, INTERVAL),
      thresholdRange: { max: plan.slo.maxLatencyRatio },
    });
  }
  return [...checks, ...customMetricChecks(plan)];
}

/** The MetricTemplates of `flagger` mode, `<name>-<check>`, one per metric check. */
export function renderMetricTemplates(plan: CanaryPlan): RenderedResource[] {
  if (plan.mode !== 'flagger') return [];
  return metricChecks(plan).map((check) => ({
    id: `metric-template-${check.name}`,
    dependsOn: [],
    manifest: {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'MetricTemplate',
      metadata: objectMeta(plan, plan.names.metricTemplate(check.name)),
      spec: {
        provider: { type: 'prometheus', address: plan.analysis.prometheusAddress },
        query: check.query,
      },
    },
  }));
}
