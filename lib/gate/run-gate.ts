/**
 * One gate run: read the spec, find the position, measure, decide, write, notify, record.
 * Usage and configuration problems throw `GateConfigError` (exit 2); everything else, including
 * an unreachable Prometheus or Kubernetes API, ends in a decision (never `advance` on missing data).
 */
import { readTextFile } from '../util/read-text-file';
import { cronMaxGapSeconds } from '../core/cron';
import { CanaryPlan, resolvePlan } from '../core/plan';
import { loadSpecFile, SpecFileError } from '../spec-file';
import { applyDecision } from './apply-decision';
import { ApplyMode, ApplyOutcome } from './apply-outcome';
import { combineConsecutive } from './consecutive';
import { decide, GateDecision, Verdict } from './decide';
import { GateConfigError } from './errors';
import {
  canaryCapacity,
  LiveRouting,
  liveStageStartedAt,
  readLiveRouting,
} from './in-cluster/apply-in-cluster';
import { withCallDeadlines } from './in-cluster/deadline';
import { ClusterApi, clusterApi, ClusterApiError, ClusterTarget } from './in-cluster/kube-client';
import {
  assessReadiness,
  CanaryReadiness,
  ReadinessSource,
  ReplicaReading,
  tooFewReplicasFix,
} from './canary-readiness';
import { readReplicasFromKubernetes, readReplicasFromPrometheus } from './readiness-sources';
import { canaryReplicasForShare } from '../core/canary-size';
import { SpecChange } from './gitops/edit-spec';
import { measure } from './measure';
import { Measurements } from './measurements';
import {
  NotificationOutcome,
  NotifyPolicy,
  postSlackMessage,
  shouldNotify,
  SLACK_WEBHOOK_ENV,
  notifyReceivers,
  combinedOutcome,
} from './notify';
import {
  advanceBlocker,
  describePosition,
  nextStep,
  NextStep,
  Position,
  positionFromLiveWeight,
  positionFromPlan,
} from './position';
import {
  DecisionRecord,
  EvaluationRecord,
  EXIT_CODES,
  notificationText,
  chatNotificationOf,
  RecordTarget,
} from './record';
import {
  PROMETHEUS_PASSWORD_ENV,
  PROMETHEUS_PASSWORD_FILE_ENV,
  PROMETHEUS_TOKEN_ENV,
  PROMETHEUS_TOKEN_FILE_ENV,
  PROMETHEUS_USER_ENV,
  prometheusAuthorization,
} from './prometheus-auth';
import { hasCredentials, redactUrl } from './redact';
import { prometheusBaseUrlProblem } from '../core/prometheus-base-url';
import { DEFAULT_CONFIDENCE, thresholdsFromPlan } from './thresholds';
import { STAGE_STARTED_AT_ANNOTATION } from '../core/annotations';
import { ScaleOutcome } from './apply-outcome';
import { CheckResult } from './decide';
import { promotionBlocker, promotionChecks, RecordPromotionCriteria } from './promotion';
import { stageTiming, stageTimeBlocker, StageTiming } from './stage-time';

/** Default timeout of each Prometheus request and Kubernetes API call. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Default deadline of the whole run: every request and API call ends by then. */
export const DEFAULT_DEADLINE_MS = 120_000;

