/**
 * Every numeric range of a spec, in one place: the validation rules check numbers with it, and
 * `npm run gen` (scripts/spec-schema.js) writes it into the JSON Schema as `minimum`, `maximum` and,
 * for whole numbers, `multipleOf: 1`, so editors flag what `validate` refuses. Keys are
 * `<interface>.<field>` of lib/core/spec.ts (the schema's definitions). No imports: the schema
 * script transpiles this file on its own.
 */

/** The allowed values of one numeric field. */
export interface NumberRange {
  /** Smallest allowed value. */
  readonly min: number;
  /** Largest allowed value. */
  readonly max: number;
  /** Whether only whole numbers are allowed. */
  readonly integer: boolean;
}

const whole = (min: number, max: number): NumberRange => ({ min, max, integer: true });

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
} as const satisfies Readonly<Record<string, NumberRange>>;

/** A key of `SPEC_RANGES`. */
export type RangeKey = keyof typeof SPEC_RANGES;
