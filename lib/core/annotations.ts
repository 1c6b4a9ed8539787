/**
 * Annotations that canary-kit writes on its output and reads on any manifests (`canary-kit lint`).
 * They are public contract: documented in docs/lint.md and the README.
 */

/** On a VirtualService: `"true"` says a canary share larger than the stable share is deliberate (a promotion step). */
export const PROMOTING_ANNOTATION = 'canary-kit.dev/promoting';

/**
 * On a Flagger Canary: the rollback SLA, a duration such as `"10m"`. `canary-kit lint` checks that
 * Flagger's analysis can detect a bad canary and roll it back within it.
 */
export const ROLLBACK_WITHIN_ANNOTATION = 'canary-kit.dev/rollback-within';

/** On any object: comma-separated rule ids that `canary-kit lint` does not report for this object. */
export const LINT_IGNORE_ANNOTATION = 'canary-kit.dev/lint-ignore';

/** On a `mesh` VirtualService: the current stage, for people reading the cluster. */
export const STAGE_ANNOTATION = 'canary-kit.dev/stage';

/** On a `mesh` VirtualService: the rollback record (reason, time, previous canary share). */
export const ROLLBACK_ANNOTATIONS = {
  reason: 'canary-kit.dev/rollback-reason',
  at: 'canary-kit.dev/rollback-at',
  previousCanaryWeight: 'canary-kit.dev/rollback-previous-canary-weight',
} as const;

/**
 * On a `mesh` VirtualService: when the current stage (share) began, RFC 3339. Rendered from
 * `traffic.stageStartedAt`; the in-cluster gate reads it and writes it with every share it sets.
 */
export const STAGE_STARTED_AT_ANNOTATION = 'canary-kit.dev/stage-started-at';

/**
 * On a `mesh` VirtualService: set by the in-cluster gate after a patch of its timed out and was not
 * found applied, to the run's time. Writing it changes the object's resourceVersion, which every
 * patch of the gate tests, so the timed-out patch can no longer be applied late.
 */
export const WRITE_FENCE_ANNOTATION = 'canary-kit.dev/write-fenced-at';