/** What one run is asked to do (the CLI flags, parsed). */
export interface GateOptions {
  /** Path of the spec file (YAML or JSON). */
  readonly specFile: string;
  /** Prometheus base URL; undefined: `automation.prometheusUrl`. */
  readonly prometheusUrl?: string;
  /** Asserted current stage (`--stage`): the run refuses (exit 2) when the rollout is elsewhere. */
  readonly stage?: string;
  /** Where to write the decision. @default "none" */
  readonly apply?: ApplyMode;
  /** Timeout of each Prometheus request, ms. @default DEFAULT_TIMEOUT_MS */
  readonly timeoutMs?: number;
  /**
   * Deadline of the whole run, ms: no request or API call waits past it; what is missing then is
   * a hold. @default DEFAULT_DEADLINE_MS
   */
  readonly deadlineMs?: number;
  /** The run's time: Prometheus evaluation time and rollback `at`. @default now */
  readonly time?: Date;
  /** Confidence of the error-rate test. @default DEFAULT_CONFIDENCE */
  readonly confidence?: number;
  /** Which decisions are notified. @default "rollback" */
  readonly notify?: NotifyPolicy;
  /**
   * Kubeconfig for `--apply in-cluster` from outside a pod (a pipeline, or a token of the gate's
   * ServiceAccount). @default the pod's service account
   */
  readonly kubeconfig?: string;
  /**
   * Where the canary's replica counts are read before a share is given (`--readiness-from`):
   * kube-state-metrics in Prometheus, or the API server (`--kubeconfig`, else the pod's service
   * account). `--apply in-cluster` always reads the API server. @default with `--apply gitops`:
   * `kubernetes` when `kubeconfig` is given, else `prometheus`; with `--apply none`: not checked
   */
  readonly readinessFrom?: ReadinessSource;
}

/** What a run talks to; tests replace these. */
export interface GateDependencies {
  /** fetch for Prometheus and the webhook. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /**
   * The Kubernetes API for `--apply in-cluster` and `--readiness-from kubernetes`.
   * @default the pod's service account, or `--kubeconfig`
   */
  readonly clusterApi?: () => Promise<ClusterApi>;
  /** Environment (for the webhook URL). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Diagnostics (failed notifications, writes). @default nothing */
  readonly log?: (line: string) => void;
}

/** The outcome of a run. */
export interface GateResult {
  /** The decision record. */
  readonly record: DecisionRecord;
  /** The process exit code. */
  readonly exitCode: number;
}

/** An unexpected error as one line for the record (the gate's own bug, or a broken dependency). */
function internal(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `internal error (${message.split('\n')[0].slice(0, 300)}); please report it`;
}

function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

function loadPlan(file: string): {
  plan: CanaryPlan;
  text: string;
  spec: ReturnType<typeof loadSpecFile>['spec'];
} {
  let text: string;
  try {
    text = readTextFile(file);
  } catch (error) {
    throw new GateConfigError(`cannot read the spec file '${file}': ${(error as Error).message}`);
  }
  try {
    const { spec } = loadSpecFile(file, text);
    const plan = resolvePlan(spec);
    if (plan.mode !== 'mesh') {
      throw new GateConfigError(
        `${file}: mode is '${plan.mode}'; the gate drives mesh mode. In flagger mode Flagger is the gate: set mode: mesh, or do not run the gate.`,
      );
    }
    return { plan, text, spec };
  } catch (error) {
    if (error instanceof SpecFileError) throw new GateConfigError(error.message);
    throw error;
  }
}

function evaluationRecord(time: Date, measurements: Measurements, verdict: Verdict): EvaluationRecord {
  return {
    time: rfc3339(time),
    measurements,
    derived: verdict.derived,
    checks: verdict.checks,
    statistic: verdict.statistic ?? null,
    decision: verdict.decision,
    reason: verdict.reason,
  };
}

function clusterTarget(kubeconfig: string | undefined): ClusterTarget | undefined {
  return kubeconfig ? { kind: 'kubeconfig', path: kubeconfig } : undefined;
}

/**
 * Where the canary's replicas are read before a share is given: see `GateOptions.readinessFrom`.
 * In the cluster the gate reads the Deployments it may scale, so another source is refused.
 */
