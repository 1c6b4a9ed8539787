/**
 * `--apply in-cluster`: the live VirtualService is the position (its `default` route's weights),
 * and a decision is written back with the guarded JSON Patch of `json-patch.ts`. A failed `test`
 * is reported as a conflict and not retried: the next scheduled run reads the object again and
 * decides on what it finds.
 */
import { CanaryPlan } from '../../core/plan';
import { ApplyOutcome } from '../apply-outcome';
import { ClusterApi, ClusterApiError } from './kube-client';
import { DefaultRouteWeights, readDefaultRouteWeights, weightPatch } from './json-patch';

/** The VirtualService as read, and its default route's weights. */
export interface LiveRouting {
  /** `VirtualService ns/name`, for messages. */
  readonly where: string;
  /** The weights of the `default` route and where they are. */
  readonly weights: DefaultRouteWeights;
}

/** Reads the plan's VirtualService and its default route's weights. */
export async function readLiveRouting(api: ClusterApi, plan: CanaryPlan): Promise<LiveRouting> {
  const { namespace, name } = plan.names;
  const where = `VirtualService ${namespace}/${name}`;
  const object = await api.getVirtualService(namespace, name);
  const weights = readDefaultRouteWeights(object, where);
  if (weights.stable.weight + weights.canary.weight !== 100) {
    const { stable, canary } = weights;
    throw new ClusterApiError(
      `${where}: the default route's weights are stable ${stable.weight} and canary ${canary.weight}, which do not sum to 100; fix the VirtualService (or re-sync it from git) first`,
      undefined,
      false,
    );
  }
  return { where, weights };
}

/** Whether a Deployment has rolled out: observed, updated and available at its desired size. */
export function deploymentReady(deployment: unknown, where: string): { ready: boolean; detail: string } {
  const d = (deployment ?? {}) as {
    metadata?: { generation?: number };
    spec?: { replicas?: number };
    status?: { observedGeneration?: number; updatedReplicas?: number; availableReplicas?: number };
  };
  const desired = d.spec?.replicas ?? 1;
  const generation = d.metadata?.generation ?? 0;
  const observed = d.status?.observedGeneration ?? 0;
  const updated = d.status?.updatedReplicas ?? 0;
  const available = d.status?.availableReplicas ?? 0;
  if (desired < 1) return { ready: false, detail: `${where} is scaled to 0 replicas` };
  if (observed < generation) return { ready: false, detail: `${where} has not observed its latest spec yet` };
  if (updated < desired || available < desired) {
    return {
      ready: false,
      detail: `${where} is not rolled out: ${updated} updated and ${available} available of ${desired} replicas`,
    };
  }
  return { ready: true, detail: `${where}: ${available} of ${desired} replicas available` };
}

/** Checks the canary Deployment before more traffic is sent to it. */
export async function canaryReady(
  api: ClusterApi,
  plan: CanaryPlan,
): Promise<{ ready: boolean; detail: string }> {
  const { namespace, canary } = plan.names;
  return deploymentReady(await api.getDeployment(namespace, canary), `Deployment ${namespace}/${canary}`);
}

/** Sets the canary share of the live VirtualService, guarded by the weights read in `live`. */
export async function applyCanaryWeight(
  api: ClusterApi,
  plan: CanaryPlan,
  live: LiveRouting,
  canaryWeight: number,
): Promise<ApplyOutcome> {
  const { stable, canary } = live.weights;
  if (canary.weight === canaryWeight) {
    return {
      mode: 'in-cluster',
      status: 'unchanged',
      detail: `${live.where} already sends ${canaryWeight}% to the canary`,
    };
  }
  const patch = weightPatch(live.weights, canaryWeight);
  try {
    await api.patchVirtualService(plan.names.namespace, plan.names.name, patch);
  } catch (error) {
    if (error instanceof ClusterApiError && error.testFailed) {
      return {
        mode: 'in-cluster',
        status: 'conflict',
        detail: `${live.where} changed after it was read (stable ${stable.weight} / canary ${canary.weight}): the patch was refused and nothing was written; the next run reads it again (${error.message})`,
        patch,
      };
    }
    return { mode: 'in-cluster', status: 'failed', detail: (error as Error).message, patch };
  }
  return {
    mode: 'in-cluster',
    status: 'applied',
    detail: `${live.where}: default route stable ${stable.weight} -> ${100 - canaryWeight}, canary ${canary.weight} -> ${canaryWeight}`,
    patch,
  };
}
