import { CanaryServiceSpec, OutlierDetectionSpec } from '../../spec';
import { DEFAULT_MODE, DEFAULT_RETRIES, DEFAULT_TIMEOUT } from '../../defaults';
import { durationSeconds, ISTIO_DURATION } from '../formats';
import { IssueCollector, join } from '../issues';
import { checkSpecNumber } from './numbers';

/** Envoy's `x-envoy-retry-on` / `x-envoy-retry-grpc-on` conditions that Istio passes through. */
const RETRY_CONDITIONS = new Set([
  '5xx',
  'gateway-error',
  'reset',
  'reset-before-request',
  'connect-failure',
  'envoy-ratelimited',
  'retriable-4xx',
  'refused-stream',
  'retriable-status-codes',
  'retriable-headers',
  'http3-post-connect-failure',
  'cancelled',
  'deadline-exceeded',
  'internal',
  'resource-exhausted',
  'unavailable',
]);

/** Records an issue unless `value` is absent or an Istio duration such as `2s` or `250ms`. */
export function checkIstioDuration(path: string, value: unknown, issues: IssueCollector): void {
  if (typeof value === 'string' && !ISTIO_DURATION.test(value)) {
    issues.add(
      path,
      value,
      'is not a duration. Use a whole number with ms, s, m or h, e.g. "2s" or "250ms".',
    );
  }
}

function checkOutlier(path: string, outlier: OutlierDetectionSpec | undefined, issues: IssueCollector): void {
  if (!outlier) return;
  checkSpecNumber(
    join(path, 'consecutive5xxErrors'),
    outlier.consecutive5xxErrors,
    'OutlierDetectionSpec.consecutive5xxErrors',
    issues,
  );
  checkIstioDuration(join(path, 'interval'), outlier.interval, issues);
  checkIstioDuration(join(path, 'baseEjectionTime'), outlier.baseEjectionTime, issues);
  checkSpecNumber(
    join(path, 'maxEjectionPercent'),
    outlier.maxEjectionPercent,
    'OutlierDetectionSpec.maxEjectionPercent',
    issues,
  );
}

/** Retries, timeout, connection pool, outlier detection and TLS. */
export function checkResilience(spec: CanaryServiceSpec, issues: IssueCollector): void {
  const resilience = spec.resilience;
  if (!resilience) return;
  const mode = spec.mode ?? DEFAULT_MODE;
  checkIstioDuration('resilience.timeout', resilience.timeout, issues);
  const retries = resilience.retries;
  if (retries) {
    checkSpecNumber(
      'resilience.retries.attempts',
      retries.attempts,
      'RetrySpec.attempts',
      issues,
      'Use retries: false to disable retries.',
    );
    checkIstioDuration('resilience.retries.perTryTimeout', retries.perTryTimeout, issues);
    if (typeof retries.retryOn === 'string') {
      for (const condition of retries.retryOn.split(',')) {
        if (!RETRY_CONDITIONS.has(condition.trim()) && !/^[1-5][0-9][0-9]$/.test(condition.trim())) {
          issues.add(
            'resilience.retries.retryOn',
            retries.retryOn,
            `has the unknown condition '${condition}'. Use Envoy conditions such as 5xx, reset, connect-failure, refused-stream, gateway-error, or status codes.`,
          );
        }
      }
    }
  }
  if (retries !== false) {
    const given = retries ?? {};
    const attempts = given.attempts ?? DEFAULT_RETRIES.attempts;
    const perTryTimeout = given.perTryTimeout ?? DEFAULT_RETRIES.perTryTimeout;
    const perTry = durationSeconds(perTryTimeout);
    const timeout = durationSeconds(resilience.timeout ?? DEFAULT_TIMEOUT);
    if (
      perTry !== undefined &&
      timeout !== undefined &&
      typeof attempts === 'number' &&
      (attempts + 1) * perTry > timeout
    ) {
      issues.add(
        retries ? 'resilience.retries' : 'resilience.timeout',
        retries ? retries : resilience.timeout,
        `${retries ? 'cannot' : 'is too short for the default retries, which cannot'} finish within resilience.timeout (${resilience.timeout ?? DEFAULT_TIMEOUT}): ${attempts + 1} tries of ${perTryTimeout} take up to ${(attempts + 1) * perTry}s, so the last retries are cut off. Raise the timeout or lower retries.attempts or retries.perTryTimeout.`,
      );
    }
  }
  const pool = resilience.connectionPool;
  if (pool) {
    if (pool.maxConnections !== undefined && mode === 'flagger') {
      issues.add(
        'resilience.connectionPool.maxConnections',
        pool.maxConnections,
        "is a TCP setting, and Flagger's Canary CRD declares only connectionPool.http: the API server would silently prune it. Remove it, or use mode: mesh.",
      );
    }
    checkSpecNumber(
      'resilience.connectionPool.maxConnections',
      pool.maxConnections,
      'ConnectionPoolSpec.maxConnections',
      issues,
    );
    checkSpecNumber(
      'resilience.connectionPool.http1MaxPendingRequests',
      pool.http1MaxPendingRequests,
      'ConnectionPoolSpec.http1MaxPendingRequests',
      issues,
    );
    checkSpecNumber(
      'resilience.connectionPool.http2MaxRequests',
      pool.http2MaxRequests,
      'ConnectionPoolSpec.http2MaxRequests',
      issues,
    );
    checkSpecNumber(
      'resilience.connectionPool.maxRequestsPerConnection',
      pool.maxRequestsPerConnection,
      'ConnectionPoolSpec.maxRequestsPerConnection',
      issues,
    );
  }
  checkOutlier('resilience.outlierDetection', resilience.outlierDetection, issues);
  checkOutlier('resilience.canaryOutlierDetection', resilience.canaryOutlierDetection, issues);
  if (resilience.canaryOutlierDetection !== undefined && mode === 'flagger') {
    issues.add(
      'resilience.canaryOutlierDetection',
      resilience.canaryOutlierDetection,
      'needs per-subset DestinationRules, which Flagger generates itself. Remove it, or use mode: mesh.',
    );
  }
}
