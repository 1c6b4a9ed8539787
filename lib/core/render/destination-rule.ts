import { CANARY_VERSION, STABLE_VERSION, VERSION_LABEL } from '../names';
import { CanaryPlan, OutlierPlan } from '../plan';
import { compact, objectMeta, RenderedResource } from './resource';

/** Subset names of `mesh` mode: the VirtualService routes to these. */
export const STABLE_SUBSET = 'stable';
/** The canary subset. */
export const CANARY_SUBSET = 'canary';

function outlierDetection(outlier: OutlierPlan): Record<string, unknown> {
  return {
    consecutive5xxErrors: outlier.consecutive5xxErrors,
    interval: outlier.interval,
    baseEjectionTime: outlier.baseEjectionTime,
    maxEjectionPercent: outlier.maxEjectionPercent,
  };
}

/** The HTTP part of the connection pool (the only part Flagger's Canary CRD declares). */
export function httpConnectionPool(plan: CanaryPlan): Record<string, unknown> {
  const pool = plan.resilience.connectionPool;
  return compact({
    http1MaxPendingRequests: pool.http1MaxPendingRequests,
    http2MaxRequests: pool.http2MaxRequests,
    // 0 is Istio's default (unlimited); left out rather than written.
    maxRequestsPerConnection: pool.maxRequestsPerConnection > 0 ? pool.maxRequestsPerConnection : undefined,
  });
}

/** The outlier detection of the whole service, in Istio's wire format. */
export function serviceOutlierDetection(plan: CanaryPlan): Record<string, unknown> {
  return outlierDetection(plan.resilience.outlierDetection);
}

/**
 * The DestinationRule of `mesh` mode: connection pool and outlier detection (the circuit breaker),
 * mTLS, and the `stable`/`canary` subsets keyed on the `version` label, the canary's outlier
 * detection stricter so that a failing canary pod is ejected first.
 */
export function renderDestinationRule(plan: CanaryPlan): RenderedResource[] {
  if (plan.mode !== 'mesh') return [];
  return [
    {
      id: 'destination-rule',
      dependsOn: ['service'],
      manifest: {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: objectMeta(plan, plan.names.name),
        spec: {
          host: plan.names.name,
          trafficPolicy: {
            connectionPool: {
              tcp: { maxConnections: plan.resilience.connectionPool.maxConnections },
              http: httpConnectionPool(plan),
            },
            outlierDetection: serviceOutlierDetection(plan),
            tls: { mode: plan.resilience.tlsMode },
          },
          subsets: [
            { name: STABLE_SUBSET, labels: { [VERSION_LABEL]: STABLE_VERSION } },
            {
              name: CANARY_SUBSET,
              labels: { [VERSION_LABEL]: CANARY_VERSION },
              trafficPolicy: { outlierDetection: outlierDetection(plan.resilience.canaryOutlierDetection) },
            },
          ],
        },
      },
    },
  ];
}
