import { literalQuery } from '../custom-metrics';
import { CanaryPlan } from '../plan';

/**
 * Threshold steps of a custom metric's panel: red outside [min, max], green inside, drawn as
 * lines (Grafana `thresholdsStyle.mode: line`), the same numbers as the check and the alert.
 */
function steps(
  min: number | undefined,
  max: number | undefined,
): Array<{ color: string; value: number | null }> {
  if (min !== undefined && max !== undefined) {
    return [
      { color: 'red', value: null },
      { color: 'green', value: min },
      { color: 'red', value: max },
    ];
  }
  if (min !== undefined) {
    return [
      { color: 'red', value: null },
      { color: 'green', value: min },
    ];
  }
  return [
    { color: 'green', value: null },
    { color: 'red', value: max ?? null },
  ];
}

/**
 * One timeseries panel per custom metric, after the built-in panels (ids from `firstId`), laid
 * out two per row like them. The query is rendered with this canary's values.
 */
export function customMetricPanels(plan: CanaryPlan, firstId: number): Record<string, unknown>[] {
  return plan.customMetrics.flatMap((metric, index) => {
    const expr = literalQuery(metric, { namespace: plan.names.namespace, target: plan.names.name });
    if (expr === undefined) return [];
    const id = firstId + index;
    return [
      {
        id,
        type: 'timeseries',
        title: `${metric.name}${metric.gating ? '' : ' (not gating)'}`,
        datasource: { type: 'prometheus', uid: '${datasource}' },
        gridPos: { h: 8, w: 12, x: ((id - 1) % 2) * 12, y: Math.floor((id - 1) / 2) * 8 },
        fieldConfig: {
          defaults: {
            unit: metric.unit,
            thresholds: { mode: 'absolute', steps: steps(metric.min, metric.max) },
            custom: { thresholdsStyle: { mode: 'line' } },
          },
          overrides: [],
        },
        targets: [{ refId: 'A', expr, legendFormat: 'canary' }],
      },
    ];
  });
}
