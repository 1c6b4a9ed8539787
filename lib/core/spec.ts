/**
 * The CanaryService spec: every input canary-kit takes, with its default.
 *
 * This is the one file a user reads first. Every field is optional unless marked otherwise;
 * defaults are named in `defaults.ts` and applied once, in `plan.ts`.
 */

/**
 * Who owns routing.
 * - `flagger`: Flagger creates the Services, DestinationRules and VirtualService and shifts weights
 *   from metrics; canary-kit emits the target Deployment, the Canary, its MetricTemplates and monitoring.
 * - `mesh`: the weights live in git and change by pull request; canary-kit emits both Deployments,
 *   the Service, the DestinationRule and the VirtualService.
 */
export type RoutingMode = 'flagger' | 'mesh';

/** A header (or cookie) value match. Istio compares header values case-sensitively. */
export interface StringMatch {
  /** The value must equal this string. */
  readonly exact?: string;
  /** The value must start with this string. */
  readonly prefix?: string;
  /** The whole value must match this RE2 regular expression (not JavaScript syntax). */
  readonly regex?: string;
}

/** Request headers to match, keyed by lowercase header name; a plain string means an exact match. */
export type HeaderMatches = Readonly<Record<string, string | StringMatch>>;

/** Query parameters to match, keyed by name (case-sensitive); a plain string means an exact match. */
export type QueryParamMatches = Readonly<Record<string, string | StringMatch>>;

/**
 * Conditions on a request, all of which must hold: one Istio `HTTPMatchRequest`. Give at least
 * one condition; in `flagger` mode (A/B testing) only `headers`, `queryParams` and `sourceLabels`,
 * the fields Flagger's Canary CRD keeps.
 */
export interface RequestMatchSpec {
  /**
   * Request headers that must match, e.g. `{ "x-canary": "true" }` (a cookie through the `cookie`
   * header and a regex).
   * @default - no header condition
   */
  readonly headers?: HeaderMatches;
  /**
   * The request path: `exact` and `regex` see the path without its query string, `prefix` the
   * start of the whole path, e.g. `{ prefix: "/beta/" }` (`mesh` mode).
   * @default - any path
   */
  readonly uri?: StringMatch;
  /**
   * The HTTP method, case-sensitive: `"POST"` (an exact match) or a match such as
   * `{ regex: "PUT|PATCH" }` (`mesh` mode).
   * @default - any method
   */
  readonly method?: string | StringMatch;
  /**
   * Query parameters that must match, e.g. `{ beta: "1" }`.
   * @default - no query condition
   */
  readonly queryParams?: QueryParamMatches;
  /**
   * Labels of the calling workload, e.g. `{ app: "storefront" }`: matched against the labels of
   * the proxy that routes the request (the caller's sidecar; for requests entering through a
   * gateway, the gateway's pods).
   * @default - any caller
   */
  readonly sourceLabels?: Readonly<Record<string, string>>;
}

/** The root object of a spec file: what `canary-kit synth` reads. */
export interface CanaryServiceSpec {
  /**
   * Name of the service. Every object name derives from it (see `names.ts`). A DNS-1123 label of
   * at most 55 characters, so that Flagger's `<name>-primary` still fits in 63.
   */
  readonly name: string;
  /**
   * Namespace of every object.
   * @default "default"
   */
  readonly namespace?: string;
  /**
   * Who owns routing: `flagger` (Flagger shifts weights from metrics) or `mesh` (weights in git).
   * @default "flagger"
   */
  readonly mode?: RoutingMode;
  /**
   * Labels added to every object canary-kit emits (never to selectors).
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /** The pods: rendered from an image, or an existing Deployment referenced by name. */
  readonly workload: WorkloadSpec;
  /** The Service port and how traffic enters: gateways, extra hosts, delegation. */
  readonly service?: ServiceSpec;
  /** Canary share, stages, dark launch, cohorts, stickiness and mirroring (mostly `mesh` mode). */
  readonly traffic?: TrafficSpec;
  /** Retries, timeout, circuit breaking and mTLS. */
  readonly resilience?: ResilienceSpec;
  /** The service level objective that gates promotion, fires alerts and draws the dashboard. */
  readonly slo?: SloSpec;
  /** Flagger's analysis: schedule, steps, A/B testing, webhooks (`flagger` mode only). */
  readonly analysis?: AnalysisSpec;
  /** PrometheusRule, ServiceMonitor and Grafana dashboard options. */
  readonly observability?: ObservabilitySpec;
  /** The automated promotion/rollback gate for `mesh` mode (a CronJob running `canary-kit gate`). */
  readonly automation?: AutomationSpec;
  /**
   * Alert receivers. `flagger` mode: an AlertProvider each, listed in the Canary's
   * `analysis.alerts` (without any, Flagger posts to its global notifier, if configured). `mesh`
   * mode: the receivers of `canary-kit gate`'s notifications, in the same payloads.
   * @default []
   */
  readonly notifications?: readonly NotificationSpec[];
  /**
   * The rollback SLA: the longest time a bad canary may serve traffic before it is rolled back,
   * e.g. `"10m"`. Synthesis fails when the analysis cannot detect a failure in time.
   * @default - no SLA is checked
   */
  readonly rollbackWithin?: string;
}

