import { lineAndColumn, parsePromQL } from '../promql/parse';
import { FLAGGER_TEMPLATE_FUNCTIONS } from '../promql/flagger-template';
import type { SchemaIssue } from './finding';
import type { PathSegment } from './json-path';

/**
 * PromQL syntax checks of the queries in hand-written monitoring objects: Flagger MetricTemplates
 * (`spec.query` when the provider is Prometheus), prometheus-operator PrometheusRules
 * (`spec.groups[].rules[].expr`) and Argo Rollouts (Cluster)AnalysisTemplates
 * (`spec.metrics[].provider.prometheus.query`). Template actions (`{{ interval }}`,
 * `{{ variables.x }}`, `{{args.x}}`) are replaced by sample values first, as the controllers would
 * replace them, so only the PromQL around them is judged. Errors name the position in the query as
 * written (`line:column`), not in the substituted text.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Flagger's providers other than Prometheus; any other `provider.type` (or none) is queried with
 * PromQL (fluxcd/flagger `pkg/metrics/providers/factory.go`: `default: return NewPrometheusProvider`).
 */
const NON_PROMETHEUS_PROVIDERS = new Set([
  'datadog',
  'cloudwatch',
  'newrelic',
  'graphite',
  'stackdriver',
  'influxdb',
  'dynatrace',
  'keptn',
  'splunk',
]);

/** Sample values of Flagger's template functions (`lib/promql/flagger-template.ts`). */
const FLAGGER_SAMPLES: Readonly<Record<string, string>> = {
  name: 'sample',
  namespace: 'sample',
  target: 'sample',
  service: 'sample',
  ingress: 'sample',
  interval: '1m',
};

/** A query with its template actions substituted, and where each substituted piece came from. */
interface Substituted {
  readonly text: string;
  /** [offset in text, offset in the original] at the start of each piece, ascending. */
  readonly pieces: readonly (readonly [number, number])[];
}

/**
 * A sample value for an action whose value canary-kit cannot know (`{{ variables.x }}`, `{{args.x}}`),
 * chosen to be valid where it stands: a duration inside `[...]`, text inside a string, a name next to
 * a name, a number elsewhere.
 */
function sampleFor(before: string, after: string): string {
  const quotes = (before.match(/(?<!\\)["'`]/g) ?? []).length;
  if (quotes % 2 === 1) return 'sample';
  if (/\[[^\]]*$/.test(before)) return '1m';
  if (/[A-Za-z0-9_:]$/.test(before) || /^[A-Za-z0-9_:{]/.test(after)) return 'sample';
  return '1';
}

function substitute(query: string, valueOf: (action: string) => string | undefined): Substituted {
  const pieces: [number, number][] = [[0, 0]];
  let text = '';
  let cursor = 0;
  const pattern = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
  for (let match = pattern.exec(query); match; match = pattern.exec(query)) {
    text += query.slice(cursor, match.index);
    pieces.push([text.length, match.index]);
    const known = valueOf(match[1]);
    text += known ?? sampleFor(text, query.slice(match.index + match[0].length));
    cursor = match.index + match[0].length;
    pieces.push([text.length, cursor]);
  }
  text += query.slice(cursor);
  return { text, pieces };
}

function originalOffset(substituted: Substituted, offset: number): number {
  let result = 0;
  for (const [at, original] of substituted.pieces) {
    if (at > offset) break;
    result = original + (offset - at);
  }
  return result;
}

/** The syntax errors of one query at `path`, positions in the query as written. */
function checkQuery(
  query: unknown,
  path: readonly PathSegment[],
  valueOf: (action: string) => string | undefined,
  issues: SchemaIssue[],
): void {
  if (typeof query !== 'string') return;
  const substituted = substitute(query, valueOf);
  const result = parsePromQL(substituted.text);
  if (result.ok) return;
  const [first] = result.errors;
  const from = originalOffset(substituted, first.from);
  const detail = first.message
    .replace(/^syntax error at \d+:\d+: /, '')
    .replace(/^empty query: .*/, 'the query is empty');
  const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : '';
  issues.push({
    path,
    code: 'invalid-value',
    message: `PromQL syntax error at ${lineAndColumn(query, from)} of the query: ${detail}${more}; Prometheus would reject this query`,
  });
}

function flaggerValue(action: string): string | undefined {
  if ((FLAGGER_TEMPLATE_FUNCTIONS as readonly string[]).includes(action)) return FLAGGER_SAMPLES[action];
  return undefined;
}

/** The PromQL syntax issues of one object; none for objects that hold no PromQL. */
export function promqlIssues(
  object: Record<string, unknown>,
  apiVersion: string,
  kind: string,
): SchemaIssue[] {
  const group = apiVersion.split('/')[0];
  const spec = object.spec;
  if (!isRecord(spec)) return [];
  const issues: SchemaIssue[] = [];
  if (group === 'flagger.app' && kind === 'MetricTemplate') {
    const provider = isRecord(spec.provider) ? spec.provider.type : undefined;
    if (typeof provider !== 'string' || !NON_PROMETHEUS_PROVIDERS.has(provider)) {
      checkQuery(spec.query, ['spec', 'query'], flaggerValue, issues);
    }
  } else if (group === 'monitoring.coreos.com' && kind === 'PrometheusRule' && Array.isArray(spec.groups)) {
    spec.groups.forEach((ruleGroup: unknown, g) => {
      if (!isRecord(ruleGroup) || !Array.isArray(ruleGroup.rules)) return;
      ruleGroup.rules.forEach((rule: unknown, r) => {
        // Alert templates ({{ $labels.x }}) live in annotations; `expr` has none, so nothing is substituted.
        if (isRecord(rule))
          checkQuery(rule.expr, ['spec', 'groups', g, 'rules', r, 'expr'], () => undefined, issues);
      });
    });
  } else if (
    group === 'argoproj.io' &&
    (kind === 'AnalysisTemplate' || kind === 'ClusterAnalysisTemplate') &&
    Array.isArray(spec.metrics)
  ) {
    spec.metrics.forEach((metric: unknown, m) => {
      const prometheus =
        isRecord(metric) && isRecord(metric.provider) ? metric.provider.prometheus : undefined;
      if (isRecord(prometheus)) {
        checkQuery(
          prometheus.query,
          ['spec', 'metrics', m, 'provider', 'prometheus', 'query'],
          () => undefined,
          issues,
        );
      }
    });
  }
  return issues;
}
