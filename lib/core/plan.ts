import * as d from './defaults';
import { CanarySpecError } from './errors';
import { MANAGED_BY_LABEL, PART_OF_LABEL, ServiceNames, serviceNames } from './names';
import { canaryReplicasForShare } from './canary-size';
import {
  CanaryScaling,
  CanaryServiceSpec,
  HeaderMatches,
  RequestMatchSpec,
  RoutingMode,
  StringMatch,
} from './spec';
import { PromotionCriteriaPlan, resolvePromotionCriteria } from './promotion-criteria';
import { durationSeconds } from './validate/formats';
import { validate } from './validate';
import { resolveWebhooks, WebhookPlan } from './flagger/webhooks';
import { CustomMetricPlan, resolveCustomMetrics } from './custom-metrics';
import { NotificationPlan, resolveNotifications } from './flagger/notifications';
import { FlaggerStrategyPlan, resolveFlaggerStrategy } from './flagger/strategy';

/** Header matches with every plain string turned into `{ exact }`, in the spec's order. */
export type ResolvedHeaderMatches = ReadonlyArray<readonly [string, StringMatch]>;

/**
 * One Istio `HTTPMatchRequest` with plain strings turned into `{ exact }`: every condition must
 * hold. Empty lists and `undefined` mean no condition of that kind.
 */
export interface RequestMatchPlan {
  readonly headers: ResolvedHeaderMatches;
  readonly uri: StringMatch | undefined;
  readonly method: StringMatch | undefined;
  readonly queryParams: ResolvedHeaderMatches;
  readonly sourceLabels: ReadonlyArray<readonly [string, string]>;
}

/** A cohort with its own split. */
export interface CohortPlan {
  readonly name: string;
  /** The requests of the cohort. */
  readonly match: RequestMatchPlan;
  /** Canary share, percent (from `stage` or `canaryWeight`). */
  readonly canaryWeight: number;
}

export type { WebhookPlan } from './flagger/webhooks';

/**
 * A validated spec with every default applied: renderers read only this, never the spec, so
 * no default is applied twice and nothing past this point is undefined by accident.
 */
