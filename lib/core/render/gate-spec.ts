import { DEFAULT_MIN_STAGE_DURATION } from '../defaults';
import { CanaryPlan } from '../plan';
import { PromotionCriteriaPlan } from '../promotion-criteria';
import { CanaryServiceSpec, PromotionCriteriaSpec } from '../spec';
import { stringifyYaml } from '../yaml';
import { mutableImageProblem } from '../validate/rules/image';

/** File name of the spec inside the gate's ConfigMap. */
export const GATE_SPEC_FILE = 'spec.yaml';
/** Where the gate pod mounts the ConfigMap. */
export const GATE_SPEC_MOUNT_PATH = '/config';

/**
 * The spec the in-cluster gate reads: a valid CanaryServiceSpec rebuilt from the plan with every
 * default applied, holding only what the gate uses (names, mode, images, stages, SLO,
 * automation). It carries no position (stage, canaryWeight, rollback record): the in-cluster gate
 * reads the position from the live VirtualService, so the ConfigMap does not change at every stage.
 */
export function gateSpec(plan: CanaryPlan): CanaryServiceSpec {
  const automation = plan.automation;
  if (!automation) throw new Error('gateSpec: the plan has no automation');
  const { image, canaryImage } = plan.workload;
  // The original spec validated, so a mutable tag here means it allowed one.
  const mutable = mutableImageProblem(image) !== undefined || mutableImageProblem(canaryImage) !== undefined;
  const slo = plan.slo;
  const w = plan.workload;
  return {
    name: plan.names.name,
    namespace: plan.names.namespace,
    mode: 'mesh',
    workload: {
      image,
      canaryImage,
      ...(mutable ? { allowMutableImageTag: true } : {}),
      ...(w.replicas !== undefined ? { replicas: w.replicas } : {}),
      ...(w.fixedCanaryReplicas !== undefined ? { canaryReplicas: w.fixedCanaryReplicas } : {}),
      canaryScaling: w.canaryScaling,
      ...(w.autoscaling ? { autoscaling: { ...w.autoscaling } } : {}),
      scaleCanaryToZeroOnRollback: w.scaleCanaryToZeroOnRollback,
    },
    traffic: {
      ...(plan.traffic.stages.length > 0
        ? {
            stages: plan.traffic.stages.map((s) => ({
              name: s.name,
              canaryWeight: s.canaryWeight,
              // Only where the spec set it, so the stage resolves exactly as from the original.
              ...(s.minDurationFrom.startsWith('traffic.stages') ? { minDuration: s.minDuration } : {}),
              ...(s.promotionCriteria.stricterThanSlo
                ? { promotionCriteria: criteriaSpec(s.promotionCriteria) }
                : {}),
            })),
          }
        : {}),
      ...(plan.traffic.minStageDuration !== DEFAULT_MIN_STAGE_DURATION
        ? { minStageDuration: plan.traffic.minStageDuration }
        : {}),
      ...(plan.traffic.promotionCriteria.stricterThanSlo
        ? { promotionCriteria: criteriaSpec(plan.traffic.promotionCriteria) }
        : {}),
    },
    slo: {
      successRatePercent: slo.successRatePercent,
      p99LatencyMs: slo.p99LatencyMs,
      ...(slo.maxLatencyRatio !== undefined ? { maxLatencyRatio: slo.maxLatencyRatio } : {}),
      minRequests: slo.minRequests,
      window: slo.window,
    },
    automation: {
      image: automation.image,
      schedule: automation.schedule,
      failuresBeforeRollback: automation.failuresBeforeRollback,
      prometheusUrl: automation.prometheusUrl,
    },
    ...(plan.notifications.length > 0
      ? {
          notifications: plan.notifications.map((n) => ({
            name: n.name,
            type: n.type,
            secretRef: n.secretRef,
            severity: n.severity,
            ...(n.channel !== undefined ? { channel: n.channel } : {}),
            ...(n.username !== undefined ? { username: n.username } : {}),
          })),
        }
      : {}),
  };
}

/** Resolved criteria back in spec form (every field explicit, so the ConfigMap is self-contained). */
function criteriaSpec(criteria: PromotionCriteriaPlan): PromotionCriteriaSpec {
  return {
    successRatePercent: criteria.successRatePercent,
    p99LatencyMs: criteria.p99LatencyMs,
    ...(criteria.maxLatencyRatio !== undefined ? { maxLatencyRatio: criteria.maxLatencyRatio } : {}),
    minRequests: criteria.minRequests,
  };
}

/** {@link gateSpec} as YAML, in a fixed key order: same plan, same bytes. */
export function gateSpecYaml(plan: CanaryPlan): string {
  const header = `# The CanaryService spec of ${plan.names.namespace}/${plan.names.name} as the gate reads it; rendered by canary-kit, do not edit.\n`;
  return header + stringifyYaml(gateSpec(plan));
}
