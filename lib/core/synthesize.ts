import { canonicalize } from './canonical';
import { KubeManifest } from './manifest';
import { resolvePlan } from './plan';
import { renderPlan } from './render';
import { RenderedResource } from './render/resource';
import { CanaryServiceSpec } from './spec';

/**
 * Validates a spec and renders every object it describes, with the stable ids and dependencies
 * that the adapters use. Throws `CanarySpecError` listing every problem when the spec is invalid.
 */
export function synthesizeResources(spec: CanaryServiceSpec): RenderedResource[] {
  return renderPlan(resolvePlan(spec)).map((resource) => ({
    ...resource,
    manifest: canonicalize(resource.manifest),
  }));
}

/**
 * Validates a spec and returns the plain, wire-format manifests in the documented order
 * (see `render/index.ts`). Throws `CanarySpecError` listing every problem when the spec is invalid.
 */
export function synthesize(spec: CanaryServiceSpec): KubeManifest[] {
  return synthesizeResources(spec).map((resource) => resource.manifest);
}
