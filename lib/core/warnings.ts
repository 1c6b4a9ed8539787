import { SpecIssue } from './errors';
import { CanaryPlan, resolvePlan } from './plan';
import { CanaryServiceSpec } from './spec';

/** The label kube-prometheus-stack's Prometheus selects rules and monitors by, by default. */
export const KUBE_PROMETHEUS_STACK_LABEL = 'release';

/**
 * Advice about a valid spec whose output would silently do nothing in a usual install; synthesis
 * still succeeds. Each is a `SpecIssue` (path, value, message with the fix), printed as a warning
 * by `canary-kit synth`, logged by the Pulumi component and listed by the cdk8s construct.
 *
 * - A PrometheusRule (or ServiceMonitor) without `observability.ruleLabels`: kube-prometheus-stack
 *   renders `ruleSelector` / `serviceMonitorSelector` as `matchLabels: { release: <Helm release> }`
 *   unless `ruleSelectorNilUsesHelmValues` / `serviceMonitorSelectorNilUsesHelmValues` is false
 *   (prometheus-community/helm-charts charts/kube-prometheus-stack/templates/prometheus/
 *   prometheus.yaml; both default to true in its values.yaml), so an unlabelled rule is loaded by
 *   no Prometheus of that chart and the alerts never fire.
 */
export function planWarnings(plan: CanaryPlan): SpecIssue[] {
  const warnings: SpecIssue[] = [];
  const o = plan.observability;
  const selected = [
    ...(o.alerts ? [`the PrometheusRule ${plan.names.prometheusRule}`] : []),
    ...(o.serviceMonitor ? [`the ServiceMonitor ${plan.names.name}`] : []),
    ...(o.envoyPodMonitor ? [`the PodMonitor ${plan.names.name}-envoy`] : []),
  ];
  if (selected.length > 0 && Object.keys(o.ruleLabels).length === 0) {
    warnings.push({
      path: 'observability.ruleLabels',
      value: {},
      message: `is empty, so ${selected.join(' and ')} carry no label that a Prometheus operator selects: kube-prometheus-stack selects rules and monitors by the label ${KUBE_PROMETHEUS_STACK_LABEL}: <its Helm release name> (ruleSelectorNilUsesHelmValues and serviceMonitorSelectorNilUsesHelmValues default to true), so no Prometheus would load ${o.alerts ? 'these alerts' : 'this monitor'}. Set observability.ruleLabels to { ${KUBE_PROMETHEUS_STACK_LABEL}: <release name> } (e.g. kube-prometheus-stack), or to the labels your Prometheus's ruleSelector matches.`,
    });
  }
  return warnings;
}

/** `planWarnings` of a spec; throws `CanarySpecError` when the spec is invalid. */
export function specWarnings(spec: CanaryServiceSpec): SpecIssue[] {
  return planWarnings(resolvePlan(spec));
}
