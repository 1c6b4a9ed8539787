/**
 * A declarative description of Istio request telemetry (what the sidecars of a service would report)
 * and its expansion into concrete Prometheus series. Two renderers share this model: OpenMetrics text
 * for backfilling a real Prometheus server (`openmetrics.ts`) and `input_series` for
 * `promtool test rules` (`promtool-series.ts`), so both describe exactly the same traffic.
 *
 * Facts used (Istio "Standard Metrics" docs, Envoy stats defaults):
 * - `istio_requests_total` is a counter and `istio_request_duration_milliseconds` a histogram, both
 *   with the same label set, reported once by the client sidecar (`reporter="source"`) and once by the
 *   server sidecar (`reporter="destination"`): a query without `reporter=` counts every request twice.
 * - The histogram uses Envoy's default buckets, in milliseconds (see {@link ISTIO_DURATION_BUCKETS_MS}).
 */

/** Bucket upper bounds (`le`) of `istio_request_duration_milliseconds`: Envoy's default histogram buckets. */
export const ISTIO_DURATION_BUCKETS_MS: readonly number[] = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000,
  3600000,
];

/** Name of Istio's request counter. */
export const REQUESTS_METRIC = 'istio_requests_total';
/** Base name of Istio's request duration histogram (`_bucket`, `_sum`, `_count` are appended). */
export const DURATION_METRIC = 'istio_request_duration_milliseconds';

/** A share of requests that all take the same time. */
export interface LatencyPoint {
  /** Duration of these requests, in milliseconds. */
  readonly ms: number;
  /** Share of the requests, in [0, 1]; the shares of one distribution sum to 1. */
  readonly share: number;
}

/** What one reporter sees of a workload's traffic. */
export interface TrafficProfile {
  /** Requests per second across all pods of the workload. */
  readonly requestsPerSecond: number;
  /** Share of responses that are not 5xx, in [0, 1] (0.98 = 98% success). */
  readonly successRatio: number;
  /**
   * Share of responses that are 4xx, in [0, 1]: successes for the SLO, so a query that counts
   * "not 200" as failure reads them wrongly.
   * @default 0
   */
  readonly clientErrorRatio?: number;
  /** How long requests take. */
  readonly latency: readonly LatencyPoint[];
}

/** Traffic to one workload (one Deployment, i.e. one `destination_workload`). */
export interface WorkloadTraffic extends TrafficProfile {
  /** `destination_workload`: the Deployment name, e.g. `checkout-primary`. */
  readonly workload: string;
  /** `destination_workload_namespace` and `destination_service_namespace`. */
  readonly namespace: string;
  /** `destination_service_name`; `destination_service` is `<service>.<namespace>.svc.cluster.local`. */
  readonly service: string;
  /**
   * `destination_app` (the pods' `app` label).
   * @default the service name
   */
  readonly app?: string;
  /**
   * `destination_version` (the pods' `version` label); Istio reports `unknown` when there is none.
   * @default "unknown"
   */
  readonly version?: string;
  /**
   * Status code of the 5xx responses.
   * @default 503
   */
  readonly serverErrorCode?: number;
  /**
   * Status code of the 4xx responses.
   * @default 404
   */
  readonly clientErrorCode?: number;
  /**
   * Pods of the workload; each reports its own series (label `pod`), so an unaggregated query
   * returns several results.
   * @default 1
   */
  readonly pods?: number;
  /**
   * The calling workload (`source_workload`, `source_workload_namespace`).
   * @default { workload: "istio-ingressgateway", namespace: "istio-system" }
   */
  readonly source?: { readonly workload: string; readonly namespace: string };
  /**
   * What the client sidecar reports (`reporter="source"`): `false` for no source-reported series,
   * or overrides of the destination profile (a client also sees failures that never reached the
   * server, and network time).
   * @default the same traffic as the destination reports
   */
  readonly sourceReporter?: Partial<TrafficProfile> | false;
  /**
   * Seconds after the scenario start when the workload receives its first request; before it,
   * its series do not exist (Istio creates a series on the first request).
   * @default 0
   */
  readonly fromSeconds?: number;
  /**
   * Seconds after the scenario start when the workload stops receiving requests; after it, its
   * counters stay flat (the pods still run and are scraped).
   * @default the scenario end
   */
  readonly untilSeconds?: number;
}

