/**
 * The decision record: one per run, the audit trail for postmortems. It carries the inputs, the
 * thresholds, every measured value with its PromQL, the test statistic, the decision, its reason,
 * what was written and whether anyone was notified. `--format json` prints it as one JSON line.
 */
import { ApplyMode, ApplyOutcome, ScaleOutcome } from './apply-outcome';
import { CheckResult, DerivedValues, GateDecision } from './decide';
import { formatNumber, formatProbability } from './format';
import { Measurements, Reading } from './measurements';
import { decisionSeverity, NotificationOutcome, NotifyPolicy } from './notify';
import { ChatNotification } from './notify-payloads';
import { describeNextStep, describePosition, NextStep, Position } from './position';
import { TwoProportionTest } from './statistics';
import { RecordPromotionCriteria } from './promotion';
import { StageTiming } from './stage-time';
import { CanaryReadiness, ReadinessSource } from './canary-readiness';

/** Exit code of each decision (usage and configuration errors exit 2). */
export const EXIT_CODES: Readonly<Record<GateDecision, number>> = { advance: 0, rollback: 1, hold: 3 };

/** One evaluation at an earlier time, for `failuresBeforeRollback`. */
export interface EvaluationRecord {
  /** Evaluation time, RFC 3339. */
  readonly time: string;
  /** What was read. */
  readonly measurements: Measurements;
  /** What was computed from it. */
  readonly derived: DerivedValues;
  /** Every check. */
  readonly checks: readonly CheckResult[];
  /** The error-rate test, or null when it could not run. */
  readonly statistic: TwoProportionTest | null;
  /** This evaluation's own verdict. */
  readonly decision: GateDecision;
  /** Why. */
  readonly reason: string;
}

/** The inputs of the run. */
export interface RecordInputs {
  /** The spec file. */
  readonly spec: string;
  /** The Prometheus base URL. */
  readonly prometheus: string;
  /** `--apply`. */
  readonly apply: ApplyMode;
  /** `--stage`, or null. */
  readonly stage: string | null;
  /** Timeout of each Prometheus request, in milliseconds. */
  readonly timeoutMs: number;
  /** Failing evaluations in a row needed to roll back (`automation.failuresBeforeRollback`, default 1). */
  readonly failuresBeforeRollback: number;
  /** Seconds between the evaluations (the schedule's longest gap), or null with one evaluation. */
  readonly evaluationGapSeconds: number | null;
  /** `--notify`. */
  readonly notify: NotifyPolicy;
  /** Where the canary's replicas are read before a share is given, or null when not checked. */
  readonly readinessFrom: ReadinessSource | null;
}

/** The thresholds, as recorded (`maxLatencyRatio` null when not checked). */
export interface RecordThresholds {
  /** `slo.successRatePercent`. */
  readonly successRatePercent: number;
  /** `slo.p99LatencyMs`. */
  readonly p99LatencyMs: number;
  /** `slo.maxLatencyRatio`, or null. */
  readonly maxLatencyRatio: number | null;
  /** `slo.minRequests`. */
  readonly minRequests: number;
  /** `slo.window`. */
  readonly window: string;
  /** Confidence of the error-rate test. */
  readonly confidence: number;
}

/** Where the gate sends the canary: the next step, or 0% on rollback; null on hold. */
export type RecordTarget = NextStep | { readonly kind: 'rollback'; readonly canaryWeight: 0 } | null;

