import { CanaryPlan } from './plan';
import { customMetricAlerts } from './custom-metric-alerts';
import { flaggerFailedAlert } from './flagger-status-alert';
import {
  flaggerCanaryWeight,
  latencyRatio,
  p99Latency,
  requestCount,
  requestRate,
  selector,
  successRate,
} from './queries';

/** One alerting rule, in the PrometheusRule's wire format. */
export interface AlertRule {
  /** Alert name, e.g. `CanaryHighErrorRate`. */
  readonly alert: string;
  /** The PromQL condition. */
  readonly expr: string;
  /** How long the condition must hold. */
  readonly for: string;
  /** `severity` and the service it is about. */
  readonly labels: Readonly<Record<string, string>>;
  /** `summary` and `description` for people. */
  readonly annotations: Readonly<Record<string, string>>;
}

/**
 * The canary alerts, from the same SLO numbers as the Flagger checks and the gate:
 * - `CanaryHighErrorRate`: canary success rate below `slo.successRatePercent` with at least
 *   `slo.minRequests` requests in the window (fewer requests prove nothing either way);
 * - `CanaryHighLatency`: canary p99 above `slo.p99LatencyMs`, same request guard;
 * - `CanaryLatencyRegression` (with `slo.maxLatencyRatio`): canary p99 over stable p99 above it;
 * - `CanaryNoTraffic`: the stable track serves traffic while the canary, which should get a
 *   share, gets none (a subset whose labels select no pod, a broken route). In `mesh` mode it is
 *   emitted only while the canary share is above 0; in `flagger` mode it applies while Flagger
 *   reports a canary weight above 0 (`flagger_canary_weight`);
 * - `CanaryIstioMetricsAbsent`: neither track has a single `istio_requests_total` series. Every
 *   other alert reads that metric, so when Prometheus does not scrape the Envoy sidecars they stay
 *   silent forever; this one says so (or that the service got no request since its pods started:
 *   Envoy keeps a counter series for as long as the pod lives, so an idle service does not fire).
 */
export function alertRules(plan: CanaryPlan): AlertRule[] {
  const window = plan.slo.window;
  const canary = selector(plan, 'canary');
  const stable = selector(plan, 'stable');
  const enough = `on() (${requestCount(canary, window)}) >= ${plan.slo.minRequests}`;
  const service = { canary_service: plan.names.name, namespace: plan.names.namespace };
  const who = `${plan.names.namespace}/${plan.names.name}`;
  const rules: AlertRule[] = [
    {
      alert: 'CanaryHighErrorRate',
      expr: `(${successRate(canary, window)}) < ${plan.slo.successRatePercent} and ${enough}`,
      for: plan.observability.alertFor,
      labels: { severity: 'critical', ...service },
      annotations: {
        summary: `Canary of ${who} succeeds on less than ${plan.slo.successRatePercent}% of requests.`,
        description: `Canary success rate is {{ $value | humanize }}% over ${window} (SLO ${plan.slo.successRatePercent}%). Roll back: set the canary share to 0.`,
      },
    },
    {
      alert: 'CanaryHighLatency',
      expr: `(${p99Latency(canary, window)}) > ${plan.slo.p99LatencyMs} and ${enough}`,
      for: plan.observability.alertFor,
      labels: { severity: 'warning', ...service },
      annotations: {
        summary: `Canary of ${who} has a p99 latency above ${plan.slo.p99LatencyMs} ms.`,
        description: `Canary p99 latency is {{ $value | humanize }} ms over ${window} (SLO ${plan.slo.p99LatencyMs} ms).`,
      },
    },
  ];
  if (plan.slo.maxLatencyRatio !== undefined) {
    rules.push({
      alert: 'CanaryLatencyRegression',
      expr: `(${latencyRatio(canary, stable, window)}) > ${plan.slo.maxLatencyRatio} and ${enough}`,
      for: plan.observability.alertFor,
      labels: { severity: 'warning', ...service },
      annotations: {
        summary: `Canary of ${who} is more than ${plan.slo.maxLatencyRatio}x slower than stable at p99.`,
        description: `Canary p99 is {{ $value | humanize }}x the stable p99 over ${window} (limit ${plan.slo.maxLatencyRatio}x).`,
      },
    });
  }
  const noTraffic = noTrafficCondition(plan, canary, stable, window);
  if (noTraffic) {
    rules.push({
      alert: 'CanaryNoTraffic',
      expr: noTraffic,
      for: plan.observability.alertFor,
      labels: { severity: 'warning', ...service },
      annotations: {
        summary: `Canary of ${who} receives no traffic although it should.`,
        description:
          'Stable serves requests but the canary serves none: check that the canary pods are ready and that the DestinationRule subset labels match them.',
      },
    });
  }
  rules.push({
    alert: 'CanaryIstioMetricsAbsent',
    expr: istioMetricsAbsent(stable, canary),
    for: plan.observability.alertFor,
    labels: { severity: 'warning', ...service },
    annotations: {
      summary: `Prometheus has no Istio request metrics for ${who}, so its canary alerts cannot fire.`,
      description:
        'No istio_requests_total series for either track: check that Prometheus scrapes the Envoy sidecars (the merged metrics on port 15020, or a PodMonitor for istio-proxy) and that the pods are in the mesh.',
    },
  });
  return [...rules, ...flaggerFailedAlert(plan), ...customMetricAlerts(plan)].map((rule) => {
    const own = plan.observability.alertForByName.get(rule.alert);
    return own === undefined ? rule : { ...rule, for: own };
  });
}

/**
 * 1 when neither track has an `istio_requests_total` series. `absent` of an `or` (not of a bare
 * selector) returns an empty label set, so the alert carries only its own labels.
 */
function istioMetricsAbsent(stable: string, canary: string): string {
  return `absent(istio_requests_total{${stable}} or istio_requests_total{${canary}})`;
}

function noTrafficCondition(
  plan: CanaryPlan,
  canary: string,
  stable: string,
  window: string,
): string | undefined {
  const stableServes = `(${requestRate(stable, window)}) > 0`;
  const canaryServes = `(${requestRate(canary, window)}) > 0`;
  if (plan.mode === 'mesh') {
    return plan.traffic.canaryWeight > 0 ? `${stableServes} unless on() ${canaryServes}` : undefined;
  }
  const weight = `${flaggerCanaryWeight(plan)} > 0`;
  return `${stableServes} and on() (${weight}) unless on() ${canaryServes}`;
}
