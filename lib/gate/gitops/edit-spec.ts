/**
 * `--apply gitops`: the gate's decision written into the spec file, as the smallest reviewable
 * diff, comments and formatting untouched.
 *
 * - advance: the `stage:` value changes (or `canaryWeight:`); a plain weight above 50 also gets
 *   `promoting: true` (the gate computes the weight from its ladder, so the typo the `promoting`
 *   rule guards against cannot happen, and the diff shows the confirmation explicitly);
 * - rollback: the share becomes `canaryWeight: 0` and a `rollback:` record (reason, at,
 *   previousCanaryWeight) follows it. With stages, `stage: <name>` is replaced by
 *   `canaryWeight: 0` in place: the validation requires an effective share of 0 with a rollback
 *   record, `stage` and `canaryWeight` are mutually exclusive, and the stages list stays intact,
 *   so resuming is one edit (`canaryWeight: 0` + record back to `stage: <name>`). A
 *   `promoting: true` is set to false, so the 50% typo guard is back on;
 * - promote: `workload.image` takes the `canaryImage` value and the share goes back to
 *   `canaryWeight: 0`, as for a rollback but without a record;
 * - prepare: `traffic.nextCanaryWeight` is set (the canary is sized for the next share while the
 *   weights stay); every share the gate writes removes it again.
 *
 * The edited text is parsed again, compared with the intended change and validated before it is
 * returned; anything else is refused.
 */
import { isDeepStrictEqual } from 'node:util';
import { formatIssue } from '../../core/errors';
import { CanaryServiceSpec, RollbackRecord } from '../../core/spec';
import { validate } from '../../core/validate';
import { parse } from 'yaml';
import { YamlEditError, YamlTextEditor } from './yaml-edit';

/** What to write. */
export type SpecChange =
  /** Move to a declared stage that begins at `startedAt` (RFC 3339, written as `traffic.stageStartedAt`). */
  | { readonly kind: 'stage'; readonly stage: string; readonly startedAt: string }
  /** Move to a canary share; `promoting` sets `promoting: true` (above 50%). */
  | {
      readonly kind: 'weight';
      readonly canaryWeight: number;
      readonly promoting: boolean;
      readonly startedAt: string;
    }
  /** Roll back: share 0 and the record. */
  | { readonly kind: 'rollback'; readonly record: RollbackRecord }
  /** Promote: stable image := canary image, share 0. */
  | { readonly kind: 'promote' }
  /**
   * Size the canary for a larger share before the weights move (`traffic.nextCanaryWeight`,
   * `canaryScaling: share`); the share itself stays.
   */
  | { readonly kind: 'prepare'; readonly nextCanaryWeight: number };

/** The edited file. */
export interface SpecEdit {
  /** The new file text. */
  readonly text: string;
  /** What changed, one line per field, e.g. `traffic.stage: ten -> half`. */
  readonly changes: readonly string[];
}

type Json = Record<string, unknown>;

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Computes the edited text of a spec file for a change. `spec` is the file's parsed content (as
 * validated). Throws `YamlEditError` when the file cannot take the edit or the result is not
 * exactly the intended change.
 */