/** A time range of traffic to several workloads, scraped every `stepSeconds`. */
export interface TelemetryScenario {
  /** Length of the scenario, in seconds; a multiple of `stepSeconds`. */
  readonly durationSeconds: number;
  /** Scrape interval, in seconds. */
  readonly stepSeconds: number;
  /** The workloads and their traffic; at most one entry per (namespace, workload, version). */
  readonly workloads: readonly WorkloadTraffic[];
  /**
   * Other series with a constant value over the whole scenario, e.g. Flagger's
   * `flagger_canary_weight{workload="checkout",namespace="shop"}`.
   * @default []
   */
  readonly gauges?: readonly ConstantGauge[];
}

/** A gauge that keeps one value for the whole scenario. */
export interface ConstantGauge {
  /** Metric name, e.g. `flagger_canary_weight`. */
  readonly name: string;
  /** Its labels, in output order. */
  readonly labels: Readonly<Record<string, string>>;
  /** Its value at every scrape. */
  readonly value: number;
}

/** The Prometheus metric type of a planned series. */
export type SeriesKind = 'counter' | 'histogram' | 'gauge';

/** One concrete series: its labels and its value at each scrape. */
export interface PlannedSeries {
  /** Metric family, e.g. `istio_requests_total` or `istio_request_duration_milliseconds`. */
  readonly family: string;
  /** Type of the family. */
  readonly kind: SeriesKind;
  /** Full sample name, e.g. `istio_request_duration_milliseconds_bucket`. */
  readonly name: string;
  /** Labels in output order (Istio's order, then `le`). */
  readonly labels: ReadonlyArray<readonly [string, string]>;
  /** Value at each scrape 0..N (N = duration / step); `undefined` where the series does not exist yet. */
  readonly values: ReadonlyArray<number | undefined>;
}

/** An error in a scenario description (a bug in the test that wrote it). */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

const RESPONSE_SHARE_TOLERANCE = 1e-9;

/** Number of scrapes after the first one: the scenario has `steps + 1` samples per series. */
export function scenarioSteps(scenario: TelemetryScenario): number {
  const { durationSeconds, stepSeconds } = scenario;
  if (!(stepSeconds > 0) || !(durationSeconds > 0) || durationSeconds % stepSeconds !== 0) {
    throw new ScenarioError(
      `scenario: durationSeconds (${durationSeconds}) must be a positive multiple of stepSeconds (${stepSeconds})`,
    );
  }
  return durationSeconds / stepSeconds;
}

