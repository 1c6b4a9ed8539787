/**
 * Every numeric range of a spec, in one place: the validation rules check numbers with it, and
 * `npm run gen` (scripts/spec-schema.js) writes it into the JSON Schema as `minimum` (or
 * `exclusiveMinimum`), `maximum` and, for whole numbers, `multipleOf: 1`, so editors flag what
 * `validate` refuses. Keys are `<interface>.<field>` of lib/core/spec.ts (the schema's
 * definitions), `<interface>.<field>[]` for each item of a list. No imports: the schema script
 * transpiles this file on its own.
 */

/** The allowed values of one numeric field. */
export interface NumberRange {
  /** Smallest allowed value. */
  readonly min: number;
  /** Largest allowed value. */
  readonly max: number;
  /** Whether only whole numbers are allowed. */
  readonly integer: boolean;
  /**
   * Whether `min` itself is excluded (the value must be above it).
   * @default false
   */
  readonly exclusiveMin?: boolean;
}

const whole = (min: number, max: number): NumberRange => ({ min, max, integer: true });
const real = (min: number, max: number): NumberRange => ({ min, max, integer: false });

/** Most retries of one webhook call: each retry waits (go-retryablehttp backs off up to 30s). */
export const MAX_WEBHOOK_RETRIES = 10;

/** The ranges, by `<interface>.<field>`. */
export const SPEC_RANGES = {
  'WorkloadSpec.containerPort': whole(1, 65535),
  'WorkloadSpec.replicas': whole(1, 1000),
  'WorkloadSpec.canaryReplicas': whole(1, 1000),
  'AutoscalingSpec.minReplicas': whole(1, 1000),
  'AutoscalingSpec.maxReplicas': whole(1, 1000),
  'AutoscalingSpec.targetCpuUtilization': whole(1, 100),
  'ProbesSpec.initialDelaySeconds': whole(0, 3600),
  'SecuritySpec.runAsUser': whole(1, 2147483647),
  'ServiceSpec.port': whole(1, 65535),
  'StickySessionSpec.maxAgeSeconds': whole(1, 31536000),
  'TrafficSpec.mirrorPercentage': { min: 0.01, max: 100, integer: false },
  'TrafficSpec.nextCanaryWeight': whole(1, 100),
  'RetrySpec.attempts': whole(1, 10),
  'ConnectionPoolSpec.maxConnections': whole(1, 1000000),
  'ConnectionPoolSpec.http1MaxPendingRequests': whole(1, 1000000),
  'ConnectionPoolSpec.http2MaxRequests': whole(1, 1000000),
  'ConnectionPoolSpec.maxRequestsPerConnection': whole(0, 1000000),
  'OutlierDetectionSpec.consecutive5xxErrors': whole(1, 1000),
  'OutlierDetectionSpec.maxEjectionPercent': whole(0, 100),
  'SloSpec.minRequests': whole(1, 100000000),
  'AnalysisSpec.maxWeight': whole(1, 100),
  'AnalysisSpec.stepWeight': whole(1, 100),
  'AnalysisSpec.threshold': whole(1, 100),
  'AnalysisSpec.iterations': whole(1, 1000),
  'AnalysisSpec.mirrorWeight': whole(1, 100),
  'AnalysisSpec.progressDeadlineSeconds': whole(60, 86400),
  'SessionAffinitySpec.maxAge': whole(1, 31536000),
  'AutomationSpec.failuresBeforeRollback': whole(1, 100),
  'TrafficSpec.canaryWeight': whole(0, 100),
  'TrafficStage.canaryWeight': whole(0, 100),
  'CohortSpec.canaryWeight': whole(0, 100),
  'RollbackRecord.previousCanaryWeight': whole(0, 100),
  'PromotionCriteriaSpec.successRatePercent': real(50, 100),
  'PromotionCriteriaSpec.p99LatencyMs': real(1, 600000),
  'PromotionCriteriaSpec.maxLatencyRatio': real(1, 100),
  'PromotionCriteriaSpec.minRequests': whole(1, 100000000),
  'SloSpec.successRatePercent': real(50, 100),
  'SloSpec.p99LatencyMs': real(10, 600000),
  'SloSpec.maxLatencyRatio': { min: 1, max: 100, integer: false, exclusiveMin: true },
  'AnalysisSpec.stepWeights[]': whole(1, 100),
  'AnalysisSpec.stepWeightPromotion': whole(1, 100),
  'AnalysisSpec.primaryReadyThreshold': whole(1, 100),
  'AnalysisSpec.canaryReadyThreshold': whole(1, 100),
  'PrimaryScalerReplicasSpec.minReplicas': whole(1, 10000),
  'PrimaryScalerReplicasSpec.maxReplicas': whole(1, 10000),
  'WebhookSpec.retries': whole(0, MAX_WEBHOOK_RETRIES),
  'LoadTestSpec.rate': whole(1, 10000),
  'LoadTestSpec.concurrency': whole(1, 1000),
} as const satisfies Readonly<Record<string, NumberRange>>;

/** A key of `SPEC_RANGES`. */
export type RangeKey = keyof typeof SPEC_RANGES;
