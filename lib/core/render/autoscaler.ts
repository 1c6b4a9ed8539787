import { CanaryPlan } from '../plan';
import { objectMeta, RenderedResource } from './resource';

/**
 * The HorizontalPodAutoscaler, when the spec asks for one. In `flagger` mode it scales the target
 * `<name>` and the Canary references it (`autoscalerRef`), so Flagger creates `<name>-primary`'s
 * own copy; in `mesh` mode it scales the stable Deployment (the canary has fixed replicas).
 */
export function renderAutoscaler(plan: CanaryPlan): RenderedResource[] {
  const scaling = plan.workload.autoscaling;
  if (!scaling || !plan.workload.rendered) return [];
  const target = plan.mode === 'flagger' ? plan.names.name : plan.names.stable;
  const deploymentId = plan.mode === 'flagger' ? 'deployment' : 'deployment-stable';
  return [
    {
      id: 'autoscaler',
      dependsOn: [deploymentId],
      manifest: {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: objectMeta(plan, target),
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
          minReplicas: scaling.minReplicas,
          maxReplicas: scaling.maxReplicas,
          metrics: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                target: { type: 'Utilization', averageUtilization: scaling.targetCpuUtilization },
              },
            },
          ],
        },
      },
    },
  ];
}
