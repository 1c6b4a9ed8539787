import { canonicalize } from '../canonical';
import { CanaryPlan } from '../plan';
import {
  flaggerCanaryWeight,
  latencyRatio,
  p99Latency,
  requestRate,
  selector,
  successRate,
} from '../queries';
import { objectMeta, RenderedResource } from './resource';
import { customMetricPanels } from './custom-metric-panels';

/** Label that Grafana's dashboard sidecar watches for. */
export const GRAFANA_DASHBOARD_LABEL = 'grafana_dashboard';

interface Target {
  readonly expr: string;
  readonly legendFormat: string;
}

interface Threshold {
  /** The SLO value drawn as a line. */
  readonly value: number;
  /** Whether values above (`max`) or below (`min`) the line are bad. */
  readonly bad: 'above' | 'below';
}

/** A short, deterministic Grafana uid (at most 40 characters) for a namespace/name pair. */
export function dashboardUid(namespace: string, name: string): string {
  const full = `ck-${namespace}-${name}`;
  if (full.length <= 40) return full;
  let hash = 0x811c9dc5;
  for (const char of full) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return `${full.slice(0, 31)}-${hash.toString(16).padStart(8, '0')}`;
}

function panel(
  id: number,
  title: string,
  unit: string,
  targets: Target[],
  threshold?: Threshold,
): Record<string, unknown> {
  const steps = threshold
    ? threshold.bad === 'above'
      ? [
          { color: 'green', value: null },
          { color: 'red', value: threshold.value },
        ]
      : [
          { color: 'red', value: null },
          { color: 'green', value: threshold.value },
        ]
    : [{ color: 'green', value: null }];
  return {
    id,
    type: 'timeseries',
    title,
    datasource: { type: 'prometheus', uid: '${datasource}' },
    gridPos: { h: 8, w: 12, x: ((id - 1) % 2) * 12, y: Math.floor((id - 1) / 2) * 8 },
    fieldConfig: {
      defaults: {
        unit,
        thresholds: { mode: 'absolute', steps },
        custom: { thresholdsStyle: { mode: threshold ? 'line' : 'off' } },
      },
      overrides: [],
    },
    targets: targets.map((target, index) => ({
      refId: String.fromCharCode(65 + index),
      expr: target.expr,
      legendFormat: target.legendFormat,
    })),
  };
}

/**
 * The panels: request rate, success rate and p99 latency of canary and stable with the SLO drawn
 * as a threshold line, the latency ratio when the SLO has one, the canary's share of traffic, the
 * requests of each track by response code, then one panel per custom metric.
 */
export function dashboardPanels(plan: CanaryPlan): Record<string, unknown>[] {
  const w = plan.slo.window;
  const canary = selector(plan, 'canary');
  const stable = selector(plan, 'stable');
  const tracks = (build: (sel: string) => string): Target[] => [
    { expr: build(canary), legendFormat: 'canary' },
    { expr: build(stable), legendFormat: plan.mode === 'flagger' ? 'primary' : 'stable' },
  ];
  const panels = [
    panel(
      1,
      'Requests per second',
      'reqps',
      tracks((sel) => requestRate(sel, w)),
    ),
    panel(
      2,
      'Success rate',
      'percent',
      tracks((sel) => successRate(sel, w)),
      { value: plan.slo.successRatePercent, bad: 'below' },
    ),
    panel(
      3,
      'p99 latency',
      'ms',
      tracks((sel) => p99Latency(sel, w)),
      { value: plan.slo.p99LatencyMs, bad: 'above' },
    ),
  ];
  const share =
    plan.mode === 'flagger'
      ? flaggerCanaryWeight(plan)
      : `(${requestRate(canary, w)}) / ((${requestRate(canary, w)}) + (${requestRate(stable, w)})) * 100`;
  panels.push(
    panel(4, plan.mode === 'flagger' ? 'Canary weight (Flagger)' : 'Canary share of requests', 'percent', [
      { expr: share, legendFormat: 'canary' },
    ]),
  );
  if (plan.slo.maxLatencyRatio !== undefined) {
    panels.push(
      panel(
        5,
        'p99 latency, canary / stable',
        'none',
        [{ expr: latencyRatio(canary, stable, w), legendFormat: 'ratio' }],
        {
          value: plan.slo.maxLatencyRatio,
          bad: 'above',
        },
      ),
    );
  }
  // The breakdown of the seeds' dashboard ("Response Code Distribution": requests per second
  // by response_code and track), with the same selectors as every other panel.
  panels.push(
    panel(panels.length + 1, 'Requests per second by response code', 'reqps', [
      {
        expr: `sum by (response_code) (rate(istio_requests_total{${canary}}[${w}]))`,
        legendFormat: 'canary {{response_code}}',
      },
      {
        expr: `sum by (response_code) (rate(istio_requests_total{${stable}}[${w}]))`,
        legendFormat: `${plan.mode === 'flagger' ? 'primary' : 'stable'} {{response_code}}`,
      },
    ]),
  );
  panels.push(...customMetricPanels(plan, panels.length + 1));
  return panels;
}

/** The Grafana dashboard JSON model (deterministic: no ids or versions that change). */
export function dashboardModel(plan: CanaryPlan): Record<string, unknown> {
  return {
    uid: dashboardUid(plan.names.namespace, plan.names.name),
    title: `Canary: ${plan.names.namespace}/${plan.names.name}`,
    tags: ['canary-kit', plan.mode],
    editable: false,
    schemaVersion: 39,
    time: { from: 'now-1h', to: 'now' },
    refresh: '30s',
    templating: {
      list: [{ name: 'datasource', type: 'datasource', query: 'prometheus', label: 'Prometheus' }],
    },
    panels: dashboardPanels(plan),
  };
}

/**
 * The data key (the file name) of the dashboard, unique per namespace: `<namespace>.<name>-canary.json`.
 * Grafana's dashboard sidecar writes every data key of every labelled ConfigMap as a file of that
 * name into one folder (kiwigrid/k8s-sidecar src/resources.py, `_update_file`: the file name is the
 * data key unless UNIQUE_FILENAMES is set), and the usual installs search all namespaces
 * (`sidecar.dashboards.searchNamespace: ALL`), so two services of the same name in two namespaces
 * would overwrite each other's dashboard. Namespaces and names are DNS labels, which never hold a
 * dot: the dot keeps every pair distinct.
 */
export function dashboardFileName(namespace: string, name: string): string {
  return `${namespace}.${name}-canary.json`;
}

/** The dashboard ConfigMap, labelled for Grafana's sidecar (`grafana_dashboard: "1"`). */
export function renderDashboard(plan: CanaryPlan): RenderedResource[] {
  if (!plan.observability.dashboard) return [];
  return [
    {
      id: 'dashboard',
      dependsOn: [],
      manifest: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: objectMeta(plan, plan.names.dashboard, { labels: { [GRAFANA_DASHBOARD_LABEL]: '1' } }),
        data: {
          [dashboardFileName(plan.names.namespace, plan.names.name)]:
            `${JSON.stringify(canonicalize(dashboardModel(plan)), null, 2)}\n`,
        },
      },
    },
  ];
}
