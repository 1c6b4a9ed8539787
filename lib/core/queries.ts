import { CanaryPlan } from './plan';
import { CANARY_VERSION, STABLE_VERSION } from './names';

/**
 * PromQL for the canary's golden signals, built once from the plan so that MetricTemplates,
 * alerts, the dashboard and the gate all select the same workloads.
 *
 * Istio's standard metrics carry `destination_workload` (the Deployment's name) and
 * `destination_version` (the pod's `version` label); both the source and the destination proxy
 * report each request, so every selector pins `reporter="destination"` to count it once.
 */

/** Which side of the comparison a query selects. */
export type Track = 'canary' | 'stable';

/** Label matchers (without braces) that select one track's requests. */
export type Selector = string;

/** Where the label values come from: literal values, or Flagger's template variables. */
export interface SelectorContext {
  /** Namespace value: a literal or `{{ namespace }}`. */
  readonly namespace: string;
  /** Canary workload value: a literal or `{{ target }}`. */
  readonly target: string;
}

/** Flagger's template variables, for MetricTemplates (Flagger substitutes them at each check). */
export const FLAGGER_CONTEXT: SelectorContext = { namespace: '{{ namespace }}', target: '{{ target }}' };

/** The literal context of a plan, for alerts, the dashboard and the gate. */
export function literalContext(plan: CanaryPlan): SelectorContext {
  return { namespace: plan.names.namespace, target: plan.names.name };
}

/**
 * Label matchers for a track.
 * - flagger: the canary is the target Deployment itself (`<name>`), the stable is `<name>-primary`.
 * - mesh: one Service, two subsets told apart by the `version` label.
 */
export function selector(
  plan: CanaryPlan,
  track: Track,
  context: SelectorContext = literalContext(plan),
): Selector {
  const base = `reporter="destination",destination_workload_namespace="${context.namespace}"`;
  if (plan.mode === 'flagger') {
    const workload = track === 'canary' ? context.target : `${context.target}-primary`;
    return `${base},destination_workload="${workload}"`;
  }
  const version = track === 'canary' ? CANARY_VERSION : STABLE_VERSION;
  return `${base},destination_service_name="${plan.names.name}",destination_version="${version}"`;
}

/** Requests per second over the window. */
export function requestRate(sel: Selector, window: string): string {
  return `sum(rate(istio_requests_total{${sel}}[${window}]))`;
}

/** Requests in the window (for the minimum-requests guard). */
export function requestCount(sel: Selector, window: string): string {
  return `sum(increase(istio_requests_total{${sel}}[${window}]))`;
}

/**
 * Share of non-5xx responses, in percent (the SUCCESS rate: 98 means 2% errors). A track that
 * answers only 5xx has no non-5xx series at all; `or on() vector(0)` makes it read 0, not "no
 * data", while a track with no requests at all still reads no data (the denominator is empty).
 */
export function successRate(sel: Selector, window: string): string {
  return `(sum(rate(istio_requests_total{${sel},response_code!~"5.."}[${window}])) or on() vector(0)) / sum(rate(istio_requests_total{${sel}}[${window}])) * 100`;
}

/**
 * The canary weight that Flagger reports for its target: Flagger's gauge `flagger_canary_weight`
 * is labelled by `workload` (the target for the canary's share, `<target>-primary` for the
 * primary's) and `namespace` (fluxcd/flagger v1.44.0 pkg/metrics/recorder.go:
 * `[]string{"workload", "namespace"}`). A scrape that sets its own `namespace` target label without
 * `honorLabels` renames Flagger's to `exported_namespace`: the Flagger chart's ServiceMonitor does
 * (charts/flagger/templates/servicemonitor.yaml, `honorLabels` from values.yaml, default false), as
 * does every kubernetes-pods scrape job that copies the pod's namespace. Both forms are matched;
 * `exported_namespace=""` keeps a series of another namespace's Canary, scraped from a Flagger
 * running in this namespace, out of the first form.
 */
export function flaggerCanaryWeight(plan: CanaryPlan): string {
  const workload = `workload="${plan.names.name}"`;
  const namespace = plan.names.namespace;
  return `max(flagger_canary_weight{${workload},namespace="${namespace}",exported_namespace=""} or flagger_canary_weight{${workload},exported_namespace="${namespace}"})`;
}

/** 99th percentile latency in milliseconds, from Istio's request duration histogram. */
export function p99Latency(sel: Selector, window: string): string {
  return `histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${sel}}[${window}])))`;
}

/** Canary p99 divided by stable p99. */
export function latencyRatio(canary: Selector, stable: Selector, window: string): string {
  return `(${p99Latency(canary, window)}) / (${p99Latency(stable, window)})`;
}
