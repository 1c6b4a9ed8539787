import { CanaryPlan } from '../plan';
import { renderAlertProviders } from './alert-providers';
import { renderAutoscaler } from './autoscaler';
import { renderDeployments } from './deployment';
import { renderDestinationRule } from './destination-rule';
import { renderFlaggerCanary } from './flagger-canary';
import { renderGate } from './gate';
import { renderDashboard } from './grafana-dashboard';
import { renderMetricTemplates } from './metric-templates';
import { renderPrometheusRule } from './prometheus-rule';
import { RenderedResource } from './resource';
import { renderService } from './service';
import { renderServiceMonitor } from './service-monitor';
import { renderEnvoyPodMonitor } from './envoy-pod-monitor';
import { renderRootVirtualService, renderVirtualService } from './virtual-service';

/**
 * Every renderer, in output order. Each returns nothing when its object does not apply to the
 * plan's mode or options, so the order below is the order of the output in both modes:
 *
 * | # | id                          | kind                    | flagger | mesh |
 * |---|-----------------------------|-------------------------|---------|------|
 * | 1 | deployment / -stable/-canary| Deployment              | target  | both |
 * | 2 | autoscaler                  | HorizontalPodAutoscaler | option  | option |
 * | 3 | service                     | Service                 | -       | yes  |
 * | 4 | destination-rule            | DestinationRule         | -       | yes  |
 * | 5 | virtual-service             | VirtualService          | -       | yes  |
 * | 6 | metric-template-<check>     | MetricTemplate          | yes     | -    |
 * | 6b| alert-provider-<name>       | AlertProvider           | notifications | - |
 * | 7 | canary                      | Canary                  | yes     | -    |
 * | 8 | root-virtual-service        | VirtualService          | delegation | - |
 * | 9 | prometheus-rule             | PrometheusRule          | option  | option |
 * |10 | service-monitor             | ServiceMonitor          | option  | option |
 * |10b| envoy-pod-monitor           | PodMonitor              | option  | option |
 * |11 | dashboard                   | ConfigMap               | option  | option |
 * |12 | gate-*                      | ServiceAccount, Role, RoleBinding, ConfigMap, CronJob | - | automation |
 */
export const RENDERERS: ReadonlyArray<(plan: CanaryPlan) => RenderedResource[]> = [
  renderDeployments,
  renderAutoscaler,
  renderService,
  renderDestinationRule,
  renderVirtualService,
  renderMetricTemplates,
  renderAlertProviders,
  renderFlaggerCanary,
  renderRootVirtualService,
  renderPrometheusRule,
  renderServiceMonitor,
  renderEnvoyPodMonitor,
  renderDashboard,
  renderGate,
];

/** Renders a plan into its resources, in the documented order. */
export function renderPlan(plan: CanaryPlan): RenderedResource[] {
  return RENDERERS.flatMap((render) => render(plan));
}
