import { CanaryPlan } from '../plan';
import { HTTP_PORT_NAME } from './deployment';
import { MONITOR_LABEL } from './service';
import { objectMeta, RenderedResource } from './resource';

/**
 * The ServiceMonitor for the application's own metrics, when asked. It selects Services by the
 * `canary-kit.dev/monitor` label: the `mesh` Service carries it, and in `flagger` mode the Canary
 * puts it on Flagger's `<name>-primary` and `<name>-canary` Services, so both tracks are scraped
 * and the apex Service is not scraped twice.
 */
export function renderServiceMonitor(plan: CanaryPlan): RenderedResource[] {
  if (!plan.observability.serviceMonitor) return [];
  return [
    {
      id: 'service-monitor',
      dependsOn: [],
      manifest: {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: objectMeta(plan, plan.names.name, { labels: { ...plan.observability.ruleLabels } }),
        spec: {
          selector: { matchLabels: { [MONITOR_LABEL]: plan.names.name } },
          namespaceSelector: { matchNames: [plan.names.namespace] },
          endpoints: [{ port: HTTP_PORT_NAME, path: plan.workload.metricsPath, interval: '30s' }],
        },
      },
    },
  ];
}
