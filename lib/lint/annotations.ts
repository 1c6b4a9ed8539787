/**
 * Annotations that `canary-kit lint` reads on hand-written objects: the same constants the core
 * writes (see lib/core/annotations.ts and docs/lint.md).
 */
export {
  LINT_IGNORE_ANNOTATION,
  PROMOTING_ANNOTATION,
  ROLLBACK_WITHIN_ANNOTATION,
} from '../core/annotations';

/**
 * On a Flagger Canary with `spec.service.gateways` and no `mesh`: `"true"` says the canary is
 * deliberately edge-only (no in-mesh caller exists), so `canary-gateway-without-mesh` does not fire.
 */
export const EDGE_ONLY_ANNOTATION = 'canary-kit.dev/edge-only';
