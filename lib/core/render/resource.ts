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
