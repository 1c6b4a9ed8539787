import { KubeManifest, ObjectMeta } from '../manifest';
import { CanaryPlan } from '../plan';

/**
 * One object of the output with its stable id. Ids are public API: the Pulumi component names
 * children `${name}-${id}` (so renaming an id changes a URN and replaces the object) and the
 * cdk8s construct uses them as construct ids.
 */
export interface RenderedResource {
  /** Stable id, unique within one CanaryService, e.g. `deployment`, `virtual-service`. */
  readonly id: string;
  /** Ids of the resources that must exist before this one (for Pulumi's `dependsOn`). */
  readonly dependsOn: readonly string[];
  /** The wire-format object. */
  readonly manifest: KubeManifest;
  /**
   * Fields of this object that a controller writes at run time. Adapters must not revert them
   * (the Pulumi component makes them `ignoreChanges`; GitOps tools should ignore them).
   */
  readonly controllerOwned?: readonly ControllerOwnedField[];
}

/** A field that a controller in the cluster owns once the object exists. */
export interface ControllerOwnedField {
  /** Dotted path in the object, e.g. `spec.replicas` or `spec.http[3].route[0].weight`. */
  readonly path: string;
  /** Who writes it, e.g. `Flagger`. */
  readonly owner: string;
  /** Why it must not be reverted. */
  readonly reason: string;
}

/** Metadata with the plan's namespace and common labels, plus extra labels and annotations. */
export function objectMeta(
  plan: CanaryPlan,
  name: string,
  extra: { labels?: Record<string, string>; annotations?: Record<string, string> } = {},
): ObjectMeta {
  const annotations =
    extra.annotations && Object.keys(extra.annotations).length > 0 ? extra.annotations : undefined;
  return {
    name,
    namespace: plan.names.namespace,
    labels: { ...plan.labels, ...extra.labels },
    ...(annotations ? { annotations } : {}),
  };
}

/** Drops the keys whose value is undefined, so that optional fields are left out, not null. */
export function compact<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}
