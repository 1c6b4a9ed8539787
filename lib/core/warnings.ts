import { SpecIssue } from './errors';
import { CanaryPlan, resolvePlan } from './plan';
import { CanaryServiceSpec } from './spec';
import { parseImage } from './validate/rules/image';

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
 * - A gate image (`automation.image`) pinned by tag only: a tag can be moved to other code, and the
 *   CronJob pulls it at every run and then decides rollouts with the gate's RBAC and Prometheus
 *   credentials. A digest pins exactly the reviewed image (issue 16 item 6). canary-kit does not
 *   know which environment is production, so it warns for every spec with automation; `:latest`
 *   and untagged images are errors already.
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
  const automation = plan.automation;
  if (automation) {
    const { repository, tag, digest } = parseImage(automation.image);
    if (digest === undefined) {
      warnings.push({
        path: 'automation.image',
        value: automation.image,
        message: `is pinned by tag only: a tag can be moved to other code, and the gate CronJob pulls its image at every run and decides rollouts with the gate's permissions and Prometheus credentials. Pin it by digest: ${repository}${tag === undefined ? '' : `:${tag}`}@sha256:<digest> (docker buildx imagetools inspect prints it); see docs/security.md.`,
      });
    }
  }
  return warnings;
}

/** `planWarnings` of a spec; throws `CanarySpecError` when the spec is invalid. */
export function specWarnings(spec: CanaryServiceSpec): SpecIssue[] {
  return planWarnings(resolvePlan(spec));
}
