/**
 * Reads the measurements of one evaluation from Prometheus, with the core's selectors and PromQL
 * (`lib/core/queries.ts`), so that the gate judges exactly what the alerts and the dashboard show.
 */
import { CanaryPlan } from '../core/plan';
import { p99Latency, requestCount, selector, Selector, successRate, Track } from '../core/queries';
import { Measurements, missingReading, Reading, TrackMeasurements } from './measurements';
import { PrometheusClientOptions, readNumber } from './prometheus-client';
import { customGateMetrics, CustomReading } from './custom-metrics';

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
  const read = async (query: string): Promise<Reading> => {
    if (firstFailure !== undefined) {
      return missingReading(query, 'query-failed', `not sent after an earlier failure: ${firstFailure}`);
    }
    const reading = await readNumber(client, query, timeSeconds);
    if (reading.problem === 'query-failed') firstFailure = reading.detail;
    return reading;
  };
  const readTrack = async (track: Track): Promise<TrackMeasurements> => {
    const queries = trackQueries(plan, track);
    const requests = await read(queries.requests);
    const successRatePercent = await read(queries.successRatePercent);
    const needErrors =
      successRatePercent.problem === 'no-data' && requests.value !== null && requests.value > 0;
    const serverErrors = needErrors ? await read(queries.serverErrors) : undefined;
    const p99LatencyMs = await read(queries.p99LatencyMs);
    return serverErrors
      ? { requests, successRatePercent, serverErrors, p99LatencyMs }
      : { requests, successRatePercent, p99LatencyMs };
  };
  const canary = await readTrack('canary');
  const stable = await readTrack('stable');
  const custom: CustomReading[] = [];
  for (const metric of customGateMetrics(plan))
    custom.push({ name: metric.name, reading: await read(metric.query) });
  return custom.length > 0 ? { canary, stable, custom } : { canary, stable };
}
