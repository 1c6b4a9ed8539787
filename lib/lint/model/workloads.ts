import { asStringMap, dig } from '../read';
import { ModelObject, PodTemplate } from './types';
import { ownValue } from '../../util/own';

/** Where each workload kind keeps its pod labels. */
const POD_LABEL_PATHS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec', 'template', 'metadata', 'labels'],
  StatefulSet: ['spec', 'template', 'metadata', 'labels'],
  DaemonSet: ['spec', 'template', 'metadata', 'labels'],
  ReplicaSet: ['spec', 'template', 'metadata', 'labels'],
  ReplicationController: ['spec', 'template', 'metadata', 'labels'],
  Job: ['spec', 'template', 'metadata', 'labels'],
  Rollout: ['spec', 'template', 'metadata', 'labels'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels'],
  Pod: ['metadata', 'labels'],
};

/** Kinds whose objects carry a pod template. */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set(Object.keys(POD_LABEL_PATHS));

/**
 * The pod template of a workload object, or undefined for other kinds. An Argo Rollout with a
 * `workloadRef` has no template of its own (the referenced Deployment's is indexed instead).
 */
export function podTemplateOf(object: ModelObject): PodTemplate | undefined {
  const path = ownValue(POD_LABEL_PATHS, object.kind);
  if (!path) return undefined;
  if (object.kind === 'Rollout' && dig(object.manifest, 'spec', 'template') === undefined) return undefined;
  return {
    owner: object,
    workload: object.name,
    namespace: object.namespace,
    labels: asStringMap(dig(object.manifest, ...path)),
    path: path.join('.'),
  };
}
