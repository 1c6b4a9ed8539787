/**
 * Renders a {@link TelemetryScenario} as `input_series` of a `promtool test rules` test, in
 * promtool's expanding notation. Facts used (Prometheus "Unit testing for rules", checked against
 * promtool 2.42): `a+bxN` is the N+1 samples a, a+b, ..., a+N*b; `_xN` is N missing samples; samples
 * are `interval` apart starting at time 0.
 */
import { escapeLabelValue } from './openmetrics';
import { planIstioSeries, type PlannedSeries, type TelemetryScenario } from './istio-telemetry';

/** One entry of a promtool test's `input_series`. */
export interface PromtoolInputSeries {
  /** The series in PromQL notation, e.g. `istio_requests_total{reporter="destination"}`. */
  readonly series: string;
  /** Its samples in expanding notation, e.g. `_x4 0+150x20 3000+0x10`. */
  readonly values: string;
}

/**
 * The scenario's series as promtool `input_series`; the test's `interval` must be the scenario's
 * `stepSeconds` (see {@link promtoolInterval}).
 */
export function buildPromtoolInputSeries(scenario: TelemetryScenario): PromtoolInputSeries[] {
  return planIstioSeries(scenario).map((series) => ({
    series: seriesSelector(series),
    values: expandingNotation(series.values),
  }));
}

/** The promtool test `interval` for a scenario, e.g. `15s`. */
export function promtoolInterval(scenario: TelemetryScenario): string {
  return `${scenario.stepSeconds}s`;
}

/** A series in PromQL notation: `name{label="value",...}`. */
export function seriesSelector(series: Pick<PlannedSeries, 'name' | 'labels'>): string {
  const labels = series.labels.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',');
  return `${series.name}{${labels}}`;
}

/**
 * Compresses a list of samples (undefined = missing) into expanding notation: runs of missing
 * samples become `_xN`, arithmetic runs `a+bxN`.
 */
export function expandingNotation(values: ReadonlyArray<number | undefined>): string {
  const parts: string[] = [];
  let index = 0;
  while (index < values.length) {
    const first = values[index];
    if (first === undefined) {
      let end = index;
      while (end < values.length && values[end] === undefined) end++;
      parts.push(`_x${end - index}`);
      index = end;
      continue;
    }
    const next = values[index + 1];
    if (next === undefined) {
      parts.push(formatValue(first));
      index++;
      continue;
    }
    const delta = next - first;
    let end = index + 1;
    while (
      end + 1 < values.length &&
      values[end + 1] !== undefined &&
      isNext(values[end] as number, values[end + 1] as number, delta)
    ) {
      end++;
    }
    parts.push(`${formatValue(first)}${delta < 0 ? '-' : '+'}${formatValue(Math.abs(delta))}x${end - index}`);
    index = end + 1;
  }
  return parts.join(' ');
}

function isNext(previous: number, value: number, delta: number): boolean {
  return Math.abs(value - previous - delta) <= 1e-9 * Math.max(1, Math.abs(value));
}

function formatValue(value: number): string {
  const text = String(value);
  if (/e/i.test(text)) throw new Error(`series value ${text} needs an exponent; choose rates that avoid it`);
  return text;
}