function readinessSource(apply: ApplyMode, options: GateOptions): ReadinessSource | undefined {
  if (apply === 'in-cluster') {
    if (options.readinessFrom === 'prometheus') {
      throw new GateConfigError(
        '--readiness-from prometheus with --apply in-cluster: in the cluster the gate reads the canary Deployment it scales from the API server; drop --readiness-from',
      );
    }
    return undefined;
  }
  if (options.readinessFrom !== undefined) return options.readinessFrom;
  if (apply === 'gitops') return options.kubeconfig ? 'kubernetes' : 'prometheus';
  return undefined;
}

/**
 * With `canaryScaling: share`, why the spec's canary is too small for `share` (the rendered
 * replicas, `traffic.nextCanaryWeight` included, against what the share needs of
 * `workload.replicas`), or undefined when it is large enough or sized otherwise.
 */
function specSizingShortfall(plan: CanaryPlan, share: number): string | undefined {
  const w = plan.workload;
  if (w.canaryScaling !== 'share' || w.canaryReplicas === undefined) return undefined;
  const stable = w.replicas ?? 1;
  const needed = canaryReplicasForShare(stable, share);
  if (w.canaryReplicas >= needed) return undefined;
  return `${share}% of workload.replicas ${stable} needs ${needed} canary replicas and the spec sizes the canary for ${w.canaryReplicas}`;
}

/** A reading whose source failed unexpectedly: every count missing, with why. */
function failedReading(source: ReadinessSource, error: unknown): ReplicaReading {
  const none = { desired: null, updated: null, available: null, generation: null, observedGeneration: null };
  const message =
    error instanceof ClusterApiError || error instanceof GateConfigError ? error.message : internal(error);
  return { source, stableReplicas: null, canary: none, problems: [message] };
}