/** The record of one gate run. */
export interface DecisionRecord {
  /** Identifies the document. */
  readonly kind: 'CanaryGateDecision';
  /** Schema version of the record. */
  readonly version: 1;
  /** The canary service. */
  readonly service: { readonly name: string; readonly namespace: string };
  /** The run's time, RFC 3339 (also the Prometheus evaluation time and the rollback `at`). */
  readonly time: string;
  /** The inputs. */
  readonly inputs: RecordInputs;
  /** The thresholds. */
  readonly thresholds: RecordThresholds;
  /** Where the rollout stood. */
  readonly position: Position;
  /** The stage clock: when the stage began, its minimum time and the earliest advance. */
  readonly stageTime: StageTiming;
  /** The criteria to advance from this stage (the SLO, or stricter `promotionCriteria`). */
  readonly promotionCriteria: RecordPromotionCriteria;
  /** The current evaluation's measurements (null when nothing was measured). */
  readonly measured: Measurements | null;
  /** The current evaluation's derived values (null when nothing was measured). */
  readonly derived: DerivedValues | null;
  /** The current evaluation's checks (empty when nothing was measured). */
  readonly checks: readonly CheckResult[];
  /** The current evaluation's error-rate test (null when it could not run). */
  readonly statistic: TwoProportionTest | null;
  /**
   * The promotion checks of the current evaluation: evaluated only when every SLO check passed;
   * a failed or unknown one holds (never rolls back).
   */
  readonly promotionChecks: readonly CheckResult[];
  /**
   * The earlier evaluations of `automation.failuresBeforeRollback` (at now - gap, now - 2 gap,
   * ...), read only while the current one fails; their own verdicts.
   */
  readonly earlierEvaluations: readonly EvaluationRecord[];
  /** The decision. */
  readonly decision: GateDecision;
  /** Why. */
  readonly reason: string;
  /** Where the canary goes. */
  readonly target: RecordTarget;
  /** What was written. */
  readonly apply: ApplyOutcome;
  /** The canary scale-up the gate made before a share (in-cluster, `canaryScaling: share`), or null. */
  readonly canaryScale: ScaleOutcome | null;
  /**
   * The canary's replicas against the share it would take (`--apply gitops` and `in-cluster`, or
   * `--apply none` with `--readiness-from`), or null when not read (no share to give, or in the
   * cluster a run that scaled the canary up first: see `canaryScale`).
   */
  readonly canaryReadiness: CanaryReadiness | null;
  /** The notification. */
  readonly notification: NotificationOutcome;
  /** The process exit code: 0 advance, 1 rollback, 3 hold. */
  readonly exitCode: number;
}

function cell(reading: Reading, format: (n: number) => string): string {
  return reading.value === null ? `(${reading.problem ?? 'none'})` : format(reading.value);
}

