import { alertRules } from '../alerts';
import { CanaryPlan } from '../plan';
import { objectMeta, RenderedResource } from './resource';

/** The PrometheusRule with the canary alerts (see `alerts.ts`), unless alerts are turned off. */
export function renderPrometheusRule(plan: CanaryPlan): RenderedResource[] {
  if (!plan.observability.alerts) return [];
  return [
    {
      id: 'prometheus-rule',
      dependsOn: [],
      manifest: {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: objectMeta(plan, plan.names.prometheusRule, {
          labels: { ...plan.observability.ruleLabels },
        }),
        spec: {
          groups: [
            {
              name: `canary-kit.${plan.names.namespace}.${plan.names.name}`,
              rules: alertRules(plan).map((rule) => ({
                alert: rule.alert,
                expr: rule.expr,
                for: rule.for,
                labels: { ...rule.labels },
                annotations: { ...rule.annotations },
              })),
            },
          ],
        },
      },
    },
  ];
}
