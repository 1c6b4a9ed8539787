/**
 * Server-side apply of an object whose atomic list a controller writes into.
 *
 * pulumi-kubernetes 4 applies with server-side apply. When a controller owns a field Pulumi ignores
 * (`ignoreChanges`), the provider drops that field from its apply or sets it to its live value, which
 * works for plain paths such as `spec.replicas` but not inside a list: it splits the path on dots
 * and so never finds `http[2]` (pulumi-kubernetes provider/pkg/await/await.go,
 * `handleSSAIgnoreFields`, "TODO: Enhance support for ignoreField path to support nested arrays");
 * the ignored weights then keep the values in Pulumi's state. Istio's `spec.http` is an atomic list
 * (`x-kubernetes-list-type: atomic` in the VirtualService CRD): once the gate patches one weight, the
 * gate's field manager owns the whole list, and a `pulumi up` that changes any route fails with a
 * field conflict. Seen on the real engine and provider (e2e/tests/pulumi.test.ts).
 *
 * The annotation `pulumi.com/patchForce: "true"` (provider/pkg/metadata/annotations.go) makes the
 * provider force the apply and take the list back. With `ignoreChanges` on the weights, Pulumi sends
 * the weights its state holds; with a refresh before every update (`options: refresh: always` in
 * Pulumi.yaml) that state is the live split the gate wrote, so the apply keeps the gate's weights and
 * changes the rest (docs/pulumi.md, "What ignoreChanges protects, and why").
 */
import { ControllerOwnedField } from '../core/render/resource';

/** The provider's annotation that forces a server-side apply. */
export const PATCH_FORCE_ANNOTATION = 'pulumi.com/patchForce';

/** Whether a controller owns a field inside a list (a path with an index), so the apply must force. */
export function needsForcedApply(controllerOwned: readonly ControllerOwnedField[]): boolean {
  return controllerOwned.some((field) => /\[\d+\]/.test(field.path));
}

/** `metadata` with the force annotation added (the object's own annotations kept). */
export function withPatchForce(metadata: unknown): Record<string, unknown> {
  const base = (metadata ?? {}) as Record<string, unknown>;
  const annotations = { ...((base.annotations ?? {}) as Record<string, string>) };
  annotations[PATCH_FORCE_ANNOTATION] = 'true';
  return { ...base, annotations };
}
