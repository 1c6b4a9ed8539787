import { describeObject } from '../../core/manifest';
import { dig } from '../read';
import { at, LintRule } from '../rule';

/**
 * A Flagger target Deployment that commits `spec.replicas` while its Canary has no autoscaler.
 * Flagger scales the target to 0 after every promotion (fluxcd/flagger v1.44.0
 * pkg/controller/scheduler.go: `canaryController.ScaleToZero` when finalising and on rollback) and
 * scales it up again when a new revision starts (`ScaleFromZero`, pkg/canary/deployment_controller.go).
 * A GitOps tool that applies `replicas` from git sees the 0 as drift and scales the target back up:
 * pods of the promoted spec run twice, and with self-heal the tool and Flagger fight. With an
 * autoscaler Flagger pauses it on the target and the field is the HPA's anyway, so only targets
 * without `spec.autoscalerRef` are reported.
 */
export const flaggerTargetReplicas: LintRule = {
  id: 'flagger-target-replicas',
  severity: 'warning',
  summary: 'A Flagger target Deployment commits spec.replicas without an autoscaler: GitOps drift.',
  *check(model) {
    for (const canary of model.canaries) {
      if (canary.targetKind !== 'Deployment') continue;
      if (dig(canary.object.manifest, 'spec', 'autoscalerRef') !== undefined) continue;
      const ref = describeObject({
        kind: canary.targetKind,
        metadata: { name: canary.target, namespace: canary.namespace },
      });
      const target = model.objectsByRef.get(ref);
      const replicas = target ? dig(target.manifest, 'spec', 'replicas') : undefined;
      if (!target || typeof replicas !== 'number') continue;
      yield at(
        target,
        ['spec', 'replicas'],
        `${ref}, the target of ${canary.object.ref}, commits replicas: ${replicas} without an autoscaler: Flagger scales the target to 0 after every promotion, and a GitOps tool that applies this field scales it back up (drift, and a second copy of the promoted pods).`,
        'Remove spec.replicas (Flagger sizes the primary from the target; for more replicas add a HorizontalPodAutoscaler and spec.autoscalerRef), or make the GitOps tool ignore it: Argo CD: ignoreDifferences with jsonPointers [/spec/replicas] and syncOptions [RespectIgnoreDifferences=true]; Flux: leave the field out of the manifest (its server-side apply then leaves it to Flagger).',
      );
    }
  },
};
