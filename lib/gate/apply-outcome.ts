import { JsonPatchOperation } from './in-cluster/json-patch';

/** Where the gate writes its decision. */
export type ApplyMode = 'none' | 'gitops' | 'in-cluster';

/** The apply modes, for flag validation and help. */
export const APPLY_MODES: readonly ApplyMode[] = ['none', 'gitops', 'in-cluster'];

/** What happened when the decision was written. */
export interface ApplyOutcome {
  /** The mode asked for. */
  readonly mode: ApplyMode;
  /**
   * - `not-requested`: `--apply none`;
   * - `applied`: the spec file or the VirtualService was changed;
   * - `unchanged`: nothing to write (a hold, or already at the target);
   * - `conflict`: the VirtualService or the spec file changed since it was read (a JSON Patch
   *   `test` failed, or another run rewrote the file), so nothing was written; the next run reads
   *   it again;
   * - `failed`: writing failed (after a timed-out patch: a re-read showed it not applied, and it
   *   can no longer be);
   * - `unknown`: a patch timed out and neither a re-read nor a fence could tell whether the server
   *   applied it (in-cluster; see `in-cluster/settle-write.ts`).
   */
  readonly status: 'not-requested' | 'applied' | 'unchanged' | 'conflict' | 'failed' | 'unknown';
  /** One sentence for people. */
  readonly detail: string;
  /** The changed fields (gitops), e.g. `traffic.stage: ten -> half`. */
  readonly changes?: readonly string[];
  /** The JSON Patch sent (in-cluster). */
  readonly patch?: readonly JsonPatchOperation[];
  /** The canary's scaling (in-cluster rollback to zero). */
  readonly scale?: ScaleOutcome;
}

/** What happened when the gate scaled the canary Deployment (its scale subresource). */
export interface ScaleOutcome {
  /** As for {@link ApplyOutcome.status}, without `not-requested`. */
  readonly status: 'applied' | 'unchanged' | 'conflict' | 'failed';
  /** One sentence for people. */
  readonly detail: string;
  /** The JSON Patch sent to the scale subresource. */
  readonly patch?: readonly JsonPatchOperation[];
}
