/**
 * Behaviour cases for each alert canary-kit emits, generated from the spec's SLO: traffic that
 * must fire the alert and traffic that must not, as `promtool test rules` test files.
 *
 * The numbers follow the SLO so that a threshold off by a factor of ten fails a case: an error
 * rate of 2x and 10x the error budget must fire, 90% and half of the budget must not; a p99 of about twice
 * the SLO must fire and half of it must not; a canary several times slower than stable must fire
 * the ratio alert and an equally fast one must not. Every firing case also checks that nothing
 * fires before the rule's `for:` has elapsed, and the expected annotation text (with `$value`).
 *
 * The client sidecars (`reporter="source"`) always report a healthy, fast canary, so an
 * expression that forgets `reporter="destination"` mixes both views and fails the cases; decoy
 * workloads (same names in another namespace, another service's canary) fail half their requests
 * slowly, so an expression that forgets a namespace or service filter fails them too.
 */
import { durationSeconds } from './duration';
import { expectedHistogramQuantile } from './histogram';
import { humanize } from './humanize';
import type {
  ConstantGauge,
  LatencyPoint,
  TelemetryScenario,
  TrafficProfile,
  WorkloadTraffic,
} from './istio-telemetry';
import { buildPromtoolInputSeries } from './promtool-series';
import { trackTraffic, type Tracks } from './tracks';
import { decoyTraffic } from './two-track-traffic';

/** The SLO numbers the cases follow (as resolved from the spec, defaults applied). */
export interface SloNumbers {
  /** Lowest acceptable success rate, percent. */
  readonly successRatePercent: number;
  /** Highest acceptable p99, ms. */
  readonly p99LatencyMs: number;
  /** Highest acceptable canary/stable p99 ratio, if any. */
  readonly maxLatencyRatio?: number;
  /** Fewest canary requests in the window before an alert may fire. */
  readonly minRequests: number;
  /** Rate window, a Prometheus duration. */
  readonly window: string;
}

