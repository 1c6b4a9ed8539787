/**
 * A canary and a stable track with deliberately different numbers, plus decoys, for the tests that
 * query a real Prometheus server: reading the stable value where the canary's is expected, reading
 * the error rate instead of the success rate, mixing reporters, or forgetting the namespace or
 * service filter each gives a different, wrong number.
 */
import { expectedHistogramQuantile } from './histogram';
import type { ConstantGauge, LatencyPoint, TelemetryScenario, WorkloadTraffic } from './istio-telemetry';
import { trackTraffic, type Tracks } from './tracks';

/** 98% at 40 ms, 2% at 800 ms: p99 750 ms (half-way through Istio's (500, 1000] bucket). */
export const CANARY_LATENCY: readonly LatencyPoint[] = [
  { ms: 40, share: 0.98 },
  { ms: 800, share: 0.02 },
];
/** Everything at 40 ms: p99 49.75 ms (in the (25, 50] bucket). */
export const STABLE_LATENCY: readonly LatencyPoint[] = [{ ms: 40, share: 1 }];

/** The values a correct query reads from {@link twoTrackTraffic}. */
export const EXPECTED = {
  canarySuccessPercent: 98,
  stableSuccessPercent: 90,
  canaryRps: 10,
  stableRps: 30,
  canaryP99: expectedHistogramQuantile(0.99, CANARY_LATENCY),
  stableP99: expectedHistogramQuantile(0.99, STABLE_LATENCY),
  /** Canary share of all requests, percent. */
  canarySharePercent: 25,
  /** Flagger's reported canary weight. */
  flaggerCanaryWeight: 10,
} as const;

/**
 * Traffic for the tracks: canary 10 rps at 98% success (1% 4xx) and p99 750 ms, whose client side
 * reports 50% success; stable 30 rps on two pods at 90% and p99 49.75 ms.
 */
export function twoTrackTraffic(tracks: Tracks): WorkloadTraffic[] {
  return [
    trackTraffic(tracks.canary, {
      requestsPerSecond: EXPECTED.canaryRps,
      successRatio: EXPECTED.canarySuccessPercent / 100,
      clientErrorRatio: 0.01,
      latency: CANARY_LATENCY,
      sourceReporter: { successRatio: 0.5, clientErrorRatio: 0, latency: [{ ms: 5, share: 1 }] },
    }),
    trackTraffic(tracks.stable, {
      requestsPerSecond: EXPECTED.stableRps,
      successRatio: EXPECTED.stableSuccessPercent / 100,
      latency: STABLE_LATENCY,
      pods: 2,
    }),
  ];
}

/**
 * Decoys: the same workloads in another namespace, and another service's canary in the same
 * namespace, all failing half their requests slowly.
 */
export function decoyTraffic(tracks: Tracks, otherNamespace: string): WorkloadTraffic[] {
  const bad = {
    requestsPerSecond: 50,
    successRatio: 0.5,
    latency: [{ ms: 5000, share: 1 }],
    sourceReporter: false as const,
  };
  return [
    trackTraffic({ ...tracks.canary, namespace: otherNamespace }, bad),
    trackTraffic({ ...tracks.stable, namespace: otherNamespace }, bad),
    trackTraffic(
      {
        ...tracks.canary,
        workload: `other-${tracks.canary.workload}`,
        service: `other-${tracks.canary.service}`,
        app: 'other',
      },
      bad,
    ),
  ];
}

/** Flagger's `flagger_canary_weight` for the tracks, as Flagger exposes it (labels `workload`, `namespace`). */
export function flaggerWeightGauges(tracks: Tracks, canaryWeight: number): ConstantGauge[] {
  return [
    {
      name: 'flagger_canary_weight',
      labels: { workload: tracks.canary.workload, namespace: tracks.canary.namespace },
      value: canaryWeight,
    },
    {
      name: 'flagger_canary_weight',
      labels: { workload: tracks.stable.workload, namespace: tracks.stable.namespace },
      value: 100 - canaryWeight,
    },
  ];
}

/**
 * The Flagger scenario of the MetricTemplate tests: the unhealthy service's two tracks and decoys,
 * and the same service in another namespace with a healthy canary (10 rps, all succeeding) next to
 * its stable (30 rps, 99.9%), over 30 minutes at 15 s steps; `gauges` adds constant series.
 */
export function unhealthyAndHealthyScenario(
  unhealthy: Tracks,
  healthy: Tracks,
  gauges?: ConstantGauge[],
): TelemetryScenario {
  return {
    durationSeconds: 1800,
    stepSeconds: 15,
    workloads: [
      ...twoTrackTraffic(unhealthy),
      ...decoyTraffic(unhealthy, 'shop-staging'),
      trackTraffic(healthy.canary, { requestsPerSecond: 10, successRatio: 1, latency: STABLE_LATENCY }),
      trackTraffic(healthy.stable, { requestsPerSecond: 30, successRatio: 0.999, latency: STABLE_LATENCY }),
    ],
    ...(gauges ? { gauges } : {}),
  };
}
