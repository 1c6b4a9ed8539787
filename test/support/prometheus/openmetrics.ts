/**
 * Renders a {@link TelemetryScenario} as OpenMetrics text for `promtool tsdb create-blocks-from
 * openmetrics`. Facts used (OpenMetrics 1.0): a counter family `x` has samples `x_total`; a
 * histogram's buckets, `_count` and `_sum` at one timestamp form one MetricPoint and are written
 * together; a series' MetricPoints are in increasing timestamp order; timestamps are in seconds; the
 * exposition ends with `# EOF`.
 */
import {
  planIstioSeries,
  type PlannedSeries,
  type TelemetryScenario,
  scenarioSteps,
} from './istio-telemetry';

/**
 * End of every backfilled scenario unless a test asks otherwise: 2024-01-01T00:00:00Z, in unix
 * seconds. Fixed, so that the OpenMetrics text (and every query result at this time) is the same on
 * every run, and long past, so that the backfilled blocks never overlap Prometheus' head block.
 */
export const FIXED_END_TIME_SECONDS = 1704067200;

/** Where the scenario sits in time. */
export interface OpenMetricsOptions {
  /**
   * Unix time, in seconds, of the scenario's last scrape; the first is `durationSeconds` earlier.
   * @default FIXED_END_TIME_SECONDS
   */
  readonly endTimeSeconds?: number;
}

/** Renders the scenario's series as OpenMetrics text ending with `# EOF`. Same input, same bytes. */
export function buildIstioOpenMetrics(scenario: TelemetryScenario, options: OpenMetricsOptions = {}): string {
  const end = options.endTimeSeconds ?? FIXED_END_TIME_SECONDS;
  const start = end - scenario.durationSeconds;
  const steps = scenarioSteps(scenario);
  const lines: string[] = [];
  for (const [family, groups] of groupByFamilyAndMetric(planIstioSeries(scenario))) {
    const kind = groups[0][0].kind;
    lines.push(`# TYPE ${kind === 'counter' ? family.replace(/_total$/, '') : family} ${kind}`);
    for (const group of groups) {
      for (let step = 0; step <= steps; step++) {
        const timestamp = start + step * scenario.stepSeconds;
        for (const series of group) {
          const value = series.values[step];
          if (value !== undefined) lines.push(sampleLine(series, value, timestamp));
        }
      }
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

/**
 * One OpenMetrics sample line. Label values are escaped (`\\`, `\"`, `\n`); values and timestamps
 * use JavaScript's shortest round-trip form, which Prometheus parses exactly.
 */
export function sampleLine(
  series: Pick<PlannedSeries, 'name' | 'labels'>,
  value: number,
  timestampSeconds?: number,
): string {
  const labels = series.labels
    .map(([name, labelValue]) => `${name}="${escapeLabelValue(labelValue)}"`)
    .join(',');
  const time = timestampSeconds === undefined ? '' : ` ${timestampSeconds}`;
  return `${series.name}{${labels}} ${formatSampleValue(value)}${time}`;
}

/** Escapes a label value for the text formats: backslash, double quote and newline. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatSampleValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/**
 * Groups series by family, then by metric (the label set without `le`), keeping the plan's order,
 * so that a histogram's samples at one timestamp are written together.
 */
function groupByFamilyAndMetric(series: readonly PlannedSeries[]): Map<string, PlannedSeries[][]> {
  const families = new Map<string, Map<string, PlannedSeries[]>>();
  for (const one of series) {
    const metricKey = JSON.stringify(one.labels.filter(([name]) => name !== 'le'));
    const metrics = families.get(one.family) ?? new Map<string, PlannedSeries[]>();
    families.set(one.family, metrics);
    const group = metrics.get(metricKey) ?? [];
    metrics.set(metricKey, group);
    group.push(one);
  }
  const result = new Map<string, PlannedSeries[][]>();
  for (const [family, metrics] of families) {
    result.set(
      family,
      [...metrics.values()].map((group) =>
        [...group].sort((a, b) => suffixRank(a.name) - suffixRank(b.name)),
      ),
    );
  }
  return result;
}

/** Order of a histogram's samples in one MetricPoint: buckets (already in `le` order), count, sum. */
function suffixRank(name: string): number {
  if (name.endsWith('_bucket')) return 0;
  if (name.endsWith('_count')) return 1;
  if (name.endsWith('_sum')) return 2;
  return 0;
}
