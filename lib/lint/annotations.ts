/**
 * Annotations that `canary-kit lint` reads on hand-written objects: the same constants the core
 * writes (see lib/core/annotations.ts and docs/lint.md).
 */
export {
  LINT_IGNORE_ANNOTATION,
  PROMOTING_ANNOTATION,
  ROLLBACK_WITHIN_ANNOTATION,
} from '../core/annotations';