/** Expands a scenario into every series the sidecars would report, in a stable order. */
export function planIstioSeries(scenario: TelemetryScenario): PlannedSeries[] {
  const steps = scenarioSteps(scenario);
  const seen = new Set<string>();
  const counters: PlannedSeries[] = [];
  const histograms: PlannedSeries[] = [];
  scenario.workloads.forEach((traffic, index) => {
    const where = `scenario.workloads[${index}] (${traffic.namespace}/${traffic.workload})`;
    const key = `${traffic.namespace}/${traffic.workload}/${traffic.version ?? 'unknown'}`;
    if (seen.has(key)) throw new ScenarioError(`${where}: a second entry for the same workload and version`);
    seen.add(key);
    const window = activeSteps(traffic, scenario.stepSeconds, steps, where);
    for (const reporter of ['destination', 'source'] as const) {
      const profile = reporterProfile(traffic, reporter);
      if (!profile) continue;
      checkProfile(profile, `${where} reporter=${reporter}`);
      const pods = reporter === 'destination' ? (traffic.pods ?? 1) : 1;
      for (let pod = 0; pod < pods; pod++) {
        for (const [code, share] of responseShares(traffic, profile)) {
          const perStep = (profile.requestsPerSecond * scenario.stepSeconds * share) / pods;
          const labels = istioLabels(traffic, reporter, code, podName(traffic, reporter, pod));
          const values = (scale: number) => counterValues(perStep * scale, window, steps);
          counters.push({
            family: REQUESTS_METRIC,
            kind: 'counter',
            name: REQUESTS_METRIC,
            labels,
            values: values(1),
          });
          for (const le of ISTIO_DURATION_BUCKETS_MS) {
            histograms.push({
              family: DURATION_METRIC,
              kind: 'histogram',
              name: `${DURATION_METRIC}_bucket`,
              labels: [...labels, ['le', formatNumber(le)]],
              values: values(shareAtOrBelow(profile.latency, le)),
            });
          }
          histograms.push(
            {
              family: DURATION_METRIC,
              kind: 'histogram',
              name: `${DURATION_METRIC}_bucket`,
              labels: [...labels, ['le', '+Inf']],
              values: values(1),
            },
            {
              family: DURATION_METRIC,
              kind: 'histogram',
              name: `${DURATION_METRIC}_sum`,
              labels,
              values: values(meanMs(profile.latency)),
            },
            {
              family: DURATION_METRIC,
              kind: 'histogram',
              name: `${DURATION_METRIC}_count`,
              labels,
              values: values(1),
            },
          );
        }
      }
    }
  });
  const gauges: PlannedSeries[] = (scenario.gauges ?? []).map((gauge) => ({
    family: gauge.name,
    kind: 'gauge',
    name: gauge.name,
    labels: Object.entries(gauge.labels),
    values: new Array<number>(steps + 1).fill(gauge.value),
  }));
  return [...counters, ...histograms, ...gauges];
}

/** Formats a number the way Prometheus prints it in labels (`0.5`, `1000`, `+Inf`). */
export function formatNumber(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (Number.isNaN(value)) return 'NaN';
  return String(value);
}

/** The label set Istio's stats filter puts on both metrics, in a stable order, plus the scraped pod. */
function istioLabels(
  traffic: WorkloadTraffic,
  reporter: 'destination' | 'source',
  code: number,
  pod: string,
): Array<readonly [string, string]> {
  const source = traffic.source ?? { workload: 'istio-ingressgateway', namespace: 'istio-system' };
  const destinationPrincipal = `spiffe://cluster.local/ns/${traffic.namespace}/sa/${traffic.service}`;
  const sourcePrincipal = `spiffe://cluster.local/ns/${source.namespace}/sa/${source.workload}`;
  return [
    ['connection_security_policy', reporter === 'destination' ? 'mutual_tls' : 'unknown'],
    ['destination_app', traffic.app ?? traffic.service],
    ['destination_canonical_revision', traffic.version ?? 'latest'],
    ['destination_canonical_service', traffic.app ?? traffic.service],
    ['destination_cluster', 'Kubernetes'],
    ['destination_principal', destinationPrincipal],
    ['destination_service', `${traffic.service}.${traffic.namespace}.svc.cluster.local`],
    ['destination_service_name', traffic.service],
    ['destination_service_namespace', traffic.namespace],
    ['destination_version', traffic.version ?? 'unknown'],
    ['destination_workload', traffic.workload],
    ['destination_workload_namespace', traffic.namespace],
    ['namespace', reporter === 'destination' ? traffic.namespace : source.namespace],
    ['pod', pod],
    ['reporter', reporter],
    ['request_protocol', 'http'],
    ['response_code', String(code)],
    ['response_flags', code >= 500 ? 'URX' : '-'],
    ['source_app', source.workload],
    ['source_canonical_revision', 'latest'],
    ['source_canonical_service', source.workload],
    ['source_cluster', 'Kubernetes'],
    ['source_principal', sourcePrincipal],
    ['source_version', 'unknown'],
    ['source_workload', source.workload],
    ['source_workload_namespace', source.namespace],
  ];
}

function podName(traffic: WorkloadTraffic, reporter: 'destination' | 'source', index: number): string {
  if (reporter === 'source')
    return `${(traffic.source ?? { workload: 'istio-ingressgateway' }).workload}-7d9f8c6b5-x0`;
  return `${traffic.workload}-5f7c9d8b6-p${index}`;
}

