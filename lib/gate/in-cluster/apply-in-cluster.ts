/**
 * `--apply in-cluster`: the live VirtualService is the position (its `default` route's weights),
 * and a decision is written back with the guarded JSON Patch of `json-patch.ts`. A failed `test`
 * is reported as a conflict and not retried: the next scheduled run reads the object again and
 * decides on what it finds.
 */
import { ROLLBACK_ANNOTATIONS, STAGE_ANNOTATION, STAGE_STARTED_AT_ANNOTATION } from '../../core/annotations';
import { canaryReplicasForShare } from '../../core/canary-size';
import { assessReadiness, CanaryReadiness, tooFewReplicasFix } from '../canary-readiness';
import { replicaReadingOf } from '../readiness-sources';
import { CanaryPlan } from '../../core/plan';
import { RollbackRecord } from '../../core/spec';
import { ApplyOutcome, ScaleOutcome } from '../apply-outcome';
import { annotationOperations, hasAnnotationsMap, readAnnotations } from './annotation-patch';
import { ClusterApi, ClusterApiError } from './kube-client';
import { DefaultRouteWeights, JsonPatchOperation, readDefaultRouteWeights, weightPatch } from './json-patch';
import { rollbackPatch } from './rollback-patch';
import { resourceVersionTest, settleTimedOutPatch, SettledWrite } from './settle-write';

/** The VirtualService as read, and its default route's weights. */
export interface LiveRouting {
  /** `VirtualService ns/name`, for messages. */
  readonly where: string;
  /** The weights of the `default` route and where they are. */
  readonly weights: DefaultRouteWeights;
  /** The object as read (for the rollback patch, which touches more than the weights). */
  readonly virtualService: unknown;
  /** Its annotations (string values). */
  readonly annotations: Readonly<Record<string, string>>;
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
  return { where, weights, virtualService: object, annotations: readAnnotations(object) };
}

/**
 * When the live stage began: the VirtualService annotation `canary-kit.dev/stage-started-at`,
 * trusted only when the stage annotation (if any) names the stage the weights are at, so a share
 * moved by hand without its clock counts as unknown.
 */
export function liveStageStartedAt(live: LiveRouting, stage: string | undefined): string | undefined {
  const annotated = live.annotations[STAGE_ANNOTATION];
  if (annotated !== undefined && stage !== undefined && annotated !== stage) return undefined;
  return live.annotations[STAGE_STARTED_AT_ANNOTATION];
}

/**
 * Sets the canary share of the live VirtualService, guarded by the weights read in `live`, and
 * starts the stage clock: `canary-kit.dev/stage-started-at` = `startedAt`, and
 * `canary-kit.dev/stage` = the stage (removed for a share outside the declared stages).
 */
export async function applyCanaryWeight(
  api: ClusterApi,
  plan: CanaryPlan,
  live: LiveRouting,
  canaryWeight: number,
  stage: { readonly name: string | undefined; readonly startedAt: string },
  settleApi: ClusterApi = api,
): Promise<ApplyOutcome> {
  const { stable, canary } = live.weights;
  if (canary.weight === canaryWeight) {
    return {
      mode: 'in-cluster',
      status: 'unchanged',
      detail: `${live.where} already sends ${canaryWeight}% to the canary`,
    };
  }
  const applied = `${live.where}: default route stable ${stable.weight} -> ${100 - canaryWeight}, canary ${canary.weight} -> ${canaryWeight}`;
  const patch = [
    ...resourceVersionTest(live.virtualService),
    ...weightPatch(live.weights, canaryWeight),
    ...annotationOperations(
      live.annotations,
      hasAnnotationsMap(live.virtualService),
      {
        [STAGE_STARTED_AT_ANNOTATION]: stage.startedAt,
        ...(stage.name !== undefined ? { [STAGE_ANNOTATION]: stage.name } : {}),
      },
      stage.name === undefined ? [STAGE_ANNOTATION] : [],
    ),
  ];
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
    if (error instanceof ClusterApiError && error.timedOut) {
      const settled = await settleTimedOutPatch(
        settleApi,
        { namespace: plan.names.namespace, name: plan.names.name, where: live.where },
        live.virtualService,
        (object) => carriesShare(object, canaryWeight, stage.startedAt),
        stage.startedAt,
      );
      return timedOutOutcome(error, settled, applied, patch);
    }
    return { mode: 'in-cluster', status: 'failed', detail: (error as Error).message, patch };
  }
  return { mode: 'in-cluster', status: 'applied', detail: applied, patch };
}

/** Whether a VirtualService carries a share set by this run: the weight and this run's stage clock. */
function carriesShare(object: unknown, canaryWeight: number, startedAt: string): boolean {
  try {
    const weights = readDefaultRouteWeights(object, 'the re-read VirtualService');
    return (
      weights.canary.weight === canaryWeight &&
      readAnnotations(object)[STAGE_STARTED_AT_ANNOTATION] === startedAt
    );
  } catch {
    return false;
  }
}