/** An alerting rule as emitted in a PrometheusRule. */
export interface AlertRuleWire {
  /** Alert name. */
  readonly alert: string;
  /** Condition. */
  readonly expr: string;
  /** Pending duration. */
  readonly for?: string;
  /** Labels added to the alert. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotation templates. */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** One behaviour case: a scenario and whether the alert must fire at its end. */
export interface AlertCase {
  /** Test title. */
  readonly title: string;
  /** The traffic. */
  readonly scenario: TelemetryScenario;
  /** Whether the alert must be firing at the end of the scenario. */
  readonly fires: boolean;
  /** The alert's `$value` when it fires (for the annotations). */
  readonly value?: number;
}

/** Scrape and evaluation interval of every case. */
export const STEP_SECONDS = 15;
/** Extra time after `window + for`, so a firing alert has certainly fired by the end. */
const MARGIN_SECONDS = 180;
const STABLE_RPS = 20;
/** Stable and healthy-canary latency, ms (p99 49.75 ms in Istio's buckets). */
const BASE_LATENCY_MS = 40;

/** Everything a case builder needs. */
export interface CaseContext {
  /** The canary and stable workloads. */
  readonly tracks: Tracks;
  /** The SLO. */
  readonly slo: SloNumbers;
  /** The rule's `for:`. */
  readonly forSeconds: number;
}

/**
 * Builds the cases of one alert, or undefined when there is no behaviour test for this alert name.
 * @param alertFor - the `for:` the spec asks for (not the rule's own, so a wrong `for:` fails a case)
 */
export function alertCases(
  rule: AlertRuleWire,
  tracks: Tracks,
  slo: SloNumbers,
  alertFor: string,
): AlertCase[] | undefined {
  const context: CaseContext = { tracks, slo, forSeconds: durationSeconds(alertFor) };
  switch (rule.alert) {
    case 'CanaryHighErrorRate':
      return errorRateCases(context);
    case 'CanaryHighLatency':
      return latencyCases(context);
    case 'CanaryLatencyRegression':
      return latencyRatioCases(context);
    case 'CanaryNoTraffic':
      return noTrafficCases(context);
    case 'CanaryIstioMetricsAbsent':
      return istioMetricsAbsentCases(context);
    default:
      return undefined;
  }
}

/**
 * The promtool test file for one case of one rule.
 * @param alertFor - the `for:` the spec asks for: a firing case must not fire before it elapsed
 */
export function promtoolAlertTest(
  rule: AlertRuleWire,
  testCase: AlertCase,
  alertFor: string,
): Record<string, unknown> {
  const forSeconds = durationSeconds(alertFor);
  const end = testCase.scenario.durationSeconds;
  const checks: Array<Record<string, unknown>> = [
    {
      eval_time: `${end}s`,
      alertname: rule.alert,
      exp_alerts: testCase.fires
        ? [
            {
              exp_labels: { ...(rule.labels ?? {}) },
              exp_annotations: renderAnnotations(rule.annotations ?? {}, testCase.value ?? NaN),
            },
          ]
        : [],
    },
  ];
  if (testCase.fires && forSeconds >= 2 * STEP_SECONDS) {
    // The condition can hold at the earliest from the second scrape: it has not held for `for:` yet.
    checks.push({ eval_time: `${forSeconds - STEP_SECONDS}s`, alertname: rule.alert, exp_alerts: [] });
  }
  return {
    evaluation_interval: `${STEP_SECONDS}s`,
    tests: [
      {
        interval: `${STEP_SECONDS}s`,
        input_series: buildPromtoolInputSeries(testCase.scenario),
        alert_rule_test: checks,
      },
    ],
  };
}

/** Annotation text as Prometheus renders it for `$value`; throws on templates it cannot predict. */
export function renderAnnotations(
  annotations: Readonly<Record<string, string>>,
  value: number,
): Record<string, string> {
  const rendered: Record<string, string> = {};
  for (const [key, template] of Object.entries(annotations)) {
    const text = template.replace(/\{\{\s*\$value\s*\|\s*humanize\s*\}\}/g, () => humanize(value));
    if (text.includes('{{')) throw new Error(`cannot predict annotation ${key}: ${JSON.stringify(template)}`);
    rendered[key] = text;
  }
  return rendered;
}

function errorRateCases(context: CaseContext): AlertCase[] {
  const { slo } = context;
  const budget = (100 - slo.successRatePercent) / 100;
  // With a 100% SLO any error fires: use 1% per unit of "budget".
  const errors = (times: number): number => Math.min(times * (budget > 0 ? budget : 0.01), 0.5);
  const fire = (title: string, errorShare: number): AlertCase => ({
    title,
    fires: true,
    value: (1 - errorShare) * 100,
    scenario: scenario(context, [canary(context, { successRatio: 1 - errorShare })]),
  });
  const withinBudget = slo.successRatePercent === 100 ? 0 : budget / 2;
  return [
    fire(
      `canary error rate ${pct(errors(10))} (10x the budget of SLO ${slo.successRatePercent}%) fires`,
      errors(10),
    ),
    fire(`canary error rate ${pct(errors(2))} (2x the budget) fires`, errors(2)),
    fire('a canary that fails every request fires', 1),
    {
      title: `canary error rate ${pct(withinBudget)} (half the budget) does not fire`,
      fires: false,
      scenario: scenario(context, [canary(context, { successRatio: 1 - withinBudget })]),
    },
    {
      // Not exactly the budget: at the boundary the ratio's float rounding decides (99.4999... < 99.5).
      title: `canary error rate ${pct(0.9 * budget)} (90% of the budget) does not fire`,
      fires: false,
      scenario: scenario(context, [canary(context, { successRatio: 1 - 0.9 * budget })]),
    },
    {
      title: `half the budget in 5xx plus 20% 4xx does not fire (4xx are successes)`,
      fires: false,
      scenario: scenario(context, [
        canary(context, { successRatio: 1 - withinBudget, clientErrorRatio: 0.2 }),
      ]),
    },
    {
      title: `10x the budget with ${0.6 * slo.minRequests} requests per window (< minRequests ${slo.minRequests}) does not fire`,
      fires: false,
      scenario: scenario(context, [
        canary(context, { successRatio: 1 - errors(10), requestsPerSecond: fewRps(context) }),
      ]),
    },
  ];
}

function latencyCases(context: CaseContext): AlertCase[] {
  const limit = context.slo.p99LatencyMs;
  const slow: LatencyPoint[] = [
    { ms: BASE_LATENCY_MS, share: 0.97 },
    { ms: 2 * limit, share: 0.03 },
  ];
  const fine: LatencyPoint[] = [{ ms: limit / 2, share: 1 }];
  const slowP99 = expectedHistogramQuantile(0.99, slow);
  const fineP99 = expectedHistogramQuantile(0.99, fine);
  assertCase(slowP99 > limit, `slow p99 ${slowP99} is not above the SLO ${limit}`);
  assertCase(fineP99 < limit, `fine p99 ${fineP99} is not below the SLO ${limit}`);
  return [
    {
      title: `canary p99 ${round(slowP99)} ms (SLO ${limit} ms) fires`,
      fires: true,
      value: slowP99,
      scenario: scenario(context, [canary(context, { latency: slow })]),
    },
    {
      title: `canary p99 ${round(fineP99)} ms does not fire`,
      fires: false,
      scenario: scenario(context, [canary(context, { latency: fine })]),
    },
    {
      title: `canary p99 ${round(slowP99)} ms with too few requests does not fire`,
      fires: false,
      scenario: scenario(context, [canary(context, { latency: slow, requestsPerSecond: fewRps(context) })]),
    },
  ];
}

function latencyRatioCases(context: CaseContext): AlertCase[] {
  const limit = context.slo.maxLatencyRatio;
  if (limit === undefined) throw new Error('CanaryLatencyRegression emitted without slo.maxLatencyRatio');
  const factor = limit < 1.8 ? 2 : Math.ceil(2 * limit);
  const slower: LatencyPoint[] = [{ ms: BASE_LATENCY_MS * factor, share: 1 }];
  const base: LatencyPoint[] = [{ ms: BASE_LATENCY_MS, share: 1 }];
  const ratio = expectedHistogramQuantile(0.99, slower) / expectedHistogramQuantile(0.99, base);
  assertCase(ratio > limit, `canary/stable p99 ratio ${ratio} is not above the limit ${limit}`);
  return [
    {
      title: `canary ${factor}x slower than stable (p99 ratio ${round(ratio)}, limit ${limit}) fires`,
      fires: true,
      value: ratio,
      scenario: scenario(context, [canary(context, { latency: slower })]),
    },
    {
      title: 'canary as fast as stable does not fire',
      fires: false,
      scenario: scenario(context, [canary(context, { latency: base })]),
    },
  ];
}

function noTrafficCases(context: CaseContext): AlertCase[] {
  const flagger = context.tracks.mode === 'flagger';
  const cases: AlertCase[] = [
    {
      title: 'stable serves, the canary has no series at all: fires after for:',
      fires: true,
      value: STABLE_RPS,
      scenario: scenario(context, [], flaggerWeight(context, 10)),
    },
    {
      title: 'stable serves, the canary served before but gets nothing now: fires',
      fires: true,
      value: STABLE_RPS,
      scenario: scenario(context, [canary(context, { untilSeconds: 0 })], flaggerWeight(context, 10)),
    },
    {
      title: 'the canary serves traffic: does not fire',
      fires: false,
      scenario: scenario(context, [canary(context, {})], flaggerWeight(context, 10)),
    },
  ];
  if (flagger) {
    cases.push({
      title: 'Flagger reports canary weight 0 (no analysis running): does not fire',
      fires: false,
      scenario: scenario(context, [], flaggerWeight(context, 0)),
    });
    cases.push({
      title:
        "Flagger scraped by its chart's ServiceMonitor (honorLabels: false, so namespace becomes exported_namespace): fires",
      fires: true,
      value: STABLE_RPS,
      scenario: scenario(
        context,
        [canary(context, { untilSeconds: 0 })],
        flaggerWeight(context, 10, 'flagger-system'),
      ),
    });
  }
  return cases;
}

function istioMetricsAbsentCases(context: CaseContext): AlertCase[] {
  const normal = scenario(context, [canary(context, {})]);
  return [
    {
      title: 'Prometheus has no Istio request series of either track (Envoy not scraped): fires',
      fires: true,
      value: 1,
      // Only the decoys of another namespace and service: their series must not hide the absence.
      scenario: {
        ...normal,
        workloads: normal.workloads.filter(
          (w) =>
            ![context.tracks.stable, context.tracks.canary].some(
              (track) => track.workload === w.workload && track.namespace === w.namespace,
            ),
        ),
      },
    },
    { title: 'both tracks report requests: does not fire', fires: false, scenario: normal },
    {
      title: 'only stable reports requests (no canary pods yet): does not fire',
      fires: false,
      scenario: scenario(context, []),
    },
  ];
}

/**
 * Flagger's `flagger_canary_weight` gauge, with the labels Flagger exposes: `workload` (the target,
 * or `<target>-primary`) and `namespace` (Flagger's metrics recorder `SetWeight`). With
 * `scrapedFrom`, as a scrape without `honorLabels` stores it: the target's namespace (Flagger's own)
 * in `namespace`, Flagger's label in `exported_namespace`.
 */
function flaggerWeight(context: CaseContext, canaryWeight: number, scrapedFrom?: string): ConstantGauge[] {
  if (context.tracks.mode !== 'flagger') return [];
  const { canary: c, stable: s } = context.tracks;
  const namespaces = (namespace: string): Record<string, string> =>
    scrapedFrom === undefined ? { namespace } : { namespace: scrapedFrom, exported_namespace: namespace };
  return [
    {
      name: 'flagger_canary_weight',
      labels: { workload: c.workload, ...namespaces(c.namespace) },
      value: canaryWeight,
    },
    {
      name: 'flagger_canary_weight',
      labels: { workload: s.workload, ...namespaces(s.namespace) },
      value: 100 - canaryWeight,
    },
  ];
}

/** Enough canary requests: four times `minRequests` per window. */
function enoughRps(context: CaseContext): number {
  return Math.ceil((4 * context.slo.minRequests) / durationSeconds(context.slo.window));
}

/** Too few canary requests: 60% of `minRequests` per window (120% if both reporters were counted). */
function fewRps(context: CaseContext): number {
  return (0.6 * context.slo.minRequests) / durationSeconds(context.slo.window);
}

function canary(context: CaseContext, overrides: Partial<WorkloadTraffic>): WorkloadTraffic {
  const healthy: TrafficProfile = {
    requestsPerSecond: enoughRps(context),
    successRatio: 1,
    latency: [{ ms: BASE_LATENCY_MS, share: 1 }],
  };
  return trackTraffic(context.tracks.canary, {
    ...healthy,
    sourceReporter: { ...healthy, clientErrorRatio: 0 },
    ...overrides,
  });
}

function scenario(
  context: CaseContext,
  canaries: WorkloadTraffic[],
  gauges: ConstantGauge[] = [],
): TelemetryScenario {
  const stable = trackTraffic(context.tracks.stable, {
    requestsPerSecond: STABLE_RPS,
    successRatio: 1,
    latency: [{ ms: BASE_LATENCY_MS, share: 1 }],
  });
  const length = durationSeconds(context.slo.window) + context.forSeconds + MARGIN_SECONDS;
  return {
    durationSeconds: Math.ceil(length / STEP_SECONDS) * STEP_SECONDS,
    stepSeconds: STEP_SECONDS,
    // Decoys in another namespace and another service: a selector that misses a filter reads them.
    workloads: [
      stable,
      ...canaries,
      ...decoyTraffic(context.tracks, `${context.tracks.canary.namespace}-decoy`),
    ],
    gauges,
  };
}

function assertCase(condition: boolean, message: string): void {
  if (!condition) throw new Error(`cannot build an alert case for this SLO: ${message}`);
}

function pct(share: number): string {
  return `${round(share * 100)}%`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
