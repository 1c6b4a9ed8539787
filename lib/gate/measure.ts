/**
 * Reads the measurements of one evaluation from Prometheus, with the core's selectors and PromQL
 * (`lib/core/queries.ts`), so that the gate judges exactly what the alerts and the dashboard show.
 */
import { CanaryPlan } from '../core/plan';
import { p99Latency, requestCount, selector, Selector, successRate, Track } from '../core/queries';
import { Measurements, missingReading, Reading, TrackMeasurements } from './measurements';
import { PrometheusClientOptions, readNumber, ValueRange } from './prometheus-client';
import { customGateMetrics, CustomReading } from './custom-metrics';

/** The valid values of each signal: a value outside is a problem, never a number. */
export const SIGNAL_RANGES: Readonly<Record<keyof TrackQueries, ValueRange>> = {
  requests: { min: 0, what: 'a request count' },
  successRatePercent: { min: 0, max: 100, what: 'a success rate in percent' },
  serverErrors: { min: 0, what: 'a count of 5xx responses' },
  p99LatencyMs: { min: 0, what: 'a latency in milliseconds' },
};

/**
 * 5xx responses in the window, with the same selector as the success rate. Only read when the
 * success rate has no data although the track has requests (see `TrackMeasurements.serverErrors`).
 */
export function serverErrorCount(sel: Selector, window: string): string {
  return `sum(increase(istio_requests_total{${sel},response_code=~"5.."}[${window}]))`;
}

/** The PromQL of each signal of a track. */
export interface TrackQueries {
  /** Request count over the window. */
  readonly requests: string;
  /** Success rate, in percent. */
  readonly successRatePercent: string;
  /** 5xx count over the window. */
  readonly serverErrors: string;
  /** p99 latency, in milliseconds. */
  readonly p99LatencyMs: string;
}

/** The queries of a track, from the core's selector for the plan. */
export function trackQueries(plan: CanaryPlan, track: Track): TrackQueries {
  const sel = selector(plan, track);
  const window = plan.slo.window;
  return {
    requests: requestCount(sel, window),
    successRatePercent: successRate(sel, window),
    serverErrors: serverErrorCount(sel, window),
    p99LatencyMs: p99Latency(sel, window),
  };
}

/**
 * Reads both tracks at unix time `timeSeconds`, one query at a time. After the first failed
 * request the remaining queries are not sent (a server that is down or slow would only multiply
 * the wait); they are recorded as failed with the first failure's message.
 */
export async function measure(
  plan: CanaryPlan,
  client: PrometheusClientOptions,
  timeSeconds: number,
): Promise<Measurements> {
  let firstFailure: string | undefined;
  const read = async (query: string, range: ValueRange): Promise<Reading> => {
    if (firstFailure !== undefined) {
      return missingReading(query, 'query-failed', `not sent after an earlier failure: ${firstFailure}`);
    }
    const reading = await readNumber(client, query, timeSeconds, range);
    if (reading.problem === 'query-failed') firstFailure = reading.detail;
    return reading;
  };
  const readTrack = async (track: Track): Promise<TrackMeasurements> => {
    const queries = trackQueries(plan, track);
    const requests = await read(queries.requests, SIGNAL_RANGES.requests);
    const successRatePercent = await read(queries.successRatePercent, SIGNAL_RANGES.successRatePercent);
    const needErrors =
      successRatePercent.problem === 'no-data' && requests.value !== null && requests.value > 0;
    const serverErrors = needErrors
      ? await read(queries.serverErrors, SIGNAL_RANGES.serverErrors)
      : undefined;
    const p99LatencyMs = await read(queries.p99LatencyMs, SIGNAL_RANGES.p99LatencyMs);
    return serverErrors
      ? { requests, successRatePercent, serverErrors, p99LatencyMs }
      : { requests, successRatePercent, p99LatencyMs };
  };
  const canary = await readTrack('canary');
  const stable = await readTrack('stable');
  const custom: CustomReading[] = [];
  for (const metric of customGateMetrics(plan))
    custom.push({
      name: metric.name,
      reading: await read(metric.query, { min: -Number.MAX_VALUE, what: `the value of ${metric.name}` }),
    });
  return custom.length > 0 ? { canary, stable, custom } : { canary, stable };
}
