import { KubeManifest } from '../core/manifest';
import { CanaryPlan } from '../core/plan';
import { RenderedResource } from '../core/render/resource';
import { CanaryServiceSpec } from '../core/spec';
import { synthesizePlanned } from '../core/synthesize';

/** The core's output for one spec, with each manifest by its stable id. */
export interface Synthesized {
  /** The resolved plan: names, mode, defaults. */
  readonly plan: CanaryPlan;
  /** Every object with its id, dependencies and controller-owned fields, in the core's order. */
  readonly resources: readonly RenderedResource[];
  /** Every manifest by stable id. */
  readonly manifests: ReadonlyMap<string, KubeManifest>;
}

/** Validates and renders a spec; throws the core's `CanarySpecError` listing every problem. */
export function synthesizeOrThrow(spec: CanaryServiceSpec): Synthesized {
  const { plan, resources } = synthesizePlanned(spec);
  return { plan, resources, manifests: new Map(resources.map((r) => [r.id, r.manifest])) };
}

/** What Pulumi fixes when a child is declared: its id, type, dependencies, ignored and top-level fields. */
function shape(resource: RenderedResource): string {
  const { id, dependsOn, manifest, controllerOwned = [] } = resource;
  return JSON.stringify([
    id,
    manifest.apiVersion,
    manifest.kind,
    dependsOn,
    controllerOwned.map((field) => field.path),
    Object.keys(manifest).sort(),
  ]);
}

/**
 * Checks that the children laid out before the inputs resolved (from placeholders) are the ones
 * the resolved spec renders. The core's layout depends only on plain fields, so a difference is a
 * canary-kit bug, reported as such rather than as a wrong object in the cluster.
 */
export function checkSameLayout(specName: string, laidOut: Synthesized, resolved: Synthesized): void {
  const before = laidOut.resources.map(shape);
  const after = resolved.resources.map(shape);
  const changed = after.find((item, index) => item !== before[index]) ?? before[after.length];
  if (before.length === after.length && changed === undefined) return;
  throw new Error(
    `canary-kit bug: the objects of CanaryService '${specName}' changed once its inputs resolved ` +
      `(first difference: ${changed ?? '(count)'}). Please report it with the spec.`,
  );
}
