/**
 * Custom metrics (`slo.metrics`): one query and one threshold for the Flagger check or the gate
 * check, the alert and the dashboard panel. The query is a Flagger MetricTemplate query; Flagger
 * renders it as a Go template whose functions are `namespace`, `target`, `interval`, `variables`...
 * (fluxcd/flagger v1.44.0 pkg/metrics/observers/render.go), and canary-kit renders it the same
 * way (`lib/promql/flagger-template.ts`) with literal values for alerts, panels and the gate.
 */
import { parser } from '@prometheus-io/lezer-promql';
import { CustomMetricSpec, RoutingMode } from './spec';
import { renderFlaggerTemplate } from '../promql/flagger-template';
import { CANARY_VERSION } from './names';

/** A custom metric with every default applied. */
export interface CustomMetricPlan {
  /** Name of the check, e.g. `error-budget`. */
  readonly name: string;
  /** The query as written (Flagger template). */
  readonly query: string;
  /** Values of `{{ variables.<key> }}`. */
  readonly templateVariables: Readonly<Record<string, string>>;
  /** Lowest acceptable value. */
  readonly min: number | undefined;
  /** Highest acceptable value. */
  readonly max: number | undefined;
  /** Window of the query. */
  readonly interval: string;
  /** Whether a breach fails the analysis. */
  readonly gating: boolean;
  /** Grafana unit. */
  readonly unit: string;
}

/** Names of canary-kit's built-in checks, which a custom metric cannot take. */
export const BUILT_IN_METRIC_NAMES: readonly string[] = ['success-rate', 'latency-p99', 'latency-ratio'];

/**
 * Names Flagger treats as its own built-in checks whatever the metric says: it runs its own
 * query for a metric named `request-success-rate` or `request-duration`
 * (fluxcd/flagger v1.44.0 pkg/controller/scheduler_metrics.go, `runBuiltinMetricChecks`).
 */
export const FLAGGER_BUILT_IN_METRIC_NAMES: readonly string[] = ['request-success-rate', 'request-duration'];

/** Resolves the spec's custom metrics, in the spec's order. */
export function resolveCustomMetrics(
  metrics: readonly CustomMetricSpec[] | undefined,
  window: string,
): CustomMetricPlan[] {
  return (metrics ?? []).map((m) => ({
    name: m.name,
    query: m.query,
    templateVariables: m.templateVariables ?? {},
    min: m.min,
    max: m.max,
    interval: m.interval ?? window,
    gating: m.gating ?? true,
    unit: m.unit ?? 'none',
  }));
}

/** The literal values a query is rendered with outside Flagger (alerts, panels, the gate). */
export interface LiteralModel {
  readonly namespace: string;
  /** The canary Deployment (`flagger`) or the service (`mesh`): what `{{ target }}` stands for. */
  readonly target: string;
}

/**
 * The query with Flagger's variables replaced by literal values, as Flagger would render it for
 * this canary; `undefined` when the template does not render (validation reports why).
 */
export function literalQuery(metric: CustomMetricPlan, model: LiteralModel): string | undefined {
  const rendered = renderFlaggerTemplate(metric.query, {
    name: model.target,
    namespace: model.namespace,
    target: model.target,
    service: model.target,
    interval: metric.interval,
    variables: metric.templateVariables,
  });
  return rendered.ok ? rendered.query : undefined;
}

/** A label matcher of a rendered query. */
interface Matcher {
  readonly label: string;
  readonly op: string;
  readonly value: string;
}

function unquote(literal: string): string {
  const body = literal.slice(1, -1);
  if (literal.startsWith('`')) return body;
  return body.replace(/\\(.)/g, '$1');
}

/** Every label matcher of a (syntactically valid) PromQL query. */
export function labelMatchers(query: string): Matcher[] {
  const found: Matcher[] = [];
  parser.parse(query).iterate({
    enter(node) {
      if (node.type.name !== 'UnquotedLabelMatcher' && node.type.name !== 'QuotedLabelMatcher') return;
      const label = node.node.getChild('LabelName') ?? node.node.getChild('QuotedLabelName');
      const op = node.node.getChild('MatchOp');
      const values = node.node.getChildren('StringLiteral');
      const value = values[values.length - 1];
      if (!label || !op || !value) return;
      const labelText = query.slice(label.from, label.to);
      found.push({
        label: label.type.name === 'QuotedLabelName' ? unquote(labelText) : labelText,
        op: query.slice(op.from, op.to),
        value: unquote(query.slice(value.from, value.to)),
      });
    },
  });
  return found;
}

function fullMatch(pattern: string, text: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(text);
  } catch {
    return false;
  }
}

/** Sentinel target used to see whether a query selects the canary through `{{ target }}`. */
export const TARGET_SENTINEL = 'canarykitsentineltarget';

/**
 * Whether a query, rendered with `TARGET_SENTINEL` as `{{ target }}` (flagger) or literally
 * (mesh), selects the canary:
 * - `flagger`: a positive matcher (`=`, `=~`) whose value uses `{{ target }}` and does not select
 *   only the primary (`{{ target }}-primary`);
 * - `mesh`: a positive matcher on `destination_version` or `version` that matches `canary` and
 *   not `stable`.
 */
export function selectsCanary(mode: RoutingMode, renderedQuery: string): boolean {
  const matchers = labelMatchers(renderedQuery);
  if (mode === 'flagger') {
    return matchers.some(
      (m) =>
        (m.op === '=' || m.op === '=~') &&
        m.value.includes(TARGET_SENTINEL) &&
        m.value !== `${TARGET_SENTINEL}-primary`,
    );
  }
  return matchers.some(
    (m) =>
      (m.label === 'destination_version' || m.label === 'version') &&
      ((m.op === '=' && m.value === CANARY_VERSION) ||
        (m.op === '=~' && fullMatch(m.value, CANARY_VERSION) && !fullMatch(m.value, 'stable'))),
  );
}
