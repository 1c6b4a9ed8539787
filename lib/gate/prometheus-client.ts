/**
 * A minimal client of Prometheus' instant-query API (`GET /api/v1/query?query=&time=`), with a
 * hard timeout per request (fetch + AbortController) so that a slow server can never stall a
 * gate run. Every failure becomes a `Reading` without a value: the gate holds on it.
 *
 * Facts used (Prometheus HTTP API docs): the answer is JSON `{status, data: {resultType, result}}`
 * or `{status: "error", errorType, error}`; sample values are strings and may be `NaN`, `+Inf`
 * or `-Inf`.
 */
import { missingReading, Reading, valueReading } from './measurements';

/** How a failed request failed. */
export type PrometheusFailure = 'timeout' | 'unreachable' | 'http' | 'api' | 'malformed';

/** A request that got no usable answer. */
export class PrometheusError extends Error {
  constructor(
    message: string,
    /** How it failed. */
    readonly failure: PrometheusFailure,
  ) {
    super(message);
    this.name = 'PrometheusError';
  }
}

/** Where and how to query. */
export interface PrometheusClientOptions {
  /** Base URL of the server, e.g. `http://prometheus.istio-system:9090` (a path prefix is kept). */
  readonly url: string;
  /** Abort a request (answer included) after this many milliseconds. */
  readonly timeoutMs: number;
  /**
   * The fetch implementation (tests wrap it to stop the server between two queries).
   * @default globalThis.fetch
   */
  readonly fetch?: typeof fetch;
}

/** One sample of an instant vector; the value is kept as Prometheus wrote it. */
export interface RawSample {
  /** Labels of the series. */
  readonly metric: Readonly<Record<string, string>>;
  /** The value string, e.g. `"12.5"`, `"NaN"`, `"+Inf"`. */
  readonly value: string;
}

/** The answer of an instant query. */
export type InstantResult =
  | { readonly resultType: 'vector'; readonly samples: readonly RawSample[] }
  | { readonly resultType: 'scalar'; readonly value: string };

interface ApiBody {
  status?: string;
  errorType?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
}

function endpoint(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/v1/query`;
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code && cause.message)
    return cause.message.includes(cause.code) ? cause.message : `${cause.code}: ${cause.message}`;
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Evaluates `promql` at unix time `timeSeconds`. Throws `PrometheusError` when the server is
 * unreachable, slower than the timeout, or answers with an HTTP or API error.
 */
export async function instantQuery(
  options: PrometheusClientOptions,
  promql: string,
  timeSeconds: number,
): Promise<InstantResult> {
  const doFetch = options.fetch ?? fetch;
  const params = new URLSearchParams({ query: promql, time: String(timeSeconds) });
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  let status: number;
  let text: string;
  try {
    const response = await doFetch(`${endpoint(options.url)}?${params.toString()}`, {
      signal: controller.signal,
      headers: { accept: 'application/json' },
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    if (timedOut) {
      throw new PrometheusError(
        `Prometheus at ${options.url} did not answer within ${options.timeoutMs} ms (--timeout)`,
        'timeout',
      );
    }
    throw new PrometheusError(
      `Prometheus at ${options.url} is unreachable (${causeOf(error)})`,
      'unreachable',
    );
  } finally {
    clearTimeout(timer);
  }
  let body: ApiBody | undefined;
  try {
    body = JSON.parse(text) as ApiBody;
  } catch {
    body = undefined;
  }
  if (body?.status === 'error') {
    throw new PrometheusError(
      `Prometheus at ${options.url} rejected the query (HTTP ${status}, ${body.errorType ?? 'error'}): ${body.error ?? ''}`,
      'api',
    );
  }
  if (status < 200 || status > 299) {
    throw new PrometheusError(
      `Prometheus at ${options.url} answered HTTP ${status}: ${text.slice(0, 200).trim()}`,
      'http',
    );
  }
  if (!body || body.status !== 'success' || !body.data) {
    throw new PrometheusError(
      `Prometheus at ${options.url} sent an answer that is not the query API's JSON: ${text.slice(0, 200).trim()}`,
      'malformed',
    );
  }
  const { resultType, result } = body.data;
  if (resultType === 'vector' && Array.isArray(result)) {
    const samples = result.map((one: { metric?: Record<string, string>; value?: [number, string] }) => ({
      metric: one.metric ?? {},
      value: String(one.value?.[1]),
    }));
    return { resultType, samples };
  }
  if (resultType === 'scalar' && Array.isArray(result)) return { resultType, value: String(result[1]) };
  throw new PrometheusError(
    `Prometheus at ${options.url} returned a ${resultType} where a single number was expected`,
    'malformed',
  );
}

/** Parses a Prometheus sample value (`NaN`, `+Inf`, `-Inf` included). */
export function parseSampleValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/**
 * Evaluates a query that must give one number and returns it as a `Reading`. Never throws: no
 * series, several series, NaN or infinity, and every request failure become a reading without a
 * value that says why.
 */
export async function readNumber(
  options: PrometheusClientOptions,
  promql: string,
  timeSeconds: number,
): Promise<Reading> {
  let result: InstantResult;
  try {
    result = await instantQuery(options, promql, timeSeconds);
  } catch (error) {
    if (error instanceof PrometheusError) return missingReading(promql, 'query-failed', error.message);
    throw error;
  }
  let raw: string;
  if (result.resultType === 'scalar') raw = result.value;
  else if (result.samples.length === 0) return missingReading(promql, 'no-data', 'empty result');
  else if (result.samples.length > 1) {
    const listed = result.samples
      .slice(0, 3)
      .map((sample) => JSON.stringify(sample.metric))
      .join(', ');
    return missingReading(promql, 'several-series', `${result.samples.length} series: ${listed}`);
  } else raw = result.samples[0].value;
  const value = parseSampleValue(raw);
  if (!Number.isFinite(value)) return missingReading(promql, 'not-a-number', raw);
  return valueReading(promql, value);
}
