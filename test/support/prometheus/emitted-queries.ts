/**
 * Every PromQL expression in a set of manifests, with where it is: MetricTemplate queries rendered
 * the way Flagger renders them for each Canary metric that references them, PrometheusRule
 * expressions, and the `expr` of every target of a Grafana dashboard ConfigMap.
 *
 * Facts used (Flagger docs and scheduler): a Canary metric's `templateRef.namespace` defaults to the
 * Canary's namespace; `service` is `spec.service.name`, else the target name; `interval` is the
 * metric's `interval`; `variables` are its `templateVariables`.
 */
import type { KubeManifest } from '../../../lib';
import { describeObject } from '../../../lib';
import { renderFlaggerTemplate, type FlaggerTemplateModel } from '../../../lib/promql';

/** One PromQL expression found in the output. */
export interface EmittedQuery {
  /** What emits it. */
  readonly source: 'metric-template' | 'alert' | 'dashboard';
  /** Object and path, e.g. `PrometheusRule shop/checkout-canary-alerts spec.groups[0].rules[1].expr`. */
  readonly where: string;
  /** The expression as Prometheus receives it (after Flagger's substitution for MetricTemplates). */
  readonly query: string;
  /** For alerts, the alert name; for dashboards, the target's legend; for templates, the Canary metric name. */
  readonly label: string;
}

/** The queries, and the problems that prevented finding some of them (e.g. a failed render). */
export interface EmittedQueries {
  /** Every expression found. */
  readonly queries: readonly EmittedQuery[];
  /** Problems, each naming its object and path. */
  readonly problems: readonly string[];
}

interface CanaryMetric {
  name: string;
  interval?: string;
  templateRef?: { name: string; namespace?: string };
  templateVariables?: Record<string, string>;
}

/** Grafana's built-in interval variables, replaced by a window before parsing. */
const GRAFANA_INTERVALS = /\$\{?__(rate_interval|interval|range)\}?/g;

/** Collects every PromQL expression the manifests carry. */
export function emittedQueries(manifests: readonly KubeManifest[]): EmittedQueries {
  const queries: EmittedQuery[] = [];
  const problems: string[] = [];
  for (const manifest of manifests) {
    if (manifest.kind === 'MetricTemplate') metricTemplateQueries(manifest, manifests, queries, problems);
    if (manifest.kind === 'PrometheusRule') alertQueries(manifest, queries);
    if (manifest.kind === 'ConfigMap') dashboardQueries(manifest, queries, problems);
  }
  return { queries, problems };
}

function metricTemplateQueries(
  template: KubeManifest,
  manifests: readonly KubeManifest[],
  queries: EmittedQuery[],
  problems: string[],
): void {
  const where = `${describeObject(template)} spec.query`;
  const query = (template.spec as { query?: string }).query ?? '';
  let referenced = false;
  for (const canary of manifests.filter((m) => m.kind === 'Canary')) {
    const spec = canary.spec as {
      targetRef: { name: string };
      service?: { name?: string };
      ingressRef?: { name?: string };
      analysis?: { metrics?: CanaryMetric[] };
    };
    const namespace = canary.metadata.namespace ?? 'default';
    (spec.analysis?.metrics ?? []).forEach((metric, index) => {
      const ref = metric.templateRef;
      if (
        !ref ||
        ref.name !== template.metadata.name ||
        (ref.namespace ?? namespace) !== template.metadata.namespace
      ) {
        return;
      }
      referenced = true;
      const model: FlaggerTemplateModel = {
        name: canary.metadata.name,
        namespace,
        target: spec.targetRef.name,
        service: spec.service?.name ?? spec.targetRef.name,
        ingress: spec.ingressRef?.name ?? '',
        interval: metric.interval,
        variables: metric.templateVariables ?? {},
      };
      const rendered = renderFlaggerTemplate(query, model);
      const by = `${describeObject(canary)} spec.analysis.metrics[${index}]`;
      if (rendered.ok) {
        queries.push({
          source: 'metric-template',
          where: `${where} (for ${by})`,
          query: rendered.query,
          label: metric.name,
        });
      } else {
        problems.push(...rendered.errors.map((error) => `${where} rendered for ${by}: ${error.message}`));
      }
    });
  }
  if (!referenced) problems.push(`${where}: no Canary metric references this MetricTemplate`);
}

function alertQueries(rule: KubeManifest, queries: EmittedQuery[]): void {
  const groups = (
    rule.spec as { groups?: Array<{ rules?: Array<{ alert?: string; record?: string; expr: string }> }> }
  ).groups;
  (groups ?? []).forEach((group, g) =>
    (group.rules ?? []).forEach((one, r) =>
      queries.push({
        source: 'alert',
        where: `${describeObject(rule)} spec.groups[${g}].rules[${r}].expr`,
        query: String(one.expr),
        label: one.alert ?? one.record ?? '',
      }),
    ),
  );
}

interface PanelLike {
  panels?: PanelLike[];
  targets?: Array<{ expr?: string; legendFormat?: string }>;
}

function dashboardQueries(configMap: KubeManifest, queries: EmittedQuery[], problems: string[]): void {
  const data = (configMap.data ?? {}) as Record<string, string>;
  for (const [key, text] of Object.entries(data)) {
    if (!key.endsWith('.json')) continue;
    const at = `${describeObject(configMap)} data[${JSON.stringify(key)}]`;
    let model: PanelLike;
    try {
      model = JSON.parse(text) as PanelLike;
    } catch (error) {
      problems.push(`${at}: not JSON (${(error as Error).message})`);
      continue;
    }
    const visit = (panels: PanelLike[] | undefined, path: string): void =>
      (panels ?? []).forEach((panel, p) => {
        (panel.targets ?? []).forEach((target, t) => {
          if (target.expr === undefined) return;
          queries.push({
            source: 'dashboard',
            where: `${at} ${path}[${p}].targets[${t}].expr`,
            query: target.expr.replace(GRAFANA_INTERVALS, '1m'),
            label: target.legendFormat ?? '',
          });
        });
        visit(panel.panels, `${path}[${p}].panels`);
      });
    visit(model.panels, 'panels');
  }
}