/** The outcome of a timed-out patch, from what a re-read found (`settle-write.ts`). */
function timedOutOutcome(
  error: ClusterApiError,
  settled: SettledWrite,
  appliedDetail: string,
  patch: readonly JsonPatchOperation[],
): ApplyOutcome {
  if (settled.status === 'applied') {
    return {
      mode: 'in-cluster',
      status: 'applied',
      detail: `${appliedDetail} (the patch timed out, but ${settled.detail})`,
      patch,
    };
  }
  if (settled.status === 'not-applied') {
    return {
      mode: 'in-cluster',
      status: 'failed',
      detail: `${error.message}; ${settled.detail}: nothing was written, the next run reads it again`,
      patch,
    };
  }
  return {
    mode: 'in-cluster',
    status: 'unknown',
    detail: `${error.message}; ${settled.detail}: whether it was applied is unknown, the next run reads the live state`,
    patch,
  };
}

/** The replicas a Deployment asks for (`spec.replicas`, 1 when absent as the API server defaults it). */
function desiredReplicas(deployment: unknown): number {
  const replicas = (deployment as { spec?: { replicas?: unknown } } | null)?.spec?.replicas;
  return typeof replicas === 'number' ? replicas : 1;
}

/**
 * Scales the canary Deployment to `replicas` through its scale subresource, guarded by a `test`
 * of the replicas read (`from`).
 */
export async function scaleCanary(
  api: ClusterApi,
  plan: CanaryPlan,
  from: number,
  replicas: number,
): Promise<ScaleOutcome> {
  const { namespace, canary } = plan.names;
  const where = `Deployment ${namespace}/${canary}`;
  if (from === replicas) return { status: 'unchanged', detail: `${where} already has ${replicas} replicas` };
  const patch: JsonPatchOperation[] = [
    { op: 'test', path: '/spec/replicas', value: from },
    { op: 'replace', path: '/spec/replicas', value: replicas },
  ];
  try {
    await api.patchDeploymentScale(namespace, canary, patch);
  } catch (error) {
    if (error instanceof ClusterApiError && error.timedOut)
      return scaleAfterTimeout(api, plan, error, replicas, patch);
    const conflict = error instanceof ClusterApiError && error.testFailed;
    return {
      status: conflict ? 'conflict' : 'failed',
      detail: `${where}: scaling ${from} -> ${replicas} ${conflict ? 'was refused: it changed after it was read' : 'failed'} (${(error as Error).message})`,
      patch,
    };
  }
  return { status: 'applied', detail: `${where} scaled ${from} -> ${replicas} replicas`, patch };
}

/**
 * A scale patch that timed out may still have been applied: the Deployment is read again and its
 * live `spec.replicas` reported (a late write cannot be fenced off through the scale subresource,
 * so a mismatch says so; the next run reads it again).
 */
async function scaleAfterTimeout(
  api: ClusterApi,
  plan: CanaryPlan,
  error: ClusterApiError,
  replicas: number,
  patch: readonly JsonPatchOperation[],
): Promise<ScaleOutcome> {
  const where = `Deployment ${plan.names.namespace}/${plan.names.canary}`;
  try {
    const live = desiredReplicas(await api.getDeployment(plan.names.namespace, plan.names.canary));
    if (live === replicas) {
      return {
        status: 'applied',
        detail: `${where} scaled to ${replicas} replicas (the patch timed out, but a re-read shows spec.replicas ${live})`,
        patch,
      };
    }
    return {
      status: 'failed',
      detail: `${error.message}; a re-read shows spec.replicas ${live}, not ${replicas} (a late write may still land; the next run reads it again)`,
      patch,
    };
  } catch (reread) {
    return {
      status: 'failed',
      detail: `${error.message}; the re-read failed too (${(reread as Error).message}): its replicas are unknown`,
      patch,
    };
  }
}

/** Whether the canary may take `share`, and what the gate did to get there. */
export interface CanaryCapacity {
  /** True when the canary is rolled out with at least the replicas the share needs. */
  readonly ready: boolean;
  /** Why not, or what is there, for the reason and the record. */
  readonly detail: string;
  /** The scale-up the gate made (`canaryScaling: share`), when it made one. */
  readonly scale?: ScaleOutcome;
  /** The readiness check (the same rules as `--apply gitops`), when the gate made no scale-up. */
  readonly readiness?: CanaryReadiness;
}

/**
 * Checks that the canary can take `share` percent: rolled out (observed, updated, available) with
 * at least `max(1, ceil(stable replicas x share / 100))` available replicas, stable's count being
 * the live `spec.replicas` of the stable Deployment (what its autoscaler set). With
 * `canaryScaling: share` a canary that asks for fewer is scaled up first (guarded), and the gate
 * holds until the new pods are available: traffic never reaches a canary too small for it.
 */