export function editSpecText(
  file: string,
  text: string,
  spec: CanaryServiceSpec,
  change: SpecChange,
): SpecEdit {
  const editor = new YamlTextEditor(text, file);
  const expected = clone(spec) as unknown as Json & { traffic?: Json; workload: Json };
  const traffic = (spec.traffic ?? {}) as unknown as Json;
  const expectedTraffic = (expected.traffic ?? {}) as Json;
  const changes: string[] = [];
  const shareKey =
    traffic.stage !== undefined ? 'stage' : traffic.canaryWeight !== undefined ? 'canaryWeight' : undefined;

  const setShare = (target: { stage: string } | { canaryWeight: number }): void => {
    if (shareKey === undefined) {
      throw new YamlEditError(
        `${file}: traffic has neither stage nor canaryWeight, so there is no share to change; add one`,
      );
    }
    const [newKey, newValue] =
      'stage' in target ? ['stage', target.stage] : ['canaryWeight', target.canaryWeight];
    if (newKey === shareKey) editor.replaceValue(['traffic'], shareKey, newValue);
    else editor.replacePair(['traffic'], shareKey, newKey, newValue);
    if (newKey === shareKey) changes.push(`traffic.${shareKey}: ${String(traffic[shareKey])} -> ${newValue}`);
    else
      changes.push(
        `traffic.${shareKey}: ${String(traffic[shareKey])} -> (removed)`,
        `traffic.${newKey}: (absent) -> ${newValue}`,
      );
    delete expectedTraffic[shareKey];
    expectedTraffic[newKey] = newValue;
  };
  const confirmPromoting = (): void => {
    if (traffic.promoting === true) return;
    if (traffic.promoting !== undefined) editor.replaceValue(['traffic'], 'promoting', true);
    else editor.insertAfter(['traffic'], shareKey as string, 'promoting', true);
    changes.push(`traffic.promoting: ${String(traffic.promoting ?? '(absent)')} -> true`);
    expectedTraffic.promoting = true;
  };
  // The stage clock (`traffic.stageStartedAt`): set with every stage the gate moves to, removed
  // when the share goes back to 0, so that a resumed rollout starts its clock again.
  const setStartedAt = (at: string): void => {
    if (traffic.stageStartedAt !== undefined) editor.replaceValue(['traffic'], 'stageStartedAt', at);
    else editor.insertAfter(['traffic'], shareKey as string, 'stageStartedAt', at);
    changes.push(`traffic.stageStartedAt: ${String(traffic.stageStartedAt ?? '(absent)')} -> ${at}`);
    expectedTraffic.stageStartedAt = at;
  };
  const dropStartedAt = (): void => {
    if (traffic.stageStartedAt === undefined) return;
    editor.removePair(['traffic'], 'stageStartedAt');
    changes.push(`traffic.stageStartedAt: ${String(traffic.stageStartedAt)} -> (removed)`);
    delete expectedTraffic.stageStartedAt;
  };
  // `traffic.nextCanaryWeight` sized the canary ahead of a share: once the share reaches it (or
  // the rollout ends), it has done its job and would fail validation.
  const dropNextCanaryWeight = (newShare: number | undefined): void => {
    const next = traffic.nextCanaryWeight;
    if (typeof next !== 'number' || (newShare !== undefined && next > newShare)) return;
    editor.removePair(['traffic'], 'nextCanaryWeight');
    changes.push(`traffic.nextCanaryWeight: ${next} -> (removed)`);
    delete expectedTraffic.nextCanaryWeight;
  };
  const dropPromoting = (): void => {
    if (traffic.promoting !== true) return;
    editor.replaceValue(['traffic'], 'promoting', false);
    changes.push('traffic.promoting: true -> false');
    expectedTraffic.promoting = false;
  };

  switch (change.kind) {
    case 'stage': {
      setShare({ stage: change.stage });
      setStartedAt(change.startedAt);
      const share = (spec.traffic?.stages ?? []).find((s) => s.name === change.stage)?.canaryWeight;
      dropNextCanaryWeight(share ?? 0);
      break;
    }
    case 'weight':
      setShare({ canaryWeight: change.canaryWeight });
      if (change.promoting) confirmPromoting();
      setStartedAt(change.startedAt);
      dropNextCanaryWeight(change.canaryWeight);
      break;
    case 'prepare': {
      if (shareKey === undefined) {
        throw new YamlEditError(
          `${file}: traffic has neither stage nor canaryWeight, so there is no share to size the canary beyond; add one`,
        );
      }
      const next = change.nextCanaryWeight;
      if (traffic.nextCanaryWeight !== undefined) editor.replaceValue(['traffic'], 'nextCanaryWeight', next);
      else editor.insertAfter(['traffic'], shareKey, 'nextCanaryWeight', next);
      changes.push(`traffic.nextCanaryWeight: ${String(traffic.nextCanaryWeight ?? '(absent)')} -> ${next}`);
      expectedTraffic.nextCanaryWeight = next;
      break;
    }
    case 'rollback': {
      if (traffic.rollback !== undefined) {
        throw new YamlEditError(
          `${file}: traffic.rollback is already set; remove it before recording another`,
        );
      }
      setShare({ canaryWeight: 0 });
      dropPromoting();
      dropStartedAt();
      dropNextCanaryWeight(undefined);
      const record = {
        reason: change.record.reason,
        at: change.record.at,
        previousCanaryWeight: change.record.previousCanaryWeight,
      };
      editor.insertAfter(['traffic'], shareKey as string, 'rollback', record);
      changes.push(`traffic.rollback: (absent) -> ${JSON.stringify(record)}`);
      expectedTraffic.rollback = record;
      break;
    }
    case 'promote': {
      const image = spec.workload.image;
      const canaryImage = spec.workload.canaryImage;
      if (canaryImage !== undefined && canaryImage !== image) {
        editor.replaceValue(['workload'], 'image', canaryImage);
        changes.push(`workload.image: ${image} -> ${canaryImage}`);
        expected.workload.image = canaryImage;
      }
      setShare({ canaryWeight: 0 });
      dropPromoting();
      dropStartedAt();
      dropNextCanaryWeight(undefined);
      break;
    }
  }
  if (expected.traffic !== undefined || spec.traffic !== undefined) expected.traffic = expectedTraffic;

  const edited = editor.result();
  let reparsed: unknown;
  try {
    reparsed = parse(edited);
  } catch (error) {
    throw new YamlEditError(
      `${file}: the edited file does not parse (${(error as Error).message}); nothing written`,
    );
  }
  if (!isDeepStrictEqual(reparsed, expected)) {
    throw new YamlEditError(
      `${file}: the edited file does not read back as the intended change (${changes.join(', ')}); nothing written`,
    );
  }
  const issues = validate(reparsed);
  if (issues.length > 0) {
    throw new YamlEditError(
      `${file}: the edited spec would be invalid, nothing written:\n${issues.map((i) => `  - ${formatIssue(i)}`).join('\n')}`,
    );
  }
  return { text: edited, changes };
}