/** Runs the gate once. Throws `GateConfigError` on a usage or configuration problem. */
export async function runGate(options: GateOptions, deps: GateDependencies = {}): Promise<GateResult> {
  const log = deps.log ?? (() => undefined);
  const apply = options.apply ?? 'none';
  const time = options.time ?? new Date();
  const at = rfc3339(time);
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + (options.deadlineMs ?? DEFAULT_DEADLINE_MS);
  const notifyPolicy = options.notify ?? 'rollback';
  const { plan, text, spec } = loadPlan(options.specFile);
  const prometheus = options.prometheusUrl ?? plan.automation?.prometheusUrl;
  if (prometheus === undefined) {
    throw new GateConfigError(
      `give --prometheus URL (the spec file '${options.specFile}' has no automation.prometheusUrl)`,
    );
  }
  const urlProblem = prometheusBaseUrlProblem(prometheus);
  if (urlProblem !== undefined) {
    throw new GateConfigError(
      `--prometheus '${redactUrl(prometheus)}' ${urlProblem}; use e.g. http://prometheus.istio-system:9090 (a path prefix such as /prometheus and query parameters such as ?namespace=shop are kept)`,
    );
  }
  if (hasCredentials(prometheus)) {
    throw new GateConfigError(
      `--prometheus '${redactUrl(prometheus)}' carries a user name or password in the URL, which would be printed and stored in plain text; remove it and give the credential from a Secret: ${PROMETHEUS_TOKEN_ENV} or ${PROMETHEUS_TOKEN_FILE_ENV} (bearer token), or ${PROMETHEUS_USER_ENV} with ${PROMETHEUS_PASSWORD_ENV} or ${PROMETHEUS_PASSWORD_FILE_ENV} (basic auth)`,
    );
  }
  const authorization = prometheusAuthorization(deps.env ?? process.env);
  const failures = plan.automation?.failuresBeforeRollback ?? 1;
  const gap = failures > 1 ? cronMaxGapSeconds(plan.automation?.schedule ?? '') : undefined;
  if (failures > 1 && gap === undefined) {
    throw new GateConfigError(
      `${options.specFile}: automation.failuresBeforeRollback is ${failures} but automation.schedule '${plan.automation?.schedule}' has no fixed interval to look back by; use minute steps such as */2 * * * *`,
    );
  }
  const thresholds = thresholdsFromPlan(plan, confidence);
  if (options.stage !== undefined && !plan.traffic.stages.some((s) => s.name === options.stage)) {
    const names = plan.traffic.stages.map((s) => `'${s.name}'`).join(', ') || 'none declared';
    throw new GateConfigError(
      `--stage '${options.stage}' is not one of traffic.stages (${names}) in ${options.specFile}`,
    );
  }

  const readinessFrom = readinessSource(apply, options);

  // Where the rollout stands.
  let api: ClusterApi | undefined;
  let settleApi: ClusterApi | undefined;
  let live: LiveRouting | undefined;
  let position: Position = positionFromPlan(plan);
  let clusterProblem: string | undefined;
  if (apply === 'in-cluster') {
    const raw = await (deps.clusterApi ?? (() => clusterApi(clusterTarget(options.kubeconfig))))();
    api = withCallDeadlines(raw, timeoutMs, deadline);
    settleApi = withCallDeadlines(raw, timeoutMs, Infinity);
    try {
      live = await readLiveRouting(api, plan);
      position = positionFromLiveWeight(plan, live.weights.canary.weight);
    } catch (error) {
      clusterProblem = `cannot read the live routing: ${error instanceof ClusterApiError ? error.message : internal(error)}`;
    }
  }
  // The API server as a readiness source only (`--readiness-from kubernetes`): read, never written.
  const readApi =
    readinessFrom === 'kubernetes'
      ? withCallDeadlines(
          await (deps.clusterApi ?? (() => clusterApi(clusterTarget(options.kubeconfig))))(),
          timeoutMs,
          deadline,
        )
      : undefined;
  if (options.stage !== undefined && !clusterProblem && position.stage !== options.stage) {
    throw new GateConfigError(
      `--stage '${options.stage}' but the rollout is at ${describePosition(position)} (${position.source === 'spec' ? options.specFile : 'the live VirtualService'}); the pipeline and the ${position.source === 'spec' ? 'file' : 'cluster'} disagree, so nothing is decided`,
    );
  }

  // Measure and decide.
  const client = { url: prometheus, timeoutMs, deadline, fetch: deps.fetch, authorization };
  const evaluations: EvaluationRecord[] = [];
  let decision: GateDecision = 'hold';
  let reason: string;
  // Any internal error from here on ends in a hold with a record, never in an exception.
  try {
    if (clusterProblem) {
      decision = 'hold';
      reason = clusterProblem;
    } else if (plan.traffic.rollback) {
      decision = 'hold';
      reason = advanceBlocker(plan, position) as string;
    } else {
      const verdicts: Verdict[] = [];
      for (let k = 0; k < failures; k++) {
        const when = new Date(time.getTime() - k * (gap ?? 0) * 1000);
        const measurements = await measure(plan, client, when.getTime() / 1000);
        const verdict = decide(measurements, thresholds);
        verdicts.push(verdict);
        evaluations.push(evaluationRecord(when, measurements, verdict));
        if (verdict.decision !== 'rollback') break;
      }
      const combined = combineConsecutive(verdicts, failures);
      decision = combined.decision;
      reason = combined.reason;
    }
  } catch (error) {
    decision = 'hold';
    reason = `nothing decided: ${internal(error)}`;
  }

  // The stage clock and the promotion criteria of the stage the rollout is at.
  const timing: StageTiming = live
    ? stageTiming(
        plan,
        position,
        liveStageStartedAt(live, position.stage),
        `the ${STAGE_STARTED_AT_ANNOTATION} annotation of ${live.where}`,
        time,
      )
    : stageTiming(plan, position, plan.traffic.stageStartedAt, 'traffic.stageStartedAt', time);
  const stageIndex = plan.traffic.stages.findIndex((s) => s.name === position.stage);
  const criteria =
    stageIndex >= 0 ? plan.traffic.stages[stageIndex].promotionCriteria : plan.traffic.promotionCriteria;
  const criteriaFrom =
    stageIndex >= 0 && spec.traffic?.stages?.[stageIndex]?.promotionCriteria !== undefined
      ? `traffic.stages[${stageIndex}].promotionCriteria`
      : plan.traffic.promotionCriteria.stricterThanSlo
        ? 'traffic.promotionCriteria'
        : 'the SLO (no stricter promotionCriteria)';
  const recordCriteria: RecordPromotionCriteria = {
    successRatePercent: criteria.successRatePercent,
    p99LatencyMs: criteria.p99LatencyMs,
    maxLatencyRatio: criteria.maxLatencyRatio ?? null,
    minRequests: criteria.minRequests,
    from: criteriaFrom,
  };
  const currentVerdict = evaluations[0];
  const promotion: CheckResult[] =
    decision === 'advance' && currentVerdict
      ? promotionChecks(currentVerdict.measurements, currentVerdict.derived, criteria, plan.slo.window)
      : [];

  // Where to go.
  let target: RecordTarget = null;
  let canaryScale: ScaleOutcome | null = null;
  let readiness: CanaryReadiness | null = null;
  let prepare: Extract<SpecChange, { kind: 'prepare' }> | undefined;
  if (decision === 'advance') {
    const blocker = advanceBlocker(plan, position);
    const step: NextStep = nextStep(plan, position);
    const unmet = promotionBlocker(promotion, criteriaFrom);
    const wait = stageTimeBlocker(timing, describePosition(position));
    // gitops, canaryScaling share: a spec that sizes the canary below the next share first asks
    // for the pods (traffic.nextCanaryWeight), already while the stage's minimum time runs.
    const nextShare = step.kind === 'promote' ? undefined : step.canaryWeight;
    const sizing =
      !blocker && !unmet && readinessFrom && nextShare !== undefined
        ? specSizingShortfall(plan, nextShare)
        : undefined;
    if (sizing && apply === 'gitops' && nextShare !== undefined)
      prepare = { kind: 'prepare', nextCanaryWeight: nextShare };
    if (blocker) {
      decision = 'hold';
      reason = `the canary is healthy, but ${blocker}`;
    } else if (unmet) {
      decision = 'hold';
      reason = unmet;
    } else if (wait) {
      decision = 'hold';
      reason = `the canary is healthy, but ${wait}${prepare ? `; meanwhile traffic.nextCanaryWeight: ${prepare.nextCanaryWeight} sizes the canary for the next share (${sizing})` : ''}`;
    } else if (prepare) {
      decision = 'hold';
      reason = `the canary is healthy, but ${sizing}: traffic.nextCanaryWeight: ${prepare.nextCanaryWeight} sizes it first, and the share moves once the replicas are available`;
    } else if (readinessFrom && step.kind !== 'promote') {
      const reading =
        readinessFrom === 'kubernetes' && readApi
          ? await readReplicasFromKubernetes(readApi, plan).catch((error: unknown) =>
              failedReading('kubernetes', error),
            )
          : await readReplicasFromPrometheus(plan, client, time.getTime() / 1000).catch((error: unknown) =>
              failedReading('prometheus', error),
            );
      readiness = assessReadiness(
        reading,
        step.canaryWeight,
        `Deployment ${plan.names.namespace}/${plan.names.canary}`,
        tooFewReplicasFix(plan.workload.canaryScaling),
      );
      if (!readiness.ready) {
        decision = 'hold';
        reason = `the canary is healthy, but ${readiness.detail}; more traffic waits until it is`;
      } else target = step;
    } else if (api && step.kind !== 'promote') {
      const capacity = await canaryCapacity(api, plan, step.canaryWeight).catch((error: unknown) => ({
        ready: false,
        detail: error instanceof ClusterApiError ? error.message : internal(error),
        scale: undefined,
        readiness: undefined,
      }));
      canaryScale = capacity.scale ?? null;
      readiness = capacity.readiness ?? null;
      if (!capacity.ready) {
        decision = 'hold';
        reason = `the canary is healthy, but ${capacity.detail}; more traffic waits until it is`;
      } else target = step;
    } else target = step;
  } else if (decision === 'rollback') {
    target = { kind: 'rollback', canaryWeight: 0 };
  }

  // Write.
  const outcome = await applyDecision({
    apply,
    plan,
    decision,
    target,
    position,
    reason,
    at,
    file: { path: options.specFile, text, spec },
    cluster: api && live ? { api, live, settleApi } : undefined,
    prepare,
  }).catch((error: unknown): ApplyOutcome => ({
    mode: apply,
    status: 'failed',
    detail: error instanceof ClusterApiError ? error.message : internal(error),
  }));

  // The exit code says what was applied: a decision that could not be written (a conflict with
  // another run, a refused or failed write) changed nothing, which is a hold.
  let exitCode = EXIT_CODES[decision];
  // A timed-out patch is settled by a re-read first (in-cluster/settle-write.ts): `applied` keeps
  // the decision's code; `unknown` (the API server answered neither the re-read nor the fence)
  // is a hold like a failure, and its detail says that the next run reads what is live.
  if (outcome.status === 'failed' || outcome.status === 'conflict' || outcome.status === 'unknown')
    exitCode = EXIT_CODES.hold;

  const [current, ...earlierEvaluations] = evaluations;
  const partial: Omit<DecisionRecord, 'notification'> = {
    kind: 'CanaryGateDecision',
    version: 1,
    service: { name: plan.names.name, namespace: plan.names.namespace },
    time: at,
    inputs: {
      spec: options.specFile,
      prometheus: redactUrl(prometheus),
      apply,
      stage: options.stage ?? null,
      timeoutMs,
      failuresBeforeRollback: failures,
      evaluationGapSeconds: gap ?? null,
      notify: notifyPolicy,
      readinessFrom: readinessFrom ?? (apply === 'in-cluster' ? 'kubernetes' : null),
    },
    thresholds: { ...thresholds, maxLatencyRatio: thresholds.maxLatencyRatio ?? null },
    position,
    stageTime: timing,
    promotionCriteria: recordCriteria,
    measured: current?.measurements ?? null,
    derived: current?.derived ?? null,
    checks: current?.checks ?? [],
    statistic: current?.statistic ?? null,
    promotionChecks: promotion,
    earlierEvaluations,
    decision,
    reason,
    target,
    apply: outcome,
    canaryScale,
    canaryReadiness: readiness,
    exitCode,
  };

  // Notify (never changes the decision).
  let notification: NotificationOutcome;
  const env = deps.env ?? process.env;
  const url = env[SLACK_WEBHOOK_ENV];
  const changedTraffic = apply === 'none' || position.canaryWeight > 0;
  const unsent = { ...partial, notification: { status: 'skipped', detail: '' } } as const;
  if (!shouldNotify(notifyPolicy, decision, changedTraffic)) {
    notification = { status: 'skipped', detail: `--notify ${notifyPolicy} does not cover this ${decision}` };
  } else if (plan.notifications.length === 0) {
    notification = url
      ? await postSlackMessage(url, { text: notificationText(unsent) }, deps.fetch)
      : { status: 'skipped', detail: `${SLACK_WEBHOOK_ENV} is not set` };
  } else {
    const parts = url
      ? [
          {
            receiver: SLACK_WEBHOOK_ENV,
            outcome: await postSlackMessage(url, { text: notificationText(unsent) }, deps.fetch),
          },
        ]
      : [];
    parts.push(...(await notifyReceivers(plan.notifications, chatNotificationOf(unsent), env, deps.fetch)));
    notification = combinedOutcome(parts);
  }
  if (notification.status === 'failed') log(`canary-kit gate: notification failed: ${notification.detail}`);
  return { record: { ...partial, notification }, exitCode };
}
