import { APP_LABEL } from '../names';
import { CanaryPlan } from '../plan';
import { HTTP_PORT_NAME } from './deployment';
import { objectMeta, RenderedResource } from './resource';

/** Label that the ServiceMonitor selects Services by (set on Flagger's generated Services too). */
export const MONITOR_LABEL = 'canary-kit.dev/monitor';

/**
 * The Service of `mesh` mode: `<name>`, selecting both tracks by `app: <name>`; the
 * DestinationRule subsets split them. (In `flagger` mode Flagger creates the Services.)
 */
export function renderService(plan: CanaryPlan): RenderedResource[] {
  if (plan.mode !== 'mesh') return [];
  return [
    {
      id: 'service',
      dependsOn: [],
      manifest: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: objectMeta(plan, plan.names.name, {
          labels: { [APP_LABEL]: plan.names.name, [MONITOR_LABEL]: plan.names.name },
        }),
        spec: {
          selector: { [APP_LABEL]: plan.names.name },
          ports: [
            {
              name: HTTP_PORT_NAME,
              port: plan.service.port,
              targetPort: HTTP_PORT_NAME,
              protocol: 'TCP',
              appProtocol: 'http',
            },
          ],
        },
      },
    },
  ];
}
