import { ModelObject } from '../model';
import { PathSegment } from '../path';
import { asArray, asRecord, asString } from '../read';
import { at, LintRule, RuleFinding } from '../rule';

/** Prometheus labels that name the workload (Deployment) a series belongs to. */
const WORKLOAD_LABELS = new Set(['destination_workload', 'workload', 'deployment', 'destination_app', 'app']);
const MATCHER = /([A-Za-z_][A-Za-z0-9_]*)\s*(=~|=)\s*"((?:[^"\\]|\\.)*)"/g;
const TARGET = /\{\{\s*target\s*\}\}/g;

/** What a workload matcher selects, relative to the Canary's target. */
type Selected = 'canary' | 'primary' | 'wrong-canary';

function classify(value: string, targets: readonly string[]): Selected[] {
  const found: Selected[] = [];
  const normalized = value.replace(TARGET, '\u0000');
  const names = ['\u0000', ...targets];
  for (const alternative of normalized.split('|')) {
    for (const t of names) {
      if (!alternative.startsWith(t)) continue;
      const rest = alternative.slice(t.length);
      if (rest.startsWith('-canary')) found.push('wrong-canary');
      else if (rest.startsWith('-primary')) found.push('primary');
      else if (rest === '' || rest === '.*' || rest.startsWith('-[') || rest === '$') found.push('canary');
    }
  }
  return found;
}

/** Checks one query; `targets` are the literal target names of the Canaries that use it. */
export function* checkQuery(
  object: ModelObject,
  path: readonly PathSegment[],
  query: string,
  targets: readonly string[],
): Generator<RuleFinding> {
  const selected: { label: string; value: string; what: Selected }[] = [];
  for (const m of query.matchAll(MATCHER)) {
    if (!WORKLOAD_LABELS.has(m[1])) continue;
    for (const what of classify(m[3], targets)) selected.push({ label: m[1], value: m[3], what });
  }
  const wrong = selected.find((s) => s.what === 'wrong-canary');
  if (wrong) {
    yield at(
      object,
      path,
      `the query selects ${wrong.label}="${wrong.value}", but Flagger's canary workload is the target Deployment itself ({{ target }}); "<target>-canary" is only the canary Service, no workload has that name, so the query returns no data and every check fails.`,
      `Select ${wrong.label}="${wrong.value.replace(/-canary/, '')}" for the canary (and "{{ target }}-primary" for the stable side of a comparison).`,
    );
    return;
  }
  const primary = selected.find((s) => s.what === 'primary');
  if (primary && !selected.some((s) => s.what === 'canary')) {
    yield at(
      object,
      path,
      `the query selects only ${primary.label}="${primary.value}", the primary (stable) workload: Flagger would judge the canary by the stable version's metrics.`,
      `Select ${primary.label}="${primary.value.replace(/-primary/, '')}" (the canary is the target itself); keep "-primary" only beside the canary selector in a comparison.`,
    );
  }
}

/**
 * Flagger MetricTemplate queries (and inline Canary queries) that select `<target>-canary` or only
 * `<target>-primary` as the workload under analysis. With Flagger the canary pods belong to the
 * target Deployment `<target>`; `<target>-primary` is the stable copy.
 */
export const metricTemplateWorkload: LintRule = {
  id: 'metric-template-workload',
  severity: 'error',
  summary:
    'A Flagger metric query selects <target>-canary (no such workload) or only <target>-primary as the canary.',
  *check(model) {
    const targets = new Map<string, string[]>();
    const inline: { object: ModelObject; path: PathSegment[]; query: string; target: string }[] = [];
    for (const canary of model.canaries) {
      asArray(canary.analysis.metrics).forEach((metric, i) => {
        const m = asRecord(metric);
        const ref = asRecord(m?.templateRef);
        const name = asString(ref?.name);
        if (name !== undefined) {
          const key = `${asString(ref?.namespace) ?? canary.namespace}/${name}`;
          targets.set(key, [...(targets.get(key) ?? []), canary.target]);
        }
        const query = asString(m?.query);
        if (query !== undefined) {
          const path = [...canary.analysisPath.split('.'), 'metrics', i, 'query'];
          inline.push({ object: canary.object, path, query, target: canary.target });
        }
      });
    }
    for (const [key, template] of model.metricTemplates) {
      if (template.query === undefined) continue;
      yield* checkQuery(template.object, ['spec', 'query'], template.query, targets.get(key) ?? []);
    }
    for (const c of inline) yield* checkQuery(c.object, c.path, c.query, [c.target]);
  },
};