export interface CanaryPlan {
  /** Who owns routing. */
  readonly mode: RoutingMode;
  /** Every object name, from `names.ts`. */
  readonly names: ServiceNames;
  /** Labels on every emitted object (managed-by, part-of, then the spec's). */
  readonly labels: Readonly<Record<string, string>>;
  /** The workload with every default applied. */
  readonly workload: {
    /** False when the spec references an existing Deployment. */
    readonly rendered: boolean;
    /** Image of the rendered (stable) Deployment; empty when an existing Deployment is used. */
    readonly image: string;
    /** Image of the `mesh` canary Deployment. */
    readonly canaryImage: string;
    /** Container port of the application. */
    readonly containerPort: number;
    /** Undefined when an autoscaler owns the count. */
    readonly replicas: number | undefined;
    /** How the `mesh` canary Deployment is sized. */
    readonly canaryScaling: CanaryScaling;
    /**
     * Replicas of the `mesh` canary Deployment as rendered: the fixed count, the share of the
     * stable replicas, 0 after a rollback (with `scaleCanaryToZeroOnRollback`); undefined when
     * its own autoscaler owns the count.
     */
    readonly canaryReplicas: number | undefined;
    /** Scale the canary to zero while a rollback is recorded. */
    readonly scaleCanaryToZeroOnRollback: boolean;
    /** `workload.canaryReplicas` as given (`canaryScaling: fixed`), whatever a rollback renders. */
    readonly fixedCanaryReplicas: number | undefined;
    readonly autoscaling:
      | { readonly minReplicas: number; readonly maxReplicas: number; readonly targetCpuUtilization: number }
      | undefined;
    readonly resources: {
      readonly requests: Readonly<Record<string, string>>;
      readonly limits: Readonly<Record<string, string>>;
    };
    /** Readiness probe path. */
    readonly readinessPath: string;
    /** Liveness probe path. */
    readonly livenessPath: string;
    /** Seconds before the first probe. */
    readonly probeInitialDelaySeconds: number;
    /** Environment variables in the spec's order. */
    readonly env: ReadonlyArray<readonly [string, string]>;
    /** Mount the root filesystem read-only (with an emptyDir at /tmp). */
    readonly readOnlyRootFilesystem: boolean;
    /** UID of the container. */
    readonly runAsUser: number;
    /** Mount the service account's API token into the app pods. */
    readonly automountServiceAccountToken: boolean;
    /** Path of the application's metrics. */
    readonly metricsPath: string;
  };
  /** The Service and how traffic enters. */
  readonly service: {
    /** Port of the Service. */
    readonly port: number;
    /** Gateways the routing binds to, `mesh` included when it applies; empty means mesh only. */
    readonly gateways: readonly string[];
    /** Hosts routed: the service name, then the extra hosts. */
    readonly hosts: readonly string[];
    /** `flagger` mode: Flagger's VirtualService is a delegate of `<name>-root`. */
    readonly delegation: boolean;
    /** Response headers added by every route. */
    readonly responseHeaders: Readonly<Record<string, string>>;
  };
  /** The split and the routing features. */
  readonly traffic: {
    /** Canary share, percent (from `stage` or `canaryWeight`). */
    readonly canaryWeight: number;
    /** Stable share: always 100 - canaryWeight. */
    readonly stableWeight: number;
    /** Current stage name, when stages are used. */
    readonly stage: string | undefined;
    /** The declared stages, each with its minimum duration and promotion criteria resolved. */
    readonly stages: readonly StagePlan[];
    /** When the current stage began (RFC 3339), if recorded. */
    readonly stageStartedAt: string | undefined;
    /** Minimum time at a stage without its own `minDuration` (and at each share of the ladder). */
    readonly minStageDuration: string;
    /** The promotion criteria of stages without their own (and of the ladder). */
    readonly promotionCriteria: PromotionCriteriaPlan;
    /** Requests that always reach the canary (`darkLaunch`, or `darkLaunchHeaders`). */
    readonly darkLaunch: RequestMatchPlan | undefined;
    /** Cohorts with their own split, in order. */
    readonly cohorts: readonly CohortPlan[];
    readonly sticky: { readonly cookieName: string; readonly maxAgeSeconds: number } | undefined;
    /** Share of traffic mirrored to the canary. */
    readonly mirrorPercentage: number | undefined;
    /** Add `x-served-by` response headers. */
    readonly servedByHeader: boolean;
    readonly rollback:
      { readonly reason: string; readonly at: string; readonly previousCanaryWeight: number } | undefined;
  };
  /** Retries, timeout, circuit breaker, TLS. */
  readonly resilience: {
    readonly retries:
      { readonly attempts: number; readonly perTryTimeout: string; readonly retryOn: string } | undefined;
    /** Timeout of a whole request. */
    readonly timeout: string;
    readonly connectionPool: {
      readonly maxConnections: number;
      readonly http1MaxPendingRequests: number;
      readonly http2MaxRequests: number;
      readonly maxRequestsPerConnection: number;
    };
    /** Outlier detection of the service (stable subset). */
    readonly outlierDetection: OutlierPlan;
    /** Outlier detection of the canary subset (stricter). */
    readonly canaryOutlierDetection: OutlierPlan;
    /** TLS between sidecars. */
    readonly tlsMode: 'ISTIO_MUTUAL' | 'DISABLE';
  };
  /** The SLO every check, alert and panel uses. */
  readonly slo: {
    /** Lowest acceptable success rate, percent. */
    readonly successRatePercent: number;
    /** Highest acceptable p99 latency, ms. */
    readonly p99LatencyMs: number;
    /** Highest canary/stable p99 ratio, when checked. */
    readonly maxLatencyRatio: number | undefined;
    /** Fewest canary requests before a verdict counts. */
    readonly minRequests: number;
    /** Window of the rate queries. */
    readonly window: string;
  };
  /** Custom metrics (`slo.metrics`), in the spec's order. */
  readonly customMetrics: readonly CustomMetricPlan[];
  /** Flagger alert receivers (`notifications`), in the spec's order. */
  readonly notifications: readonly NotificationPlan[];
  /** Flagger's strategy, promotion, readiness, lifecycle and cookie options. */
  readonly flaggerStrategy: FlaggerStrategyPlan;
  /** Flagger's analysis (used in `flagger` mode). */
  readonly analysis: {
    /** Flagger's check interval. */
    readonly interval: string;
    /** Failed checks before Flagger rolls back. */
    readonly threshold: number;
    /** Highest canary share of progressive analysis. */
    readonly maxWeight: number | undefined;
    /** Share added per step. */
    readonly stepWeight: number | undefined;
    /** Explicit step shares. */
    readonly stepWeights: readonly number[] | undefined;
    /** A/B testing iterations. */
    readonly iterations: number | undefined;
    /** A/B testing matches (any of them selects the canary). */
    readonly match: readonly RequestMatchPlan[];
    /** Flagger mirroring. */
    readonly mirror: boolean;
    /** Share mirrored by Flagger. */
    readonly mirrorWeight: number | undefined;
    readonly sessionAffinity: { readonly cookieName: string; readonly maxAge: number } | undefined;
    /** Webhooks in Flagger's order of use. */
    readonly webhooks: readonly WebhookPlan[];
    /** Seconds Flagger waits for progress. */
    readonly progressDeadlineSeconds: number;
    /** Promote without analysis. */
    readonly skipAnalysis: boolean;
    /** Prometheus that Flagger queries. */
    readonly prometheusAddress: string;
  };
  /** Monitoring objects. */
  readonly observability: {
    /** Emit the PrometheusRule. */
    readonly alerts: boolean;
    /** `for:` of every alert without its own. */
    readonly alertFor: string;
    /** `for:` of single alerts, by alert name. */
    readonly alertForByName: ReadonlyMap<string, string>;
    /** Emit the ServiceMonitor. */
    readonly serviceMonitor: boolean;
    /** Emit the PodMonitor of the Envoy sidecars. */
    readonly envoyPodMonitor: boolean;
    /** Emit the dashboard ConfigMap. */
    readonly dashboard: boolean;
    /** Labels for the Prometheus operator's selectors. */
    readonly ruleLabels: Readonly<Record<string, string>>;
  };
  /** The `mesh` gate CronJob, when asked. */
  readonly automation:
    | {
        /** Image of the rendered (stable) Deployment; empty when an existing Deployment is used. */
        readonly image: string;
        readonly schedule: string;
        readonly failuresBeforeRollback: number;
        readonly prometheusUrl: string;
      }
    | undefined;
  /** The rollback SLA as given, for annotations; validated already. */
  readonly rollbackWithin: string | undefined;
}