/** The pods that serve the service. */
export interface WorkloadSpec {
  /**
   * Name of an existing Deployment to use as Flagger's target instead of rendering one
   * (`flagger` mode only). Its pod template must carry the label `app: <name>`, its selector
   * must be `{ app: <name> }` (Flagger builds the primary's selector from it) and a container must
   * listen on `containerPort`. The cdk8s construct also takes a cdk8s-plus Deployment here and
   * checks all of this at synth time; `canary-kit lint` checks it in YAML.
   * @default - the Deployment is rendered from this spec
   */
  readonly existingDeployment?: string;
  /**
   * Container image with an immutable tag or digest, e.g. `ghcr.io/acme/checkout:1.4.2`.
   * In `mesh` mode this is the stable version. Required unless `existingDeployment` is set.
   */
  readonly image?: string;
  /**
   * Container image of the canary Deployment (`mesh` mode only).
   * @default - the same as `image` (a canary of configuration only)
   */
  readonly canaryImage?: string;
  /**
   * Accept `:latest` or untagged images. Mutable tags make a rollback redeploy whatever the tag
   * points at now, and Flagger cannot see a new version behind the same tag.
   * @default false
   */
  readonly allowMutableImageTag?: boolean;
  /**
   * Port the container listens on for HTTP.
   * @default 8080
   */
  readonly containerPort?: number;
  /**
   * Replicas of the rendered Deployment (in `mesh` mode, of the stable Deployment).
   * Ignored when `autoscaling` is set: the HorizontalPodAutoscaler owns the count.
   * In `flagger` mode the target Deployment carries no `replicas` unless this is set: Flagger scales
   * the target to 0 after every promotion and up again for the next analysis, and a GitOps tool
   * that applies `replicas` from git would scale it back (drift). Without the field the API server
   * creates the target with 1 replica and Flagger sizes the primary from it; for more, prefer
   * `autoscaling`. Set it only together with the GitOps ignore rules in the README.
   * @default 2 in `mesh` mode; in `flagger` mode left out of the target
   */
  readonly replicas?: number;
  /**
   * Replicas of the canary Deployment (`mesh` mode only), a fixed count: sets `canaryScaling`
   * to `fixed`. Prefer `canaryScaling: share`, which sizes the canary to its share of traffic.
   * @default - sized by `canaryScaling`
   */
  readonly canaryReplicas?: number;
  /**
   * How the canary Deployment is sized (`mesh` mode only):
   * - `share`: its share of the stable replicas, rounded up, at least 1
   *   (`ceil(workload.replicas x share / 100)`); the gate never gives a share to a canary with
   *   fewer ready replicas than that;
   * - `autoscaler`: its own HorizontalPodAutoscaler `<name>-canary` (minimum 1, maximum and CPU
   *   target of `workload.autoscaling`, which it requires);
   * - `fixed`: `canaryReplicas`.
   * @default - `fixed` when `canaryReplicas` is set, `autoscaler` when `autoscaling` is set, else `share`
   */
  readonly canaryScaling?: CanaryScaling;
  /**
   * Scale the canary Deployment to zero while a rollback is recorded (`traffic.rollback`), so a
   * failed canary stops serving (dark-launch and mirrored requests included); the gate does the
   * same in the cluster. Set false to keep its pods for debugging (they then receive no traffic
   * but dark-launch requests).
   * @default true
   */
  readonly scaleCanaryToZeroOnRollback?: boolean;
  /** A HorizontalPodAutoscaler for the workload (in `flagger` mode Flagger copies it for the primary). */
  readonly autoscaling?: AutoscalingSpec;
  /**
   * CPU and memory requests and limits, e.g. `{ requests: { cpu: "100m", memory: "128Mi" } }`.
   * @default { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } }
   */
  readonly resources?: ResourcesSpec;
  /**
   * Readiness and liveness probes (HTTP GET on the container port).
   * @default { readinessPath: "/healthz", livenessPath: "/healthz" }
   */
  readonly probes?: ProbesSpec;
  /**
   * Environment variables of the container, by name.
   * @default {}
   */
  readonly env?: Readonly<Record<string, string>>;
  /** Pod security settings; the defaults are the restricted Pod Security Standard. */
  readonly security?: SecuritySpec;
  /**
   * Path of the application's Prometheus metrics on the container port; sets the pod's
   * `prometheus.io/*` scrape annotations and the ServiceMonitor's path.
   * @default "/metrics"
   */
  readonly metricsPath?: string;
}

/** How the `mesh` canary Deployment is sized: see `WorkloadSpec.canaryScaling`. */
export type CanaryScaling = 'share' | 'autoscaler' | 'fixed';

/** A HorizontalPodAutoscaler on CPU utilization. */
export interface AutoscalingSpec {
  /**
   * Fewest replicas.
   * @default 2
   */
  readonly minReplicas?: number;
  /** Most replicas. Required. */
  readonly maxReplicas: number;
  /**
   * Target average CPU utilization, in percent of the request.
   * @default 80
   */
  readonly targetCpuUtilization?: number;
}

/** CPU and memory quantities, e.g. `{ cpu: "250m", memory: "256Mi" }`. */
export interface ResourceQuantities {
  /** CPU quantity, e.g. `"250m"` or `"1"`. */
  readonly cpu?: string;
  /** Memory quantity, e.g. `"256Mi"`. */
  readonly memory?: string;
}

/** Container resource requests and limits. */
export interface ResourcesSpec {
  /** What the scheduler reserves. */
  readonly requests?: ResourceQuantities;
  /** The most the container may use. */
  readonly limits?: ResourceQuantities;
}

/** HTTP probes on the container port. */
export interface ProbesSpec {
  /**
   * Path of the readiness probe; Flagger waits for ready canary pods before shifting traffic.
   * @default "/healthz"
   */
  readonly readinessPath?: string;
  /**
   * Path of the liveness probe.
   * @default "/healthz"
   */
  readonly livenessPath?: string;
  /**
   * Seconds before the first probe.
   * @default 5
   */
  readonly initialDelaySeconds?: number;
}

