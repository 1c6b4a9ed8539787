import type { AlertRule } from './alerts';
import { CustomMetricPlan, literalQuery } from './custom-metrics';
import { CanaryPlan } from './plan';

/** `error-budget` becomes `ErrorBudget`. */
function pascalCase(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** The alert name of a custom metric, e.g. `CanaryMetricErrorBudget`. */
export function customMetricAlertName(metric: { readonly name: string }): string {
  return `CanaryMetric${pascalCase(metric.name)}`;
}

/** The PromQL condition "outside [min, max]" of a literal query. */
export function breachCondition(query: string, metric: CustomMetricPlan): string {
  const below = metric.min !== undefined ? `(${query}) < ${metric.min}` : undefined;
  const above = metric.max !== undefined ? `(${query}) > ${metric.max}` : undefined;
  if (below && above) return `(${below}) or (${above})`;
  return (below ?? above) as string;
}

function bounds(metric: CustomMetricPlan): string {
  if (metric.min !== undefined && metric.max !== undefined) return `from ${metric.min} to ${metric.max}`;
  return metric.min !== undefined ? `at least ${metric.min}` : `at most ${metric.max}`;
}

/**
 * One alert per custom metric, with the same query (rendered as Flagger renders it, with this
 * canary's values) and the same threshold as the Flagger or gate check: it fires when the value
 * leaves [min, max] for `observability.alertFor`. A query without data does not fire.
 */
export function customMetricAlerts(plan: CanaryPlan): AlertRule[] {
  const who = `${plan.names.namespace}/${plan.names.name}`;
  return plan.customMetrics.flatMap((metric) => {
    const query = literalQuery(metric, { namespace: plan.names.namespace, target: plan.names.name });
    if (query === undefined) return [];
    return [
      {
        alert: customMetricAlertName(metric),
        expr: breachCondition(query, metric),
        for: plan.observability.alertFor,
        labels: {
          severity: 'warning',
          canary_service: plan.names.name,
          namespace: plan.names.namespace,
          metric: metric.name,
        },
        annotations: {
          summary: `Canary of ${who}: ${metric.name} is outside its threshold (${bounds(metric)}).`,
          description: `${metric.name} is {{ $value | humanize }} over ${metric.interval} (acceptable: ${bounds(metric)}).`,
        },
      },
    ];
  });
}
