import { canonicalize } from './canonical';
import { KubeManifest } from './manifest';
import { CanaryPlan, resolvePlan } from './plan';
import { renderPlan } from './render';
import { RenderedResource } from './render/resource';
import { CanaryServiceSpec } from './spec';

/**
 * Validates a spec and renders every object it describes, with the stable ids and dependencies
 * that the adapters use. Throws `CanarySpecError` listing every problem when the spec is invalid.
 */
export function synthesizeResources(spec: CanaryServiceSpec): RenderedResource[] {
  return synthesizePlanned(spec).resources;
}

/**
 * Like `synthesizeResources`, and also returns the resolved plan (names, mode, defaults) for
 * adapters that report outputs, so that the spec is validated once.
 */
export function synthesizePlanned(spec: CanaryServiceSpec): {
  plan: CanaryPlan;
  resources: RenderedResource[];
} {
  const plan = resolvePlan(spec);
  const resources = renderPlan(plan).map((resource) => ({
    ...resource,
    manifest: canonicalize(resource.manifest),
  }));
  return { plan, resources };
}

/**
 * Validates a spec and returns the plain, wire-format manifests in the documented order
 * (see `render/index.ts`). Throws `CanarySpecError` listing every problem when the spec is invalid.
 */
export function synthesize(spec: CanaryServiceSpec): KubeManifest[] {
  return synthesizeResources(spec).map((resource) => resource.manifest);
}