/** Pod and container security settings. Each relaxation is an explicit field. */
export interface SecuritySpec {
  /**
   * Mount the root filesystem read-only; an `emptyDir` is mounted at `/tmp` so that the
   * application still has a scratch directory. Set false only for images that write elsewhere.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * UID the container runs as (non-root is always enforced).
   * @default 65532
   */
  readonly runAsUser?: number;
  /**
   * Mount a Kubernetes API token of the pods' service account (`automountServiceAccountToken`).
   * Off by default: an application that does not call the API server has no use for a credential
   * that anyone who breaks into the pod could use. Set true only for an application that calls the
   * API server (and give its service account no more RBAC than it needs).
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;
}

/** The Kubernetes Service and how callers reach it. */
export interface ServiceSpec {
  /**
   * Port of the Service (Flagger's `spec.service.port`).
   * @default 80
   */
  readonly port?: number;
  /**
   * Istio gateways (`namespace/name`) that expose the service. When any is given, `mesh` is added
   * so that in-mesh callers also follow the canary routing, unless `includeMesh` is false.
   * @default []
   */
  readonly gateways?: readonly string[];
  /**
   * Add the `mesh` gateway when `gateways` is not empty. Without it, in-mesh callers bypass the
   * VirtualService and never reach the canary: set false only for an edge-only service.
   * @default true
   */
  readonly includeMesh?: boolean;
  /**
   * Extra hosts (e.g. `shop.example.com`) routed by the VirtualService, besides the service name.
   * @default []
   */
  readonly hosts?: readonly string[];
  /**
   * `flagger` mode: make Flagger's VirtualService a delegate (no hosts, no gateways) of a root
   * VirtualService `<name>-root` that canary-kit emits and the team owns (e.g. to keep the hosts
   * and gateways in one object beside other services' routes).
   * @default false
   */
  readonly delegation?: boolean;
  /**
   * Response headers added by every route, e.g. `{ "x-service": "checkout" }`: in `mesh` mode on
   * every route of the VirtualService, in `flagger` mode through the Canary's `service.headers`
   * (Flagger copies them to every route it writes) and on the root VirtualService's routes.
   * @default {}
   */
  readonly responseHeaders?: Readonly<Record<string, string>>;
}

/** One named stage of a `mesh` rollout. */
export interface TrafficStage {
  /** Name of the stage, e.g. `smoke`, `10pct`: a DNS-1123 label. */
  readonly name: string;
  /** Canary share, in percent, while in this stage. */
  readonly canaryWeight: number;
  /**
   * Shortest time the rollout stays in this stage (the observation period), e.g. `"1h"`: the
   * gate advances only once this much time has passed since `traffic.stageStartedAt` and the
   * checks pass. A rollback never waits for it. `"0s"` advances at the first healthy run.
   * @default - `traffic.minStageDuration`
   */
  readonly minDuration?: string;
  /**
   * Promotion criteria of this stage, field by field over `traffic.promotionCriteria`.
   * @default - `traffic.promotionCriteria`
   */
  readonly promotionCriteria?: PromotionCriteriaSpec;
}

/**
 * Stricter criteria a healthy canary must also meet to advance (`mesh` mode). The SLO (`slo`)
 * still decides rollback; a canary that meets the SLO but not these holds, it never rolls back
 * because of them. Each field must be at least as strict as its SLO counterpart.
 */
export interface PromotionCriteriaSpec {
  /**
   * Lowest canary success rate, in percent, to advance (at least `slo.successRatePercent`).
   * @default - `slo.successRatePercent`
   */
  readonly successRatePercent?: number;
  /**
   * Highest canary p99 latency, in milliseconds, to advance (at most `slo.p99LatencyMs`).
   * @default - `slo.p99LatencyMs`
   */
  readonly p99LatencyMs?: number;
  /**
   * Highest canary p99 / stable p99 to advance (at most `slo.maxLatencyRatio`).
   * @default - `slo.maxLatencyRatio` (not checked when that is not set)
   */
  readonly maxLatencyRatio?: number;
  /**
   * Fewest canary requests in the window to advance (at least `slo.minRequests`).
   * @default - `slo.minRequests`
   */
  readonly minRequests?: number;
}

/**
 * A group of users routed with its own split, e.g. beta users or one region (`mesh` mode),
 * identified by request conditions that must all hold (at least one).
 */
export interface CohortSpec extends RequestMatchSpec {
  /** Name of the cohort; becomes the route name `cohort-<name>`. */
  readonly name: string;
  /** Canary share, in percent, for this cohort (any value 0-100: the cohort is opt-in). */
  readonly canaryWeight: number;
}

/** Record of a rollback, written by a person or by `canary-kit gate --apply gitops`. */
export interface RollbackRecord {
  /** Why the canary was rolled back; becomes an annotation on the VirtualService. */
  readonly reason: string;
  /** When, as an RFC 3339 time (given, never generated, so output stays deterministic). */
  readonly at: string;
  /** Canary share before the rollback, for a quick re-enable. */
  readonly previousCanaryWeight: number;
}

/** How traffic is split and which requests reach the canary. */
export interface TrafficSpec {
  /**
   * Share of traffic, in percent, that the canary receives (`mesh` mode). The stable share is
   * derived as 100 - canaryWeight, so the two can never disagree. Above 50 requires
   * `promoting: true`: a large canary share is almost always a typo (99 for 1).
   * Mutually exclusive with `stage`.
   * @default 0
   */
  readonly canaryWeight?: number;
  /**
   * Confirms a canary share above 50 on purpose (the last steps of a promotion).
   * @default false
   */
  readonly promoting?: boolean;
  /**
   * Named stages of the rollout, in order, with strictly increasing canary shares
   * (`mesh` mode). The `stage` field selects one; the gate advances through them.
   * @default []
   */
  readonly stages?: readonly TrafficStage[];
  /**
   * Name of the current stage, one of `stages`. Mutually exclusive with `canaryWeight`.
   * @default - no stage: `canaryWeight` applies
   */
  readonly stage?: string;
  /**
   * When the current stage (or canary share) began, an RFC 3339 time such as
   * `"2026-11-24T18:00:00Z"`. The gate advances only `minDuration` after it, holds while it is
   * missing or in the future, and writes it with every stage it sets (`--apply gitops` here,
   * `--apply in-cluster` as the VirtualService annotation `canary-kit.dev/stage-started-at`).
   * @default - unknown: the gate holds until it is set
   */
  readonly stageStartedAt?: string;
  /**
   * The share, in percent, the canary is being sized for before the weights move to it
   * (`mesh` mode, `workload.canaryScaling: share`): the canary Deployment renders
   * `max(1, ceil(workload.replicas x max(share, nextCanaryWeight) / 100))` replicas while the
   * weights stay at the current share. `canary-kit gate --apply gitops` writes it when the next
   * share needs more canary replicas than the spec gives, holds until they are available, then
   * moves the share and removes it. Must be above the current share.
   * @default - the canary is sized for its current share
   */
  readonly nextCanaryWeight?: number;
  /**
   * Shortest time at each stage (and each share of the gate's ladder) for stages that do not
   * set `minDuration`, e.g. `"30m"` or `"2h"`.
   * @default "30m"
   */
  readonly minStageDuration?: string;
  /**
   * Criteria to advance, stricter than the SLO that decides rollback, for every stage (a stage
   * may override them field by field).
   * @default - the SLO: a canary that meets it advances
   */
  readonly promotionCriteria?: PromotionCriteriaSpec;
  /**
   * Dark launch: requests carrying these headers always go to the canary, whatever the weights,
   * e.g. `{ "x-canary": "true" }` (`mesh` mode). Not available in `flagger` mode: Flagger scales
   * the canary to zero between rollouts, so the header would meet a 503; use A/B testing
   * (`analysis.iterations` with `analysis.match`) there.
   * @default - no dark launch
   */
  readonly darkLaunchHeaders?: HeaderMatches;
  /**
   * Dark launch by any request condition: requests meeting all of them always go to the canary,
   * e.g. `{ uri: { prefix: "/v2/" }, sourceLabels: { app: "qa-runner" } }` (`mesh` mode).
   * Mutually exclusive with `darkLaunchHeaders`, its header-only shorthand.
   * @default - no dark launch
   */
  readonly darkLaunch?: RequestMatchSpec;
  /**
   * Cohorts with their own split, matched after the dark launch and in order (`mesh` mode).
   * @default []
   */
  readonly cohorts?: readonly CohortSpec[];
  /**
   * Session stickiness by cookie (`mesh` mode; in `flagger` mode use `analysis.sessionAffinity`).
   * The cookie names the track and the canary share that issued it (`stable-10`) and is honoured
   * only while that share is current: at share 0 no cookie is issued and none is honoured, and at
   * each new stage returning users are split once more at the new share, then kept there.
   * @default - no stickiness
   */
  readonly stickySession?: StickySessionSpec;
  /**
   * Shadow phase: copy this percentage of all requests to the canary; the copies' responses are
   * discarded, so users never see the canary (`mesh` mode; in `flagger` mode use
   * `analysis.mirror`). Istio mirrors every request of the route, including those routed to the
   * canary, so mirroring is allowed only while the canary share (and every cohort's) is 0: shadow
   * first, then shift. Every route that serves stable is mirrored (the default route and cohorts).
   * @default - no mirroring
   */
  readonly mirrorPercentage?: number;
  /**
   * Add an `x-served-by: stable|canary` response header on the weighted routes.
   * @default true
   */
  readonly servedByHeader?: boolean;
  /**
   * Set when the canary was rolled back: the canary share must then be 0, and the record is
   * kept as annotations on the VirtualService for the audit trail.
   * @default - no rollback recorded
   */
  readonly rollback?: RollbackRecord;
}

/** Keep a user on the version that first served them (`mesh` mode). */
export interface StickySessionSpec {
  /**
   * Name of the cookie that records the version.
   * @default "canary-kit-track"
   */
  readonly cookieName?: string;
  /**
   * Lifetime of the cookie, in seconds: the longest a user stays pinned within one stage (a new
   * stage re-splits returning users whatever the cookie's age).
   * @default 86400
   */
  readonly maxAgeSeconds?: number;
}

/** Retries, timeout, circuit breaking and TLS. */
export interface ResilienceSpec {
  /**
   * Retry policy of the routes; `false` disables retries (written as `attempts: 0`: a route without
   * a retry policy gets Istio's default of 2 retries).
   * @default { attempts: 2, perTryTimeout: "2s", retryOn: "5xx,reset,connect-failure,refused-stream" }
   */
  readonly retries?: RetrySpec | false;
  /**
   * Timeout of a whole request, retries included, e.g. `"10s"`.
   * @default "10s"
   */
  readonly timeout?: string;
  /** Connection pool limits (the circuit breaker). */
  readonly connectionPool?: ConnectionPoolSpec;
  /** Outlier detection: eject hosts that keep failing. */
  readonly outlierDetection?: OutlierDetectionSpec;
  /**
   * Outlier detection for the canary subset (`mesh` mode): stricter than stable by default,
   * so that a bad canary pod is ejected first.
   * @default - `outlierDetection` with half the consecutive errors (at least 1)
   */
  readonly canaryOutlierDetection?: OutlierDetectionSpec;
  /**
   * TLS between sidecars: `ISTIO_MUTUAL` (mTLS with mesh certificates) or `DISABLE`.
   * @default "ISTIO_MUTUAL"
   */
  readonly tlsMode?: 'ISTIO_MUTUAL' | 'DISABLE';
}

/** Istio retry policy. */
export interface RetrySpec {
  /**
   * Retries per request.
   * @default 2
   */
  readonly attempts?: number;
  /**
   * Timeout of each try, e.g. `"2s"`.
   * @default "2s"
   */
  readonly perTryTimeout?: string;
  /**
   * Envoy retry conditions, comma separated.
   * @default "5xx,reset,connect-failure,refused-stream"
   */
  readonly retryOn?: string;
}

/** Connection pool limits. In `flagger` mode only the HTTP settings exist (Flagger's CRD has no `tcp`). */
export interface ConnectionPoolSpec {
  /**
   * Most TCP connections to a host (`mesh` mode only).
   * @default 100
   */
  readonly maxConnections?: number;
  /**
   * Most requests waiting for a connection.
   * @default 100
   */
  readonly http1MaxPendingRequests?: number;
  /**
   * Most concurrent requests to a host.
   * @default 1000
   */
  readonly http2MaxRequests?: number;
  /**
   * Requests per connection before it is closed; 0 means unlimited.
   * @default 0
   */
  readonly maxRequestsPerConnection?: number;
}

/** Envoy outlier detection. */
export interface OutlierDetectionSpec {
  /**
   * Consecutive 5xx responses that eject a host.
   * @default 5
   */
  readonly consecutive5xxErrors?: number;
  /**
   * How often hosts are scanned, e.g. `"10s"`.
   * @default "10s"
   */
  readonly interval?: string;
  /**
   * Minimum ejection time, e.g. `"30s"`.
   * @default "30s"
   */
  readonly baseEjectionTime?: string;
  /**
   * Most hosts ejected at once, in percent.
   * @default 50
   */
  readonly maxEjectionPercent?: number;
}

/** The service level objective. One set of numbers drives Flagger, alerts, dashboard and gate. */
export interface SloSpec {
  /**
   * Lowest acceptable share of non-5xx responses, in percent (e.g. 99.5).
   * @default 99
   */
  readonly successRatePercent?: number;
  /**
   * Highest acceptable p99 latency, in milliseconds.
   * @default 500
   */
  readonly p99LatencyMs?: number;
  /**
   * Highest acceptable ratio of canary p99 latency to stable p99 latency, e.g. 1.5.
   * @default - not checked
   */
  readonly maxLatencyRatio?: number;
  /**
   * Fewest canary requests in the window before a verdict counts (alerts and gate).
   * @default 100
   */
  readonly minRequests?: number;
  /**
   * The window over which rates are computed, e.g. `"1m"` (Flagger's metric interval).
   * @default "1m"
   */
  readonly window?: string;
  /**
   * Custom metrics: named PromQL queries with a threshold. Each becomes, like the built-in SLO,
   * a MetricTemplate and a Canary metric (`flagger` mode) or a gate check (`mesh` mode), an alert
   * and a dashboard panel with the threshold drawn.
   * @default []
   */
  readonly metrics?: readonly CustomMetricSpec[];
}

/** Flagger analysis (`flagger` mode). */
export interface AnalysisSpec {
  /**
   * Time between checks, e.g. `"1m"` (Flagger's `^[0-9]+(m|s)`).
   * @default "1m"
   */
  readonly interval?: string;
  /**
   * Failed checks before rollback.
   * @default 5
   */
  readonly threshold?: number;
  /**
   * Highest canary share during progressive analysis, in percent.
   * @default 50
   */
  readonly maxWeight?: number;
  /**
   * Canary share added at each step, in percent. Mutually exclusive with `stepWeights`.
   * @default 10
   */
  readonly stepWeight?: number;
  /**
   * Explicit canary shares of each step, strictly increasing, e.g. `[1, 5, 10, 25, 50]`.
   * @default - steps of `stepWeight`
   */
  readonly stepWeights?: readonly number[];
  /**
   * A/B testing: number of checks while only requests matching `match` reach the canary.
   * Mutually exclusive with the weight fields.
   * @default - progressive weights, not A/B
   */
  readonly iterations?: number;
  /**
   * A/B testing: the requests that reach the canary, each entry a set of conditions that must all
   * hold (headers, a cookie via the `cookie` header, query parameters, source labels); a request
   * meeting any entry reaches the canary.
   * @default []
   */
  readonly match?: readonly AbMatchSpec[];
  /**
   * Mirror traffic to the canary before shifting it (Flagger's `mirror`).
   * @default false
   */
  readonly mirror?: boolean;
  /**
   * Share of traffic mirrored, in percent (with `mirror`).
   * @default - all traffic
   */
  readonly mirrorWeight?: number;
  /** Keep users on the canary once they reached it (Flagger's session affinity). */
  readonly sessionAffinity?: SessionAffinitySpec;
  /** Flagger's webhooks by type: gates, tests, the rollback kill switch, event receivers. */
  readonly webhooks?: WebhooksSpec;
  /**
   * Load tests run by the flagger-loadtester at every interval of the analysis (each renders a
   * `rollout` webhook after `webhooks.rollout`).
   * @default []
   */
  readonly loadTests?: readonly LoadTestSpec[];
  /**
   * Flagger's deployment strategy: `canary` (progressive weights), `ab-testing` (for
   * `iterations` checks only requests matching `match` reach the canary) or `blue-green` (for
   * `iterations` checks the canary gets no live traffic, only mirrored copies with `mirror`, then
   * all traffic switches at once). Flagger derives it: `match` with `iterations` is A/B, `iterations`
   * alone Blue/Green (pkg/apis/flagger/v1beta1/canary.go, `DeploymentStrategy`); canary-kit asks for
   * Blue/Green by name, so that a forgotten `match` never turns an A/B test into a Blue/Green.
   * @default - `ab-testing` when `iterations` is set, else `canary`
   */
  readonly strategy?: 'canary' | 'blue-green' | 'ab-testing';
  /**
   * After promotion, shift traffic back to the primary in steps of this many percent, one per
   * interval, instead of all at once (Flagger's `stepWeightPromotion`).
   * @default - all at once
   */
  readonly stepWeightPromotion?: number;
  /**
   * Percentage of primary pods that must be available before Flagger starts or continues
   * (Flagger's `primaryReadyThreshold`).
   * @default 100
   */
  readonly primaryReadyThreshold?: number;
  /**
   * Percentage of canary pods that must be available before an analysis step
   * (Flagger's `canaryReadyThreshold`).
   * @default 100
   */
  readonly canaryReadyThreshold?: number;
  /**
   * Suspend the Canary: Flagger starts no new analysis, and one in progress pauses (Flagger's
   * `spec.suspend`).
   * @default false
   */
  readonly suspend?: boolean;
  /**
   * When the Canary is deleted, Flagger restores the target and routing it took over
   * (Flagger's `spec.revertOnDeletion`).
   * @default false
   */
  readonly revertOnDeletion?: boolean;
  /**
   * Bounds of the primary's autoscaler when they must differ from `workload.autoscaling`
   * (Flagger's `autoscalerRef.primaryScalerReplicas`); needs `workload.autoscaling`.
   * @default - the same bounds as the target's autoscaler
   */
  readonly primaryScalerReplicas?: PrimaryScalerReplicasSpec;
  /**
   * Seconds Flagger waits for the canary to make progress before rolling back.
   * @default 600
   */
  readonly progressDeadlineSeconds?: number;
  /**
   * Promote without analysis (an emergency fix). Disables every safety check.
   * @default false
   */
  readonly skipAnalysis?: boolean;
  /**
   * Address of the Prometheus server that Flagger queries.
   * @default "http://prometheus.istio-system:9090"
   */
  readonly prometheusAddress?: string;
}

/**
 * One A/B match: every given condition must hold. Flagger's Canary CRD keeps only `headers`,
 * `queryParams` and `sourceLabels` here, so `uri` and `method` are refused.
 */
export type AbMatchSpec = RequestMatchSpec;

/** Flagger session affinity. */
export interface SessionAffinitySpec {
  /**
   * Cookie that pins a user to the canary.
   * @default "canary-kit-affinity"
   */
  readonly cookieName?: string;
  /**
   * Cookie lifetime, in seconds.
   * @default 86400
   */
  readonly maxAge?: number;
  /**
   * Cookie that pins a user to the primary once the canary is promoted or rolled back
   * (Flagger's `primaryCookieName`).
   * @default - none
   */
  readonly primaryCookieName?: string;
  /**
   * `Domain` attribute of the cookie.
   * @default - the request's host
   */
  readonly domain?: string;
  /**
   * `HttpOnly` attribute: scripts cannot read the cookie.
   * @default false
   */
  readonly httpOnly?: boolean;
  /**
   * `Secure` attribute: sent over https only. Required with `sameSite: None` and `partitioned`.
   * @default false
   */
  readonly secure?: boolean;
  /**
   * `SameSite` attribute.
   * @default - the browser's default (Lax)
   */
  readonly sameSite?: 'Strict' | 'Lax' | 'None';
  /**
   * `Partitioned` attribute (CHIPS).
   * @default false
   */
  readonly partitioned?: boolean;
}

/** Overrides of the primary autoscaler's bounds. */
export interface PrimaryScalerReplicasSpec {
  /**
   * Fewest primary replicas.
   * @default - `workload.autoscaling.minReplicas`
   */
  readonly minReplicas?: number;
  /**
   * Most primary replicas.
   * @default - `workload.autoscaling.maxReplicas`
   */
  readonly maxReplicas?: number;
}

/**
 * One Flagger webhook. Flagger POSTs `{ name, namespace, phase, checksum, metadata }` to `url` and
 * reads an answer of status 200-202 as success, anything else (or a timeout) as failure
 * (fluxcd/flagger v1.44.0 pkg/controller/webhook.go, `callWebhook`: `r.StatusCode > 202` is an error).
 * What success and failure mean depends on the type: see `WebhooksSpec`.
 */
export interface WebhookSpec {
  /**
   * Name of the hook in the Canary and in Flagger's events; unique among all hooks of the spec.
   * @default - the type (`pre-rollout`, ...), suffixed `-1`, `-2`, ... when a type has several
   */
  readonly name?: string;
  /** URL Flagger calls, e.g. `http://flagger-loadtester.test/`. */
  readonly url: string;
  /**
   * Timeout of one call, e.g. `"30s"`. Flagger calls hooks synchronously from its scheduler.
   * @default "30s"
   */
  readonly timeout?: string;
  /**
   * Metadata passed to the webhook, e.g. `{ type: "bash", cmd: "curl -sf http://checkout-canary/healthz" }`.
   * @default {}
   */
  readonly metadata?: Readonly<Record<string, string>>;
  /**
   * Retries of a failed call within one check (Flagger's `retries`, go-retryablehttp's `RetryMax`).
   * @default 0
   */
  readonly retries?: number;
  /**
   * Skip TLS certificate verification of an `https` URL (Flagger's `disableTLS`).
   * @default false
   */
  readonly disableTls?: boolean;
  /**
   * Do not send the "waiting for approval" alert of a gate (Flagger's `muteAlert`; only the
   * `confirm-*` types ever alert).
   * @default false
   */
  readonly muteAlert?: boolean;
}

/**
 * Flagger's webhooks, by Flagger type, each a list run in order. The semantics below are those of
 * Flagger v1.44.0's scheduler (`pkg/controller/scheduler.go`, `scheduler_hooks.go`), not only its docs.
 */
export interface WebhooksSpec {
  /**
   * `confirm-rollout`: a gate before a new revision starts. Called at every interval while the
   * canary waits (phase `Waiting`); the rollout starts (scaling the canary up) only once every hook
   * answers 2xx.
   * @default []
   */
  readonly confirmRollout?: readonly WebhookSpec[];
  /**
   * `pre-rollout`: runs before any traffic reaches the canary (weight 0, first iteration). A failure
   * counts as one failed check and the hook runs again next interval; the canary rolls back only
   * once `analysis.threshold` checks have failed, not at once.
   * @default []
   */
  readonly preRollout?: readonly WebhookSpec[];
  /**
   * `rollout`: runs at every interval of the analysis, before the metric checks; a failure is a
   * failed check. Typically a load generator (see `analysis.loadTests`) or an acceptance test.
   * @default []
   */
  readonly rollout?: readonly WebhookSpec[];
  /**
   * `confirm-traffic-increase`: a gate before each weight increase of a progressive canary
   * (not while mirroring, not for Blue/Green or A/B). A non-2xx answer holds the weight and
   * retries next interval; the metric checks keep running meanwhile.
   * @default []
   */
  readonly confirmTrafficIncrease?: readonly WebhookSpec[];
  /**
   * `confirm-promotion`: a gate before the primary is replaced. A non-2xx answer holds the canary
   * at its last weight (phase `WaitingPromotion`) and asks again at every interval; the metric
   * checks keep running and can still roll it back.
   * @default []
   */
  readonly confirmPromotion?: readonly WebhookSpec[];
  /**
   * `post-rollout`: runs once after the canary finished, with phase `Succeeded` after a promotion
   * and phase `Failed` after a rollback. Its failure is only logged.
   * @default []
   */
  readonly postRollout?: readonly WebhookSpec[];
  /**
   * `rollback`: a kill switch, NOT a notification. Flagger calls it at every interval while the
   * canary is `Progressing` or `WaitingPromotion`, and a 2xx answer rolls the canary back at once
   * (the scheduler's check also names `Waiting`, but a canary held by `confirmRollout` returns
   * before it: fluxcd/flagger v1.44.0 pkg/controller/scheduler.go, `checkCanaryStatus`; seen in e2e). Point it only at an endpoint that answers 2xx when you want the release aborted
   * (e.g. the load tester's `/rollback/check`). To be told of a rollback use `analysis.alerts`
   * or an `event` hook.
   * @default []
   */
  readonly rollbackTrigger?: readonly WebhookSpec[];
  /**
   * `event`: receives every Flagger event of this canary (metadata `eventMessage`, `eventType`,
   * `timestamp`), replacing Flagger's global `-event-webhook`; its answer changes nothing.
   * @default []
   */
  readonly event?: readonly WebhookSpec[];
}

/** Monitoring objects. */
export interface ObservabilitySpec {
  /**
   * Emit a PrometheusRule with the canary alerts.
   * @default true
   */
  readonly alerts?: boolean;
  /**
   * How long an alert condition must hold before it fires, e.g. `"2m"`.
   * @default "2m"
   */
  readonly alertFor?: string;
  /**
   * `for` of single alerts, by alert name, overriding `alertFor`, e.g.
   * `{ CanaryHighErrorRate: "1m", CanaryIstioMetricsAbsent: "15m" }`. Names: `CanaryHighErrorRate`,
   * `CanaryHighLatency`, `CanaryLatencyRegression`, `CanaryNoTraffic`, `CanaryIstioMetricsAbsent`,
   * `CanaryFailed` (`flagger` mode) and `CanaryMetric<Name>` of each custom metric.
   * @default {}
   */
  readonly alertForByName?: Readonly<Record<string, string>>;
  /**
   * Emit a ServiceMonitor for the application's own metrics.
   * @default false
   */
  readonly serviceMonitor?: boolean;
  /**
   * Emit a PodMonitor `<name>-envoy` that scrapes the Envoy sidecars of both tracks (the
   * `istio_requests_total` every alert, check and panel reads) at their `http-envoy-prom` port,
   * `/stats/prometheus`. For a Prometheus operator that scrapes no pod annotations (as
   * kube-prometheus-stack's); with `observability.ruleLabels` (e.g. `{ release: kube-prometheus-stack }`)
   * its podMonitorSelector loads it. Do not also scrape the sidecars otherwise, or every request
   * is counted twice.
   * @default false
   */
  readonly envoyPodMonitor?: boolean;
  /**
   * Emit the Grafana dashboard ConfigMap (label `grafana_dashboard: "1"`).
   * @default true
   */
  readonly dashboard?: boolean;
  /**
   * Labels on the PrometheusRule and ServiceMonitor, so that the Prometheus operator selects them,
   * e.g. `{ release: "kube-prometheus-stack" }`.
   * @default {}
   */
  readonly ruleLabels?: Readonly<Record<string, string>>;
}

/** The automated gate of `mesh` mode: a CronJob that runs `canary-kit gate` on a schedule. */
export interface AutomationSpec {
  /**
   * Container image of the gate, built from `Dockerfile.gate`. Pin it by digest
   * (`registry/repository[:tag]@sha256:<digest>`): an image pinned by tag only is a synth warning,
   * `:latest` or no tag an error. Required when automation is enabled.
   */
  readonly image: string;
  /**
   * Cron schedule of the gate, e.g. `"*\/2 * * * *"` (every two minutes).
   * @default "*\/5 * * * *"
   */
  readonly schedule?: string;
  /**
   * Consecutive failing runs before the gate rolls back.
   * @default 1
   */
  readonly failuresBeforeRollback?: number;
  /**
   * URL of the Prometheus server the gate queries.
   * @default "http://prometheus.istio-system:9090"
   */
  readonly prometheusUrl?: string;
}

// ---------------------------------------------------------------------------------------------
// Flagger parity (issue 14): typed load tests.
// ---------------------------------------------------------------------------------------------

/**
 * A load test run by the flagger-loadtester (`ghcr.io/fluxcd/flagger-loadtester`): canary-kit
 * writes the `hey` or `ghz` command line, shell-quoted, into a `rollout` webhook's `cmd`. The load
 * tester starts the command in the background and answers 202 at once; the same command is not
 * started twice while it runs (fluxcd/flagger v1.44.0 pkg/loadtester/server.go, runner.go).
 */
export interface LoadTestSpec {
  /**
   * Name of the webhook.
   * @default "load-test" (suffixed `-1`, `-2`, ... when several)
   */
  readonly name?: string;
  /**
   * `hey` (HTTP) or `ghz` (gRPC).
   * @default "hey"
   */
  readonly tool?: 'hey' | 'ghz';
  /**
   * What to load: for `hey` an http(s) URL, e.g. `http://checkout-canary.shop/`; for `ghz` a
   * `host:port`, e.g. `checkout-canary.shop:9090`.
   */
  readonly target: string;
  /**
   * HTTP method (`hey` only).
   * @default "GET"
   */
  readonly method?: 'GET' | 'POST';
  /**
   * Request body: with `hey` the POST body, with `ghz` the JSON message.
   * @default - no body
   */
  readonly body?: string;
  /**
   * Content type of a `hey` POST body.
   * @default "application/json"
   */
  readonly contentType?: string;
  /**
   * Request headers (`hey -H`) or gRPC metadata (`ghz --metadata`), e.g. `{ cookie: "canary=always" }`.
   * @default {}
   */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Fully-qualified gRPC method, e.g. `grpc.health.v1.Health/Check` (`ghz` only, required there).
   */
  readonly call?: string;
  /**
   * How long each run lasts (`-z`), e.g. `"1m"`; match it to `analysis.interval`.
   * @default "1m"
   */
  readonly duration?: string;
  /**
   * Request rate: per worker for `hey` (`-q`), in total for `ghz` (`--rps`).
   * @default 10
   */
  readonly rate?: number;
  /**
   * Concurrent workers (`-c`).
   * @default 2
   */
  readonly concurrency?: number;
  /**
   * URL of the flagger-loadtester.
   * @default "http://flagger-loadtester.test/"
   */
  readonly loadTesterUrl?: string;
  /**
   * Timeout of the webhook call (the load tester answers at once).
   * @default "30s"
   */
  readonly timeout?: string;
}

// ---------------------------------------------------------------------------------------------
// Flagger parity (issue 14): custom metrics.
// ---------------------------------------------------------------------------------------------

/**
 * A custom metric: one PromQL query and one threshold, used in four places (the Flagger check or
 * the gate check, an alert, a dashboard panel). The query is written with Flagger's template
 * variables, `{{ namespace }}`, `{{ target }}` (the canary Deployment in `flagger` mode, the
 * service name in `mesh` mode), `{{ interval }}` and `{{ variables.<key> }}`, and must select the
 * canary: in `flagger` mode through `{{ target }}` (e.g. `destination_workload="{{ target }}"`),
 * in `mesh` mode through the track label (`destination_version="canary"`).
 */
export interface CustomMetricSpec {
  /**
   * Name of the metric: a DNS-1123 label, not one of the built-in checks (`success-rate`,
   * `latency-p99`, `latency-ratio`). The MetricTemplate is `<service>-<name>`.
   */
  readonly name: string;
  /**
   * The PromQL query, e.g.
   * `sum(rate(http_errors_total{namespace="{{ namespace }}",pod=~"{{ target }}-[0-9a-z]+-[0-9a-z]+"}[{{ interval }}]))`.
   */
  readonly query: string;
  /**
   * Values of `{{ variables.<key> }}` in the query (Flagger's `templateVariables`).
   * @default {}
   */
  readonly templateVariables?: Readonly<Record<string, string>>;
  /**
   * Lowest acceptable value. At least one of `min` and `max` is required.
   * @default - no lower bound
   */
  readonly min?: number;
  /**
   * Highest acceptable value.
   * @default - no upper bound
   */
  readonly max?: number;
  /**
   * The query's window (`{{ interval }}`), e.g. `"1m"` (a Flagger duration).
   * @default - `slo.window`
   */
  readonly interval?: string;
  /**
   * Whether a breach fails the analysis (Flagger check, gate check). `false` keeps the metric for
   * the alert and the dashboard only.
   * @default true
   */
  readonly gating?: boolean;
  /**
   * Grafana unit of the panel, e.g. `"percent"`, `"ms"`, `"reqps"`, `"none"`.
   * @default "none"
   */
  readonly unit?: string;
}

// ---------------------------------------------------------------------------------------------
// Flagger parity (issue 14): notifications.
// ---------------------------------------------------------------------------------------------

/**
 * Chat services Flagger can post to: its notifier factory knows exactly these
 * (fluxcd/flagger v1.44.0 pkg/notifier/factory.go; the AlertProvider CRD's `type` enum). Flagger
 * has no generic HTTP provider: for one, use an `event` webhook (`analysis.webhooks.event`).
 */
export type NotificationProviderType = 'slack' | 'msteams' | 'discord' | 'rocket' | 'gchat';

/**
 * Which Flagger alerts reach a receiver: `info` every alert, `warn` warnings and errors, `error`
 * errors only (pkg/controller/events.go, `alert`: an `info` receiver gets everything, a `warn`
 * receiver gets warn and error, an `error` receiver gets error).
 */
export type NotificationSeverity = 'info' | 'warn' | 'error';

/**
 * An alert receiver. In `flagger` mode canary-kit emits an `AlertProvider` `<service>-<name>` that
 * reads the webhook address from a Secret (never inlined in the spec or the manifests) and lists
 * it in the Canary's `analysis.alerts`. In `mesh` mode `canary-kit gate` posts to it, reading the
 * Secret's keys through `CANARY_KIT_NOTIFY_<NAME>_URL` / `_TOKEN` (mapped by its CronJob).
 */
export interface NotificationSpec {
  /** Name of the receiver, a DNS-1123 label, e.g. `payments-oncall`. */
  readonly name: string;
  /** The chat service. */
  readonly type: NotificationProviderType;
  /**
   * Name of a Secret in the service's namespace whose key `address` holds the webhook URL (and,
   * for Slack apps, `token` a bot token). Flagger reads it at every alert (pkg/controller/events.go).
   */
  readonly secretRef: string;
  /**
   * Which alerts this receiver gets.
   * @default "info"
   */
  readonly severity?: NotificationSeverity;
  /**
   * Channel to post to (Slack, Discord, Rocket); `general` is Flagger's default too.
   * @default "general"
   */
  readonly channel?: string;
  /**
   * Name shown as the sender.
   * @default - Flagger's default, `flagger`; the gate's, `canary-kit`
   */
  readonly username?: string;
  /**
   * HTTP proxy for the call, e.g. `http://proxy.infra:3128` (`flagger` mode only).
   * @default - no proxy
   */
  readonly proxy?: string;
}
