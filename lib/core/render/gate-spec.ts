import { CanaryPlan } from '../plan';
import { stringifyYaml } from '../yaml';
import { CanaryServiceSpec } from '../spec';
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
  return {
    name: plan.names.name,
    namespace: plan.names.namespace,
    mode: 'mesh',
    workload: { image, canaryImage, ...(mutable ? { allowMutableImageTag: true } : {}) },
    ...(plan.traffic.stages.length > 0
      ? {
          traffic: {
            stages: plan.traffic.stages.map((s) => ({ name: s.name, canaryWeight: s.canaryWeight })),
          },
        }
      : {}),
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
  };
}

/** {@link gateSpec} as YAML, in a fixed key order: same plan, same bytes. */
export function gateSpecYaml(plan: CanaryPlan): string {
  const header = `# The CanaryService spec of ${plan.names.namespace}/${plan.names.name} as the gate reads it; rendered by canary-kit, do not edit.\n`;
  return header + stringifyYaml(gateSpec(plan));
}
