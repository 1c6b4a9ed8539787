/**
 * Every default of the spec, named. The `@default` tags in `spec.ts` quote these values, and
 * `plan.ts` is the only place that applies them.
 */

/** Namespace when the spec gives none. */
export const DEFAULT_NAMESPACE = 'default';
/** Routing owner when the spec gives none: Flagger, what the field recommends. */
export const DEFAULT_MODE = 'flagger';
/** Container port of the application. */
export const DEFAULT_CONTAINER_PORT = 8080;
/** Port of the Kubernetes Service. */
export const DEFAULT_SERVICE_PORT = 80;
/** Replicas of the rendered (stable) Deployment. */
export const DEFAULT_REPLICAS = 2;
/** Replicas of the canary Deployment in `mesh` mode. */
export const DEFAULT_CANARY_REPLICAS = 1;
/** Fewest replicas of the HorizontalPodAutoscaler. */
export const DEFAULT_MIN_REPLICAS = 2;
/** HPA target CPU utilization, percent. */
export const DEFAULT_TARGET_CPU_UTILIZATION = 80;
/** Container resources. */
export const DEFAULT_RESOURCES = {
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { memory: '256Mi' },
} as const;
/** Probe path for readiness and liveness. */
export const DEFAULT_PROBE_PATH = '/healthz';
/** Seconds before the first probe. */
export const DEFAULT_PROBE_INITIAL_DELAY_SECONDS = 5;
/** UID of the container (non-root; the distroless "nonroot" user). */
export const DEFAULT_RUN_AS_USER = 65532;
/** Path of the application's metrics. */
export const DEFAULT_METRICS_PATH = '/metrics';

/** Canary share when the spec gives none: nothing reaches the canary until a person says so. */
export const DEFAULT_CANARY_WEIGHT = 0;
/** A canary share above this needs `promoting: true`. */
export const MAX_UNCONFIRMED_CANARY_WEIGHT = 50;
/** Shortest time at each stage of a `mesh` rollout (the seeds' observation period). */
export const DEFAULT_MIN_STAGE_DURATION = '30m';
/** Cookie that records the version a user was served (`mesh` stickiness). */
export const DEFAULT_STICKY_COOKIE = 'canary-kit-track';
/** Lifetime of the stickiness cookie, seconds. */
export const DEFAULT_STICKY_MAX_AGE_SECONDS = 86400;

/** Retry policy of the routes. */
export const DEFAULT_RETRIES = {
  attempts: 2,
  perTryTimeout: '2s',
  retryOn: '5xx,reset,connect-failure,refused-stream',
} as const;
/** Timeout of a whole request, retries included. */
export const DEFAULT_TIMEOUT = '10s';
/** Connection pool limits. */
export const DEFAULT_CONNECTION_POOL = {
  maxConnections: 100,
  http1MaxPendingRequests: 100,
  http2MaxRequests: 1000,
  maxRequestsPerConnection: 0,
} as const;
/** Outlier detection. */
export const DEFAULT_OUTLIER_DETECTION = {
  consecutive5xxErrors: 5,
  interval: '10s',
  baseEjectionTime: '30s',
  maxEjectionPercent: 50,
} as const;
/** TLS between sidecars. */
export const DEFAULT_TLS_MODE = 'ISTIO_MUTUAL';

/** Lowest acceptable success rate, percent. */
export const DEFAULT_SUCCESS_RATE_PERCENT = 99;
/** Highest acceptable p99 latency, milliseconds. */
export const DEFAULT_P99_LATENCY_MS = 500;
/** Fewest canary requests before a verdict counts. */
export const DEFAULT_MIN_REQUESTS = 100;
/** Window of the rate queries. */
export const DEFAULT_SLO_WINDOW = '1m';

/** Flagger analysis interval. */
export const DEFAULT_ANALYSIS_INTERVAL = '1m';
/** Failed checks before Flagger rolls back. */
export const DEFAULT_ANALYSIS_THRESHOLD = 5;
/** Highest canary share during Flagger's analysis. */
export const DEFAULT_MAX_WEIGHT = 50;
/** Canary share added per Flagger step. */
export const DEFAULT_STEP_WEIGHT = 10;
/** Seconds Flagger waits for progress. */
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
/** Cookie of Flagger's session affinity. */
export const DEFAULT_AFFINITY_COOKIE = 'canary-kit-affinity';
/** Lifetime of Flagger's session-affinity cookie, seconds. */
export const DEFAULT_AFFINITY_MAX_AGE = 86400;
/** Timeout of a Flagger webhook call. */
export const DEFAULT_WEBHOOK_TIMEOUT = '30s';
/** Prometheus that Flagger and the gate query (Istio's sample addon address). */
export const DEFAULT_PROMETHEUS_ADDRESS = 'http://prometheus.istio-system:9090';

/** How long an alert condition holds before it fires. */
export const DEFAULT_ALERT_FOR = '2m';

/** Schedule of the `mesh` gate CronJob. */
export const DEFAULT_GATE_SCHEDULE = '*/5 * * * *';
/** Consecutive failing gate runs before rollback. */
export const DEFAULT_FAILURES_BEFORE_ROLLBACK = 1;
