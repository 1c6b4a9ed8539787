import { ownValue } from '../util/own';

/** A built-in API version that Kubernetes no longer serves. */
interface RemovedApi {
  /** The Kubernetes release that stopped serving it. */
  readonly removedIn: string;
  /** The apiVersion to use instead, per kind; `*` for every other kind of the version. */
  readonly replacements: Readonly<Record<string, string>>;
}

/**
 * Built-in API versions removed from Kubernetes, from the Kubernetes "Deprecated API Migration
 * Guide" (kubernetes.io/docs/reference/using-api/deprecation-guide). kubernetes-models still ships
 * some of them, but a current API server answers "no matches for kind ... in version ...".
 */
const REMOVED_APIS: Readonly<Record<string, RemovedApi>> = {
  'extensions/v1beta1': {
    removedIn: '1.16 (Ingress: 1.22)',
    replacements: {
      Deployment: 'apps/v1',
      DaemonSet: 'apps/v1',
      ReplicaSet: 'apps/v1',
      StatefulSet: 'apps/v1',
      NetworkPolicy: 'networking.k8s.io/v1',
      Ingress: 'networking.k8s.io/v1',
      PodSecurityPolicy: '(none: PodSecurityPolicy was removed; use Pod Security Admission)',
    },
  },
  'apps/v1beta1': { removedIn: '1.16', replacements: { '*': 'apps/v1' } },
  'apps/v1beta2': { removedIn: '1.16', replacements: { '*': 'apps/v1' } },
  'networking.k8s.io/v1beta1': { removedIn: '1.22', replacements: { '*': 'networking.k8s.io/v1' } },
  'rbac.authorization.k8s.io/v1beta1': {
    removedIn: '1.22',
    replacements: { '*': 'rbac.authorization.k8s.io/v1' },
  },
  'admissionregistration.k8s.io/v1beta1': {
    removedIn: '1.22',
    replacements: { '*': 'admissionregistration.k8s.io/v1' },
  },
  'apiextensions.k8s.io/v1beta1': { removedIn: '1.22', replacements: { '*': 'apiextensions.k8s.io/v1' } },
  'apiregistration.k8s.io/v1beta1': { removedIn: '1.22', replacements: { '*': 'apiregistration.k8s.io/v1' } },
  'authentication.k8s.io/v1beta1': { removedIn: '1.22', replacements: { '*': 'authentication.k8s.io/v1' } },
  'authorization.k8s.io/v1beta1': { removedIn: '1.22', replacements: { '*': 'authorization.k8s.io/v1' } },
  'certificates.k8s.io/v1beta1': { removedIn: '1.22', replacements: { '*': 'certificates.k8s.io/v1' } },
  'coordination.k8s.io/v1beta1': { removedIn: '1.22', replacements: { '*': 'coordination.k8s.io/v1' } },
  'scheduling.k8s.io/v1beta1': { removedIn: '1.22', replacements: { '*': 'scheduling.k8s.io/v1' } },
  'batch/v1beta1': { removedIn: '1.25', replacements: { '*': 'batch/v1' } },
  'discovery.k8s.io/v1beta1': { removedIn: '1.25', replacements: { '*': 'discovery.k8s.io/v1' } },
  'events.k8s.io/v1beta1': { removedIn: '1.25', replacements: { '*': 'events.k8s.io/v1' } },
  'autoscaling/v2beta1': { removedIn: '1.25', replacements: { '*': 'autoscaling/v2' } },
  'policy/v1beta1': {
    removedIn: '1.25',
    replacements: {
      PodDisruptionBudget: 'policy/v1',
      PodSecurityPolicy: '(none: PodSecurityPolicy was removed; use Pod Security Admission)',
      '*': 'policy/v1',
    },
  },
  'node.k8s.io/v1beta1': { removedIn: '1.25', replacements: { '*': 'node.k8s.io/v1' } },
  'autoscaling/v2beta2': { removedIn: '1.26', replacements: { '*': 'autoscaling/v2' } },
  'flowcontrol.apiserver.k8s.io/v1beta1': {
    removedIn: '1.26',
    replacements: { '*': 'flowcontrol.apiserver.k8s.io/v1' },
  },
  'storage.k8s.io/v1beta1': {
    removedIn: '1.22 (CSIStorageCapacity: 1.27)',
    replacements: { '*': 'storage.k8s.io/v1' },
  },
  'flowcontrol.apiserver.k8s.io/v1beta2': {
    removedIn: '1.29',
    replacements: { '*': 'flowcontrol.apiserver.k8s.io/v1' },
  },
  'flowcontrol.apiserver.k8s.io/v1beta3': {
    removedIn: '1.32',
    replacements: { '*': 'flowcontrol.apiserver.k8s.io/v1' },
  },
};

/**
 * When `apiVersion` is a removed built-in API version, the message saying so and what to use instead
 * (e.g. "apps/v1beta1 is no longer served (removed in Kubernetes 1.16); use apiVersion: apps/v1").
 */
export function removedApiMessage(apiVersion: string, kind: string): string | undefined {
  const removed = ownValue(REMOVED_APIS, apiVersion);
  if (!removed) return undefined;
  const replacement = ownValue(removed.replacements, kind) ?? ownValue(removed.replacements, '*');
  const advice =
    replacement === undefined
      ? ''
      : replacement.startsWith('(')
        ? `; ${replacement.slice(1, -1)}`
        : `; use apiVersion: ${replacement}`;
  return `${apiVersion} ${kind} is no longer served (removed in Kubernetes ${removed.removedIn})${advice}`;
}