function reporterProfile(
  traffic: WorkloadTraffic,
  reporter: 'destination' | 'source',
): TrafficProfile | undefined {
  const destination: TrafficProfile = {
    requestsPerSecond: traffic.requestsPerSecond,
    successRatio: traffic.successRatio,
    clientErrorRatio: traffic.clientErrorRatio,
    latency: traffic.latency,
  };
  if (reporter === 'destination') return destination;
  if (traffic.sourceReporter === false) return undefined;
  return { ...destination, ...(traffic.sourceReporter ?? {}) };
}

function checkProfile(profile: TrafficProfile, where: string): void {
  const ratios: Array<[string, number]> = [
    ['successRatio', profile.successRatio],
    ['clientErrorRatio', profile.clientErrorRatio ?? 0],
  ];
  for (const [field, value] of ratios) {
    if (!(value >= 0 && value <= 1)) throw new ScenarioError(`${where}: ${field} ${value} is not in [0, 1]`);
  }
  if ((profile.clientErrorRatio ?? 0) > profile.successRatio + RESPONSE_SHARE_TOLERANCE) {
    throw new ScenarioError(
      `${where}: clientErrorRatio exceeds successRatio (4xx responses count as successes)`,
    );
  }
  if (!(profile.requestsPerSecond >= 0)) {
    throw new ScenarioError(`${where}: requestsPerSecond ${profile.requestsPerSecond} is negative`);
  }
  const total = profile.latency.reduce((sum, point) => sum + point.share, 0);
  if (profile.latency.length === 0 || Math.abs(total - 1) > RESPONSE_SHARE_TOLERANCE) {
    throw new ScenarioError(`${where}: latency shares sum to ${total}, not 1`);
  }
  for (const point of profile.latency) {
    if (!(point.ms >= 0) || !(point.share >= 0)) {
      throw new ScenarioError(`${where}: latency point ${JSON.stringify(point)} has a negative value`);
    }
  }
}

/** Response codes with their share of requests; zero shares are left out (Istio creates no series). */
function responseShares(traffic: WorkloadTraffic, profile: TrafficProfile): Array<[number, number]> {
  const clientErrors = profile.clientErrorRatio ?? 0;
  const shares: Array<[number, number]> = [
    [200, profile.successRatio - clientErrors],
    [traffic.clientErrorCode ?? 404, clientErrors],
    [traffic.serverErrorCode ?? 503, 1 - profile.successRatio],
  ];
  return shares.filter(([, share]) => share > RESPONSE_SHARE_TOLERANCE);
}

interface ActiveWindow {
  readonly first: number;
  readonly last: number;
}

function activeSteps(
  traffic: WorkloadTraffic,
  stepSeconds: number,
  steps: number,
  where: string,
): ActiveWindow {
  const from = traffic.fromSeconds ?? 0;
  const until = traffic.untilSeconds ?? steps * stepSeconds;
  if (from % stepSeconds !== 0 || until % stepSeconds !== 0 || from < 0 || until > steps * stepSeconds) {
    throw new ScenarioError(
      `${where}: fromSeconds (${from}) and untilSeconds (${until}) must be multiples of stepSeconds within the scenario`,
    );
  }
  if (until < from)
    throw new ScenarioError(`${where}: untilSeconds (${until}) is before fromSeconds (${from})`);
  return { first: from / stepSeconds, last: until / stepSeconds };
}

/** A counter: absent before the window, growing by `perStep` inside it, flat after it. */
function counterValues(perStep: number, window: ActiveWindow, steps: number): Array<number | undefined> {
  const values: Array<number | undefined> = [];
  for (let step = 0; step <= steps; step++) {
    values.push(step < window.first ? undefined : perStep * (Math.min(step, window.last) - window.first));
  }
  return values;
}

function shareAtOrBelow(latency: readonly LatencyPoint[], le: number): number {
  // Exactly 1 once every request fits, so that the bucket equals `+Inf` despite float rounding.
  if (latency.every((point) => point.ms <= le)) return 1;
  return latency.filter((point) => point.ms <= le).reduce((sum, point) => sum + point.share, 0);
}

function meanMs(latency: readonly LatencyPoint[]): number {
  return latency.reduce((sum, point) => sum + point.ms * point.share, 0);
}