/** A declared `mesh` stage with its defaults applied. */
export interface StagePlan {
  /** Name of the stage. */
  readonly name: string;
  /** Canary share, percent. */
  readonly canaryWeight: number;
  /** Shortest time at the stage, as given (or the default), e.g. `30m`. */
  readonly minDuration: string;
  /** The same, in seconds. */
  readonly minDurationSeconds: number;
  /** The spec field the minimum comes from, e.g. `traffic.stages[1].minDuration`. */
  readonly minDurationFrom: string;
  /** The criteria to advance from this stage. */
  readonly promotionCriteria: PromotionCriteriaPlan;
}

/** Outlier detection with every field set. */
export interface OutlierPlan {
  readonly consecutive5xxErrors: number;
  /** Flagger's check interval. */
  readonly interval: string;
  readonly baseEjectionTime: string;
  readonly maxEjectionPercent: number;
}

function resolveHeaders(headers: HeaderMatches | undefined): ResolvedHeaderMatches | undefined {
  if (headers === undefined) return undefined;
  return Object.entries(headers).map(
    ([name, match]) => [name, typeof match === 'string' ? { exact: match } : match] as const,
  );
}

function resolveMatch(match: RequestMatchSpec): RequestMatchPlan {
  return {
    headers: resolveHeaders(match.headers) ?? [],
    uri: match.uri,
    method: typeof match.method === 'string' ? { exact: match.method } : match.method,
    queryParams: resolveHeaders(match.queryParams) ?? [],
    sourceLabels: Object.entries(match.sourceLabels ?? {}),
  };
}

