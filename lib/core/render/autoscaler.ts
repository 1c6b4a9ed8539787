import { CanaryPlan } from '../plan';
import { objectMeta, RenderedResource } from './resource';

/**
 * The HorizontalPodAutoscaler, when the spec asks for one. In `flagger` mode it scales the target
 * `<name>` and the Canary references it (`autoscalerRef`), so Flagger creates `<name>-primary`'s
 * own copy; in `mesh` mode it scales the stable Deployment, and with `canaryScaling: autoscaler`
 * a second one (`canary-autoscaler`) scales the canary from 1 to the same maximum.
 */
export function renderAutoscaler(plan: CanaryPlan): RenderedResource[] {
  const scaling = plan.workload.autoscaling;
  if (!scaling || !plan.workload.rendered) return [];
  const target = plan.mode === 'flagger' ? plan.names.name : plan.names.stable;
  const deploymentId = plan.mode === 'flagger' ? 'deployment' : 'deployment-stable';
  const resources = [autoscaler(plan, 'autoscaler', deploymentId, target, scaling.minReplicas)];
  if (plan.mode === 'mesh' && plan.workload.canaryScaling === 'autoscaler') {
    // An autoscaler leaves a target scaled to 0 alone ("scaling is disabled" while
    // spec.replicas is 0: kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go), so a
    // rollback that scales the canary to zero stays at zero.
    resources.push(autoscaler(plan, 'canary-autoscaler', 'deployment-canary', plan.names.canary, 1));
  }
  return resources;
}

function autoscaler(
  plan: CanaryPlan,
  id: string,
  deploymentId: string,
  target: string,
  minReplicas: number,
): RenderedResource {
  const scaling = plan.workload.autoscaling as NonNullable<CanaryPlan['workload']['autoscaling']>;
  return {
    id,
    dependsOn: [deploymentId],
    manifest: {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: objectMeta(plan, target),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
        minReplicas,
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
  };
}