export async function canaryCapacity(
  api: ClusterApi,
  plan: CanaryPlan,
  share: number,
): Promise<CanaryCapacity> {
  const { namespace, canary, stable } = plan.names;
  const where = `Deployment ${namespace}/${canary}`;
  const stableDeployment = await api.getDeployment(namespace, stable);
  const canaryDeployment = await api.getDeployment(namespace, canary);
  const stableReplicas = desiredReplicas(stableDeployment);
  const required = canaryReplicasForShare(stableReplicas, share);
  const needs = `${share}% of stable's ${stableReplicas} replicas needs ${required} (workload.canaryScaling: ${plan.workload.canaryScaling})`;
  const desired = desiredReplicas(canaryDeployment);
  if (desired < required && plan.workload.canaryScaling === 'share') {
    const scale = await scaleCanary(api, plan, desired, required);
    return {
      ready: false,
      detail: `${where} asked for ${desired} replicas and ${needs}: ${scale.detail}; traffic moves once they are available`,
      scale,
    };
  }
  const readiness = assessReadiness(
    replicaReadingOf(plan, stableDeployment, canaryDeployment),
    share,
    where,
    tooFewReplicasFix(plan.workload.canaryScaling),
  );
  return { ready: readiness.ready, detail: readiness.detail, readiness };
}

/**
 * Rolls the live routing back (the patch of `rollback-patch.ts`: default, cohort and sticky
 * routes, and with a canary scaled to zero the dark-launch route and mirroring), then scales the
 * canary to zero (`workload.scaleCanaryToZeroOnRollback`) once no route sends it traffic.
 */
export async function applyRollbackInCluster(
  api: ClusterApi,
  plan: CanaryPlan,
  live: LiveRouting,
  record: RollbackRecord,
  settleApi: ClusterApi = api,
): Promise<ApplyOutcome> {
  const toZero = plan.workload.scaleCanaryToZeroOnRollback;
  const rolledBack = rollbackPatch(live.virtualService, live.where, {
    canaryScaledToZero: toZero,
    record,
  });
  const { changes } = rolledBack;
  const patch =
    rolledBack.patch.length === 0
      ? rolledBack.patch
      : [...resourceVersionTest(live.virtualService), ...rolledBack.patch];
  let outcome: ApplyOutcome;
  if (patch.length === 0) {
    outcome = {
      mode: 'in-cluster',
      status: 'unchanged',
      detail: `${live.where} already routes everyone to stable`,
    };
  } else {
    try {
      await api.patchVirtualService(plan.names.namespace, plan.names.name, patch);
      outcome = {
        mode: 'in-cluster',
        status: 'applied',
        detail: `${live.where}: ${changes.length > 0 ? changes.join('; ') : 'rollback recorded'}`,
        changes,
        patch,
      };
    } catch (error) {
      const conflict = error instanceof ClusterApiError && error.testFailed;
      if (error instanceof ClusterApiError && error.timedOut) {
        const settled = await settleTimedOutPatch(
          settleApi,
          { namespace: plan.names.namespace, name: plan.names.name, where: live.where },
          live.virtualService,
          (object) => readAnnotations(object)[ROLLBACK_ANNOTATIONS.at] === record.at,
          record.at,
        );
        outcome = timedOutOutcome(
          error,
          settled,
          `${live.where}: ${changes.length > 0 ? changes.join('; ') : 'rollback recorded'}`,
          patch,
        );
        if (outcome.status !== 'applied') return outcome;
        if (!toZero) return outcome;
        return withCanaryScaledToZero(api, plan, outcome);
      }
      return {
        mode: 'in-cluster',
        status: conflict ? 'conflict' : 'failed',
        detail: conflict
          ? `${live.where} changed after it was read: the rollback patch was refused and nothing was written; the next run reads it again (${(error as Error).message})`
          : (error as Error).message,
        patch,
      };
    }
  }
  if (!toZero) return outcome;
  return withCanaryScaledToZero(api, plan, outcome);
}

/** Scales the canary to zero once the routing is back, and folds the result into `outcome`. */
async function withCanaryScaledToZero(
  api: ClusterApi,
  plan: CanaryPlan,
  outcome: ApplyOutcome,
): Promise<ApplyOutcome> {
  let scale: ScaleOutcome;
  try {
    const deployment = await api.getDeployment(plan.names.namespace, plan.names.canary);
    scale = await scaleCanary(api, plan, desiredReplicas(deployment), 0);
  } catch (error) {
    scale = { status: 'failed', detail: (error as Error).message };
  }
  const status = outcome.status === 'unchanged' && scale.status === 'applied' ? 'applied' : outcome.status;
  return {
    ...outcome,
    status: scale.status === 'failed' || scale.status === 'conflict' ? 'failed' : status,
    detail: `${outcome.detail}; ${scale.detail}`,
    scale,
  };
}
