import { KubeManifest } from '../core/manifest';
import { CANARY_SUBSET, STABLE_SUBSET } from '../core/render/destination-rule';
import { RenderedResource } from '../core/render/resource';
import { DEFAULT_ROUTE_NAME } from '../gate/in-cluster/json-patch';

/** A field of an object canary-kit creates that a controller writes at run time. */
export interface ControllerOwnedField {
  /** The `ignoreChanges` path, e.g. `spec.replicas`. */
  readonly path: string;
  /** Which controller writes it, e.g. `Flagger` or `the HorizontalPodAutoscaler controller`. */
  readonly owner: string;
}

/** The object a `targetRef`/`scaleTargetRef` names. */
interface ObjectRef {
  readonly kind?: string;
  readonly name?: string;
}

function refOf(manifest: KubeManifest, field: 'targetRef' | 'scaleTargetRef'): ObjectRef {
  const spec = manifest.spec as Record<string, ObjectRef | undefined> | undefined;
  return spec?.[field] ?? {};
}

/** One rule of a Role, as far as read here. */
interface PolicyRule {
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly verbs?: readonly string[];
}

/** Names of the VirtualServices a Role lets its subject `patch`. */
function patchableVirtualServices(role: KubeManifest): string[] {
  const rules = (role.rules as readonly PolicyRule[] | undefined) ?? [];
  return rules
    .filter((rule) => rule.resources?.includes('virtualservices') && rule.verbs?.includes('patch'))
    .flatMap((rule) => rule.resourceNames ?? []);
}

/** Paths of the stable and canary weights of the route the gate moves, e.g. `spec.http[3].route[0].weight`. */
function gateWeightPaths(virtualService: KubeManifest): string[] {
  type Route = { name?: string; route?: ReadonlyArray<{ destination?: { subset?: string } }> };
  const http = ((virtualService.spec as { http?: readonly Route[] } | undefined)?.http ??
    []) as readonly Route[];
  return http.flatMap((route, index) =>
    route.name !== DEFAULT_ROUTE_NAME
      ? []
      : (route.route ?? []).flatMap((destination, d) =>
          [STABLE_SUBSET, CANARY_SUBSET].includes(destination.destination?.subset ?? '')
            ? [`spec.http[${index}].route[${d}].weight`]
            : [],
        ),
  );
}

/**
 * The fields that controllers own at run time, by resource id, so that the next `pulumi up`
 * does not revert them (they become `ignoreChanges`). Derived from the objects themselves, not
 * from the mode, so that it follows whatever the core renders:
 *
 * - The Deployment a Flagger `Canary` targets: `spec.replicas`. Flagger scales its target to
 *   zero once the primary is ready and again after every promotion, and back up when it sees a
 *   new revision (fluxcd/flagger `pkg/canary/deployment_controller.go`: `ScaleToZero`,
 *   `ScaleFromZero`). Reverting it would run the old pods beside the primary.
 * - The Deployment a HorizontalPodAutoscaler scales: `spec.replicas`, written by the HPA
 *   controller through the scale subresource. (The core already leaves `replicas` out then; the
 *   entry keeps Pulumi from claiming the field should a later change put it back.)
 * - The VirtualService the `mesh` gate may `patch` (its Role names it): the stable and canary
 *   weights of the route named `default`, which `canary-kit gate --apply in-cluster` moves with
 *   a guarded JSON Patch and nothing else (`lib/gate/in-cluster/json-patch.ts`). The spec's
 *   share is then the starting point only.
 *
 * Nothing else that Flagger writes lands on an object canary-kit creates: on the `Canary` it
 * writes only `status` (the status subresource, never a Pulumi input) and, only with
 * `spec.revertOnDeletion`, a finalizer (`pkg/controller/finalizer.go`); it reads the target's
 * HPA and creates its own `<name>-primary` copy (`pkg/canary/hpa_reconciler.go`, whose
 * `PauseTargetScaler` is a no-op for HPAs); the Services, DestinationRules and VirtualService
 * it rewrites are its own, which canary-kit never emits in `flagger` mode.
 *
 * With server-side apply (the default of pulumi-kubernetes 4), the provider drops an ignored
 * path from the apply when another field manager owns it on the cluster (pulumi-kubernetes
 * #2566), so the field neither conflicts nor reverts. That handling splits paths on dots only,
 * so the gate's indexed weight paths are ignored by the engine (never reverted to the spec) but
 * not dropped from the apply: see docs/pulumi.md for the field conflict this can raise.
 */
export function controllerOwnedFields(
  resources: readonly RenderedResource[],
): ReadonlyMap<string, readonly ControllerOwnedField[]> {
  const ids = new Map<string, string>();
  const byId = new Map<string, KubeManifest>();
  for (const { id, manifest } of resources) {
    ids.set(`${manifest.kind} ${manifest.metadata.namespace}/${manifest.metadata.name}`, id);
    byId.set(id, manifest);
  }
  const owned = new Map<string, ControllerOwnedField[]>();
  const add = (id: string, field: ControllerOwnedField) => {
    const fields = owned.get(id) ?? [];
    if (!fields.some((f) => f.path === field.path && f.owner === field.owner)) fields.push(field);
    owned.set(id, fields);
  };
  const claim = (namespace: string | undefined, ref: ObjectRef, field: ControllerOwnedField) => {
    const id = ref.kind === 'Deployment' ? ids.get(`Deployment ${namespace}/${ref.name}`) : undefined;
    if (id !== undefined) add(id, field); // else an existing Deployment: not ours, nothing to ignore
  };
  for (const { manifest } of resources) {
    const namespace = manifest.metadata.namespace;
    if (manifest.kind === 'Canary' && manifest.apiVersion.startsWith('flagger.app/')) {
      claim(namespace, refOf(manifest, 'targetRef'), { path: 'spec.replicas', owner: 'Flagger' });
    }
    if (manifest.kind === 'HorizontalPodAutoscaler') {
      claim(namespace, refOf(manifest, 'scaleTargetRef'), {
        path: 'spec.replicas',
        owner: 'the HorizontalPodAutoscaler controller',
      });
    }
    if (manifest.kind === 'Role') {
      for (const name of patchableVirtualServices(manifest)) {
        const id = ids.get(`VirtualService ${namespace}/${name}`);
        const virtualService = id === undefined ? undefined : byId.get(id);
        if (id === undefined || !virtualService) continue;
        for (const path of gateWeightPaths(virtualService)) add(id, { path, owner: 'the canary-kit gate' });
      }
    }
  }
  return owned;
}

/** The distinct `ignoreChanges` paths of one resource id (empty when no controller owns a field). */
export function ignoredPaths(
  owned: ReadonlyMap<string, readonly ControllerOwnedField[]>,
  id: string,
): string[] {
  return [...new Set((owned.get(id) ?? []).map((field) => field.path))];
}
