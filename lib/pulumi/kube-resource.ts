import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { describeObject, KubeManifest } from '../core/manifest';

/**
 * Builds one Pulumi resource from a manifest's fields other than `apiVersion` and `kind`. The
 * fields are `unknown` here and cast to the typed args: the core's manifests are in wire format,
 * which is the shape of Pulumi's generated Kubernetes args (both follow the OpenAPI names); the
 * parity tests check every emitted kind field for field.
 */
type TypedFactory = (
  name: string,
  args: unknown,
  opts: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;

/**
 * The built-in kinds canary-kit emits, keyed by `apiVersion kind`, each with its typed Pulumi
 * class (typed classes carry the kind's aliases, e.g. from `apps/v1beta2`, and typed outputs).
 * The ServiceAccount, Role, RoleBinding and CronJob are the `mesh` gate's objects.
 */
const TYPED_KINDS: Readonly<Record<string, TypedFactory>> = {
  'apps/v1 Deployment': (n, a, o) => new k8s.apps.v1.Deployment(n, a as k8s.apps.v1.DeploymentArgs, o),
  'v1 Service': (n, a, o) => new k8s.core.v1.Service(n, a as k8s.core.v1.ServiceArgs, o),
  'v1 ConfigMap': (n, a, o) => new k8s.core.v1.ConfigMap(n, a as k8s.core.v1.ConfigMapArgs, o),
  'v1 ServiceAccount': (n, a, o) => new k8s.core.v1.ServiceAccount(n, a as k8s.core.v1.ServiceAccountArgs, o),
  'autoscaling/v2 HorizontalPodAutoscaler': (n, a, o) =>
    new k8s.autoscaling.v2.HorizontalPodAutoscaler(n, a as k8s.autoscaling.v2.HorizontalPodAutoscalerArgs, o),
  'rbac.authorization.k8s.io/v1 Role': (n, a, o) => new k8s.rbac.v1.Role(n, a as k8s.rbac.v1.RoleArgs, o),
  'rbac.authorization.k8s.io/v1 RoleBinding': (n, a, o) =>
    new k8s.rbac.v1.RoleBinding(n, a as k8s.rbac.v1.RoleBindingArgs, o),
  'batch/v1 CronJob': (n, a, o) => new k8s.batch.v1.CronJob(n, a as k8s.batch.v1.CronJobArgs, o),
};

/** True for Kubernetes' own API groups (`v1`, `apps/v1`, `*.k8s.io/...`), which have typed classes. */
function isBuiltInGroup(apiVersion: string): boolean {
  if (!apiVersion.includes('/')) return true;
  const group = apiVersion.slice(0, apiVersion.indexOf('/'));
  return !group.includes('.') || group.endsWith('.k8s.io');
}

/**
 * Creates the Pulumi resource for one manifest: the typed class for a built-in kind, a
 * `CustomResource` for a CRD kind (Flagger, Istio, Prometheus operator). `fields` are the
 * manifest's fields other than `apiVersion` and `kind`, as plain values or as outputs of the
 * resolved manifest; they are passed as is, so `metadata.name` stays exactly what the core
 * computed (no auto-naming suffix). `manifest` gives the kind and names the object in errors.
 */
export function createKubeResource(
  name: string,
  manifest: KubeManifest,
  fields: Readonly<Record<string, unknown>>,
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  const { apiVersion, kind } = manifest;
  const typed = TYPED_KINDS[`${apiVersion} ${kind}`];
  if (typed) return typed(name, { ...fields }, opts);
  if (isBuiltInGroup(apiVersion)) {
    // A core change added a built-in kind. A CustomResource would lack the typed class's aliases
    // and, for the core group, have another type token (`kubernetes:v1:X`, not
    // `kubernetes:core/v1:X`): switching later would replace the object. Fail loudly instead.
    throw new Error(
      `canary-kit/pulumi has no typed resource for ${apiVersion} ${kind} (${describeObject(manifest)}). ` +
        `Add '${apiVersion} ${kind}' to TYPED_KINDS in lib/pulumi/kube-resource.ts.`,
    );
  }
  return new k8s.apiextensions.CustomResource(name, { apiVersion, kind, ...fields }, opts);
}
