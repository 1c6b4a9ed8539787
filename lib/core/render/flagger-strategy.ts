import { CanaryPlan } from '../plan';

/** Fields of the Canary's `analysis` for promotion steps and readiness thresholds. */
export function strategyAnalysisFields(plan: CanaryPlan): Record<string, unknown> {
  const s = plan.flaggerStrategy;
  return {
    ...(s.stepWeightPromotion !== undefined ? { stepWeightPromotion: s.stepWeightPromotion } : {}),
    ...(s.primaryReadyThreshold !== undefined ? { primaryReadyThreshold: s.primaryReadyThreshold } : {}),
    ...(s.canaryReadyThreshold !== undefined ? { canaryReadyThreshold: s.canaryReadyThreshold } : {}),
  };
}

/**
 * The session-affinity cookie's extra attributes, which Flagger appends to its Set-Cookie header
 * (pkg/apis/flagger/v1beta1/canary.go, `SessionAffinity.BuildCookie`).
 */
export function sessionAffinityAttributes(plan: CanaryPlan): Record<string, unknown> {
  return { ...plan.flaggerStrategy.cookie };
}

/** `suspend` and `revertOnDeletion` of the Canary's spec, written only when true. */
export function canaryLifecycleFields(plan: CanaryPlan): Record<string, unknown> {
  const s = plan.flaggerStrategy;
  return {
    ...(s.suspend ? { suspend: true } : {}),
    ...(s.revertOnDeletion ? { revertOnDeletion: true } : {}),
  };
}

/** `autoscalerRef.primaryScalerReplicas`, when the spec overrides the primary's bounds. */
export function primaryScalerReplicas(plan: CanaryPlan): Record<string, unknown> {
  const r = plan.flaggerStrategy.primaryScalerReplicas;
  return r ? { primaryScalerReplicas: { ...r } } : {};
}
