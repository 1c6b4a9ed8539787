/**
 * Writes a decision where `--apply` says: nowhere, the spec file (`gitops`), or the live
 * VirtualService (`in-cluster`). Failures to write are outcomes, not exceptions: the record says
 * what happened and the exit code follows (see `run-gate.ts`).
 */
import { CanaryPlan } from '../core/plan';
import { CanaryServiceSpec } from '../core/spec';
import { ApplyMode, ApplyOutcome } from './apply-outcome';
import { GateDecision } from './decide';
import { editSpecText, SpecChange } from './gitops/edit-spec';
import { YamlEditError } from './gitops/yaml-edit';
import { FileWriteError, writeFileAtomic } from '../util/atomic-file';
import { applyCanaryWeight, applyRollbackInCluster, LiveRouting } from './in-cluster/apply-in-cluster';
import { ClusterApi } from './in-cluster/kube-client';
import { describePosition, Position } from './position';
import { RecordTarget } from './record';

/** Everything the write needs. */
export interface ApplyRequest {
  /** `--apply`. */
  readonly apply: ApplyMode;
  /** The resolved spec. */
  readonly plan: CanaryPlan;
  /** The decision (after the position's blockers). */
  readonly decision: GateDecision;
  /** Where the canary goes; null on hold. */
  readonly target: RecordTarget;
  /** Where it stands. */
  readonly position: Position;
  /** Why (becomes the rollback record's reason). */
  readonly reason: string;
  /** The run's time, RFC 3339 (the rollback record's `at`). */
  readonly at: string;
  /** The spec file as read. */
  readonly file: { readonly path: string; readonly text: string; readonly spec: CanaryServiceSpec };
  /**
   * The cluster and the routing read from it (`in-cluster`); `settleApi` reads back after a
   * timed-out patch (its own timeouts, past the run's deadline).
   */
  readonly cluster:
    { readonly api: ClusterApi; readonly live: LiveRouting; readonly settleApi?: ClusterApi } | undefined;
  /**
   * On a hold, the canary sized for the next share first (`--apply gitops`, `canaryScaling:
   * share`): `traffic.nextCanaryWeight`. @default - nothing to write on a hold
   */
  readonly prepare?: Extract<SpecChange, { kind: 'prepare' }>;
}

/** The spec change of a decision, or undefined when there is nothing to write. */
export function specChange(
  request: Pick<ApplyRequest, 'decision' | 'target' | 'position' | 'reason' | 'at'>,
): SpecChange | undefined {
  const { decision, target, position } = request;
  if (decision === 'rollback') {
    return {
      kind: 'rollback',
      record: {
        reason: `canary-kit gate at ${describePosition(position)}: ${request.reason}`,
        at: request.at,
        previousCanaryWeight: position.canaryWeight,
      },
    };
  }
  if (decision !== 'advance' || !target || target.kind === 'rollback') return undefined;
  if (target.kind === 'stage') return { kind: 'stage', stage: target.stage, startedAt: request.at };
  if (target.kind === 'weight') {
    return {
      kind: 'weight',
      canaryWeight: target.canaryWeight,
      promoting: target.promoting,
      startedAt: request.at,
    };
  }
  return { kind: 'promote' };
}

function applyGitops(request: ApplyRequest, change = specChange(request)): ApplyOutcome {
  if (!change) return { mode: 'gitops', status: 'unchanged', detail: 'nothing to write' };
  const { path, text, spec } = request.file;
  try {
    const edit = editSpecText(path, text, spec, change);
    // Atomic, exclusive and symlink-safe; a symlinked spec updates its target; under the spec's
    // lock, a file that changed since it was read is left alone (concurrent gates serialize).
    writeFileAtomic(path, edit.text, { followSymlink: true, expected: text });
    return { mode: 'gitops', status: 'applied', detail: `rewrote ${path}`, changes: edit.changes };
  } catch (error) {
    if (error instanceof FileWriteError && error.reason === 'changed')
      return { mode: 'gitops', status: 'conflict', detail: error.message };
    if (!(error instanceof YamlEditError) && !(error instanceof FileWriteError)) throw error;
    return { mode: 'gitops', status: 'failed', detail: error.message };
  }
}

/** Writes the decision; see the module comment. */
export async function applyDecision(request: ApplyRequest): Promise<ApplyOutcome> {
  const { apply, decision, target, position } = request;
  if (apply === 'none')
    return { mode: 'none', status: 'not-requested', detail: '--apply none: nothing written' };
  if ((decision === 'hold' || !target) && apply === 'gitops' && request.prepare)
    return applyGitops(request, request.prepare);
  if (decision === 'hold' || !target)
    return { mode: apply, status: 'unchanged', detail: 'hold: nothing to write' };
  if (
    target.kind !== 'promote' &&
    target.kind !== 'rollback' &&
    target.canaryWeight === position.canaryWeight
  ) {
    return {
      mode: apply,
      status: 'unchanged',
      detail: `the canary share is already ${position.canaryWeight}%`,
    };
  }
  if (apply === 'gitops') return applyGitops(request);
  if (target.kind === 'promote') {
    return {
      mode: 'in-cluster',
      status: 'unchanged',
      detail:
        'the canary passed its last stage: promotion changes the images (workload.image := workload.canaryImage), which is a change in git, not in the cluster',
    };
  }
  if (!request.cluster) throw new Error('applyDecision: in-cluster without a cluster (an internal error)');
  const { api, live, settleApi } = request.cluster;
  if (target.kind === 'rollback') {
    const change = specChange(request);
    if (change?.kind !== 'rollback')
      throw new Error('applyDecision: a rollback without its record (an internal error)');
    return applyRollbackInCluster(api, request.plan, live, change.record, settleApi);
  }
  return applyCanaryWeight(
    api,
    request.plan,
    live,
    target.canaryWeight,
    { name: target.kind === 'stage' ? target.stage : undefined, startedAt: request.at },
    settleApi,
  );
}