/** The record as text for people (`--format text`). */
export function formatRecordText(record: DecisionRecord): string {
  const lines: string[] = [];
  const { name, namespace } = record.service;
  lines.push(
    `canary-kit gate: ${record.decision.toUpperCase()} ${namespace}/${name} at ${describePosition(record.position)}`,
  );
  lines.push(`reason: ${record.reason}`);
  lines.push(
    `time: ${record.time}  prometheus: ${record.inputs.prometheus}  window: ${record.thresholds.window}  confidence: ${formatNumber(record.thresholds.confidence * 100)}%`,
  );
  if (record.measured) {
    const m = record.measured;
    const d = record.derived;
    lines.push('            requests   success %   p99 ms');
    for (const track of ['canary', 'stable'] as const) {
      const t = m[track];
      const rate =
        t.successRatePercent.value === null && d && d[`${track}SuccessRatePercent`] !== null
          ? `${formatNumber(d[`${track}SuccessRatePercent`] as number)} (5xx)`
          : cell(t.successRatePercent, (n) => formatNumber(n));
      lines.push(
        `  ${track.padEnd(8)}  ${cell(t.requests, (n) => formatNumber(n, 1)).padStart(8)}  ${rate.padStart(10)}  ${cell(t.p99LatencyMs, (n) => formatNumber(n, 1)).padStart(7)}`,
      );
    }
  }
  if (record.checks.length > 0) {
    lines.push('checks:');
    for (const check of record.checks) {
      const status = check.status === 'fail' ? 'FAIL' : check.status;
      lines.push(`  ${status.padEnd(8)} ${check.id.padEnd(24)} ${check.detail}`);
    }
  }
  if (record.promotionChecks.length > 0) {
    lines.push(`promotion checks (${record.promotionCriteria.from}):`);
    for (const check of record.promotionChecks) {
      const status = check.status === 'fail' ? 'FAIL' : check.status;
      lines.push(`  ${status.padEnd(8)} ${check.id.padEnd(24)} ${check.detail}`);
    }
  }
  const clock = record.stageTime;
  lines.push(
    `stage time: at least ${clock.minDuration} (${clock.minDurationFrom}); started ${clock.startedAt ?? 'unknown'}${clock.earliestAdvance ? `; may advance from ${clock.earliestAdvance}` : ''}`,
  );
  if (record.statistic) {
    const s = record.statistic;
    lines.push(
      `statistic: ${s.test}: z = ${formatNumber(s.z, 3)}, critical ${formatNumber(s.criticalZ, 3)}, p = ${formatProbability(s.pValue)}`,
    );
  }
  for (const earlier of record.earlierEvaluations) {
    lines.push(`earlier evaluation ${earlier.time}: ${earlier.decision} (${earlier.reason})`);
  }
  const target = record.target;
  if (target) {
    lines.push(
      `target: ${target.kind === 'rollback' ? 'canary share 0% (rollback)' : describeNextStep(target)}`,
    );
  }
  lines.push(`apply (${record.apply.mode}): ${record.apply.status}: ${record.apply.detail}`);
  for (const change of record.apply.changes ?? []) lines.push(`  ${change}`);
  if (record.canaryScale)
    lines.push(`canary scale: ${record.canaryScale.status}: ${record.canaryScale.detail}`);
  if (record.canaryReadiness)
    lines.push(
      `canary readiness (${record.canaryReadiness.source}): ${record.canaryReadiness.ready ? 'ready' : 'NOT READY'}: ${record.canaryReadiness.detail}`,
    );
  lines.push(`notification: ${record.notification.status}: ${record.notification.detail}`);
  lines.push(`exit code: ${record.exitCode}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Non-finite numbers as Prometheus writes them (`NaN`, `+Inf`, `-Inf`): JSON has no such
 * numbers, and `JSON.stringify` would print `null`, which reads as "no value".
 */
function finiteOrText(_key: string, value: unknown): unknown {
  if (typeof value !== 'number' || Number.isFinite(value)) return value;
  return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
}

/** The record as one line of JSON (`--format json`): one record per line in logs. */
export function formatRecordJson(record: DecisionRecord): string {
  return `${JSON.stringify(record, finiteOrText)}\n`;
}

/**
 * Text escaped for Slack mrkdwn: `&`, `<` and `>` are control characters there (`<url|text>` is a
 * link, `<!channel>` pings everyone), so a reason quoting a label value cannot inject either.
 */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The notification of a record for the spec's receivers: the decision, service and position as
 * the message, the reason, what was written and the time as fields; unescaped (each payload
 * escapes for its service).
 */
export function chatNotificationOf(record: DecisionRecord): ChatNotification {
  const { name, namespace } = record.service;
  return {
    name,
    namespace,
    message: `canary-kit gate: ${record.decision.toUpperCase()} ${namespace}/${name} at ${describePosition(record.position)}`,
    fields: [
      { name: 'Reason', value: record.reason },
      { name: 'Applied', value: applyText(record) },
      { name: 'Time', value: record.time },
    ],
    severity: decisionSeverity(record.decision),
  };
}

function applyText(record: DecisionRecord): string {
  return record.apply.mode === 'none'
    ? 'nothing written (--apply none)'
    : `${record.apply.mode} ${record.apply.status}: ${record.apply.detail}`;
}

/** The chat message of a record: decision, service, position, reason, what was written. */
export function notificationText(record: DecisionRecord): string {
  const { name, namespace } = record.service;
  const head = `canary-kit gate: *${record.decision.toUpperCase()}* ${namespace}/${name} at ${describePosition(record.position)}`;
  const apply = applyText(record);
  return `${slackEscape(head)}\nReason: ${slackEscape(record.reason)}\nApplied: ${slackEscape(apply)}\nTime: ${record.time}`;
}