function resolveDarkLaunch(t: NonNullable<CanaryServiceSpec['traffic']>): RequestMatchPlan | undefined {
  if (t.darkLaunch !== undefined) return resolveMatch(t.darkLaunch);
  return t.darkLaunchHeaders === undefined ? undefined : resolveMatch({ headers: t.darkLaunchHeaders });
}

/**
 * Validates a spec and resolves it into a plan. Throws `CanarySpecError` listing every problem
 * when the spec is invalid.
 */
export function resolvePlan(spec: CanaryServiceSpec): CanaryPlan {
  const issues = validate(spec);
  if (issues.length > 0) {
    const name = spec && typeof spec === 'object' && typeof spec.name === 'string' ? spec.name : '(unnamed)';
    throw new CanarySpecError(name, issues);
  }
  const mode = spec.mode ?? d.DEFAULT_MODE;
  const namespace = spec.namespace ?? d.DEFAULT_NAMESPACE;
  const names = serviceNames(spec.name, namespace);
  const w = spec.workload;
  const t = spec.traffic ?? {};
  const r = spec.resilience ?? {};
  const a = spec.analysis ?? {};
  const outlier: OutlierPlan = { ...d.DEFAULT_OUTLIER_DETECTION, ...r.outlierDetection };
  const gatewaysGiven = spec.service?.gateways ?? [];
  const includeMesh = gatewaysGiven.length > 0 && spec.service?.includeMesh !== false;
  const gateways = [...new Set([...gatewaysGiven, ...(includeMesh ? ['mesh'] : [])])];
  const stage = t.stages?.find((s) => s.name === t.stage);
  const canaryWeight = stage?.canaryWeight ?? t.canaryWeight ?? d.DEFAULT_CANARY_WEIGHT;
  const slo = {
    successRatePercent: spec.slo?.successRatePercent ?? d.DEFAULT_SUCCESS_RATE_PERCENT,
    p99LatencyMs: spec.slo?.p99LatencyMs ?? d.DEFAULT_P99_LATENCY_MS,
    maxLatencyRatio: spec.slo?.maxLatencyRatio,
    minRequests: spec.slo?.minRequests ?? d.DEFAULT_MIN_REQUESTS,
    window: spec.slo?.window ?? d.DEFAULT_SLO_WINDOW,
  };
  const minStageDuration = t.minStageDuration ?? d.DEFAULT_MIN_STAGE_DURATION;
  const minStageDurationFrom =
    t.minStageDuration !== undefined ? 'traffic.minStageDuration' : 'the default of traffic.minStageDuration';
  const promotionCriteria = resolvePromotionCriteria(slo, t.promotionCriteria);
  const canaryScaling: CanaryScaling =
    w.canaryScaling ??
    (w.canaryReplicas !== undefined ? 'fixed' : w.autoscaling !== undefined ? 'autoscaler' : 'share');
  // Flagger mode: no replicas on the target unless the spec insists (see WorkloadSpec.replicas).
  const replicas = w.autoscaling
    ? undefined
    : mode === 'flagger'
      ? w.replicas
      : (w.replicas ?? d.DEFAULT_REPLICAS);
  const scaleCanaryToZeroOnRollback = w.scaleCanaryToZeroOnRollback ?? true;
  const canaryReplicas =
    t.rollback && scaleCanaryToZeroOnRollback
      ? 0
      : canaryScaling === 'fixed'
        ? (w.canaryReplicas ?? d.DEFAULT_CANARY_REPLICAS)
        : canaryScaling === 'share'
          ? canaryReplicasForShare(
              replicas ?? d.DEFAULT_REPLICAS,
              Math.max(canaryWeight, t.nextCanaryWeight ?? 0),
            )
          : undefined;
  const progressive = a.iterations === undefined;
  return {
    mode,
    names,
    labels: { [MANAGED_BY_LABEL]: 'canary-kit', [PART_OF_LABEL]: spec.name, ...spec.labels },
    workload: {
      rendered: w.existingDeployment === undefined,
      image: w.image ?? '',
      canaryImage: w.canaryImage ?? w.image ?? '',
      containerPort: w.containerPort ?? d.DEFAULT_CONTAINER_PORT,
      replicas,
      canaryScaling,
      canaryReplicas,
      scaleCanaryToZeroOnRollback,
      fixedCanaryReplicas:
        canaryScaling === 'fixed' ? (w.canaryReplicas ?? d.DEFAULT_CANARY_REPLICAS) : undefined,
      autoscaling: w.autoscaling && {
        minReplicas: w.autoscaling.minReplicas ?? d.DEFAULT_MIN_REPLICAS,
        maxReplicas: w.autoscaling.maxReplicas,
        targetCpuUtilization: w.autoscaling.targetCpuUtilization ?? d.DEFAULT_TARGET_CPU_UTILIZATION,
      },
      resources: {
        requests: { ...(w.resources ? w.resources.requests : d.DEFAULT_RESOURCES.requests) },
        limits: { ...(w.resources ? w.resources.limits : d.DEFAULT_RESOURCES.limits) },
      },
      readinessPath: w.probes?.readinessPath ?? d.DEFAULT_PROBE_PATH,
      livenessPath: w.probes?.livenessPath ?? d.DEFAULT_PROBE_PATH,
      probeInitialDelaySeconds: w.probes?.initialDelaySeconds ?? d.DEFAULT_PROBE_INITIAL_DELAY_SECONDS,
      env: Object.entries(w.env ?? {}),
      readOnlyRootFilesystem: w.security?.readOnlyRootFilesystem ?? true,
      runAsUser: w.security?.runAsUser ?? d.DEFAULT_RUN_AS_USER,
      automountServiceAccountToken: w.security?.automountServiceAccountToken ?? false,
      metricsPath: w.metricsPath ?? d.DEFAULT_METRICS_PATH,
    },
    service: {
      port: spec.service?.port ?? d.DEFAULT_SERVICE_PORT,
      gateways,
      hosts: [spec.name, ...(spec.service?.hosts ?? [])],
      delegation: spec.service?.delegation ?? false,
      responseHeaders: spec.service?.responseHeaders ?? {},
    },
    traffic: {
      canaryWeight,
      stableWeight: 100 - canaryWeight,
      stage: t.stage,
      stages: (t.stages ?? []).map((s, index) => {
        const minDuration = s.minDuration ?? minStageDuration;
        return {
          name: s.name,
          canaryWeight: s.canaryWeight,
          minDuration,
          minDurationSeconds: durationSeconds(minDuration) ?? 0,
          minDurationFrom:
            s.minDuration !== undefined ? `traffic.stages[${index}].minDuration` : minStageDurationFrom,
          promotionCriteria: resolvePromotionCriteria(slo, {
            ...t.promotionCriteria,
            ...s.promotionCriteria,
          }),
        };
      }),
      stageStartedAt: t.stageStartedAt,
      minStageDuration,
      promotionCriteria,
      darkLaunch: resolveDarkLaunch(t),
      cohorts: (t.cohorts ?? []).map((c) => ({
        name: c.name,
        match: resolveMatch(c),
        canaryWeight: c.canaryWeight,
      })),
      sticky: t.stickySession && {
        cookieName: t.stickySession.cookieName ?? d.DEFAULT_STICKY_COOKIE,
        maxAgeSeconds: t.stickySession.maxAgeSeconds ?? d.DEFAULT_STICKY_MAX_AGE_SECONDS,
      },
      mirrorPercentage: t.mirrorPercentage,
      servedByHeader: t.servedByHeader ?? true,
      rollback: t.rollback,
    },
    resilience: {
      retries: r.retries === false ? undefined : { ...d.DEFAULT_RETRIES, ...r.retries },
      timeout: r.timeout ?? d.DEFAULT_TIMEOUT,
      connectionPool: { ...d.DEFAULT_CONNECTION_POOL, ...r.connectionPool },
      outlierDetection: outlier,
      canaryOutlierDetection: r.canaryOutlierDetection
        ? { ...outlier, ...r.canaryOutlierDetection }
        : { ...outlier, consecutive5xxErrors: Math.max(1, Math.floor(outlier.consecutive5xxErrors / 2)) },
      tlsMode: r.tlsMode ?? d.DEFAULT_TLS_MODE,
    },
    slo,
    notifications: resolveNotifications(spec.name, spec.notifications),
    flaggerStrategy: resolveFlaggerStrategy(spec.analysis),
    customMetrics: resolveCustomMetrics(spec.slo?.metrics, spec.slo?.window ?? d.DEFAULT_SLO_WINDOW),
    analysis: {
      interval: a.interval ?? d.DEFAULT_ANALYSIS_INTERVAL,
      threshold: a.threshold ?? d.DEFAULT_ANALYSIS_THRESHOLD,
      maxWeight:
        progressive && a.stepWeights === undefined ? (a.maxWeight ?? d.DEFAULT_MAX_WEIGHT) : a.maxWeight,
      stepWeight:
        progressive && a.stepWeights === undefined ? (a.stepWeight ?? d.DEFAULT_STEP_WEIGHT) : undefined,
      stepWeights: a.stepWeights,
      iterations: a.iterations,
      match: (a.match ?? []).map(resolveMatch),
      mirror: a.mirror ?? false,
      mirrorWeight: a.mirrorWeight,
      sessionAffinity: a.sessionAffinity && {
        cookieName: a.sessionAffinity.cookieName ?? d.DEFAULT_AFFINITY_COOKIE,
        maxAge: a.sessionAffinity.maxAge ?? d.DEFAULT_AFFINITY_MAX_AGE,
      },
      webhooks: resolveWebhooks(a.webhooks, a.loadTests),
      progressDeadlineSeconds: a.progressDeadlineSeconds ?? d.DEFAULT_PROGRESS_DEADLINE_SECONDS,
      skipAnalysis: a.skipAnalysis ?? false,
      prometheusAddress: a.prometheusAddress ?? d.DEFAULT_PROMETHEUS_ADDRESS,
    },
    observability: {
      alerts: spec.observability?.alerts ?? true,
      alertFor: spec.observability?.alertFor ?? d.DEFAULT_ALERT_FOR,
      alertForByName: new Map(Object.entries(spec.observability?.alertForByName ?? {})),
      envoyPodMonitor: spec.observability?.envoyPodMonitor ?? false,
      serviceMonitor: spec.observability?.serviceMonitor ?? false,
      dashboard: spec.observability?.dashboard ?? true,
      ruleLabels: spec.observability?.ruleLabels ?? {},
    },
    automation: spec.automation && {
      image: spec.automation.image,
      schedule: spec.automation.schedule ?? d.DEFAULT_GATE_SCHEDULE,
      failuresBeforeRollback: spec.automation.failuresBeforeRollback ?? d.DEFAULT_FAILURES_BEFORE_ROLLBACK,
      prometheusUrl: spec.automation.prometheusUrl ?? d.DEFAULT_PROMETHEUS_ADDRESS,
    },
    rollbackWithin: spec.rollbackWithin,
  };
}
