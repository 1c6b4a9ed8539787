/**
 * A minimal client of Prometheus' instant-query API (`GET /api/v1/query?query=&time=`), with a
 * hard timeout per request (fetch + AbortController) so that a slow server can never stall a
 * gate run. Every failure becomes a `Reading` without a value: the gate holds on it.
 *
 * Facts used (Prometheus HTTP API docs): the answer is JSON `{status, data: {resultType, result}}`
 * or `{status: "error", errorType, error}`, with `warnings` when the answer may be incomplete
 * (a partial response from Thanos or a federated query); sample values are strings and may be
 * `NaN`, `+Inf` or `-Inf`.
 *
 * Hostile or broken answers never become numbers: the body is read up to `maxBytes` (after
 * decompression, so a gzip bomb is cut off early), redirects are followed only on the same origin,
 * and values are parsed strictly (see `parseSampleValue`).
 */
import { missingReading, Reading, valueReading } from './measurements';
import { instantQueryUrl } from './prometheus-url';
import { redactUrl } from './redact';

/** How a failed request failed. */
export type PrometheusFailure =
  'timeout' | 'unreachable' | 'http' | 'api' | 'malformed' | 'too-large' | 'redirect' | 'partial';

/** Default cap of one answer's body, decompressed: far below the gate CronJob's 256Mi. */
export const DEFAULT_MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/** Same-origin redirects followed at most. */
const MAX_REDIRECTS = 3;

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
  /**
   * Base URL of the server, e.g. `http://prometheus.istio-system:9090`; a path prefix and query
   * parameters are kept (see `prometheus-url.ts`).
   */
  readonly url: string;
  /** Abort a request (answer included) after this many milliseconds. */
  readonly timeoutMs: number;
  /**
   * The fetch implementation (tests wrap it to stop the server between two queries).
   * @default globalThis.fetch
   */
  readonly fetch?: typeof fetch;
  /**
   * The `Authorization` header (from a Secret, see `prometheus-auth.ts`); never printed.
   * @default - none
   */
  readonly authorization?: string;
  /**
   * The run's deadline (epoch milliseconds): no request waits past it.
   * @default - only `timeoutMs`
   */
  readonly deadline?: number;
  /**
   * Largest answer read, in bytes after decompression; a larger one is a failed query.
   * @default DEFAULT_MAX_ANSWER_BYTES
   */
  readonly maxBytes?: number;
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
  warnings?: unknown;
  data?: { resultType?: string; result?: unknown };
}

/** Reads a body as text, at most `maxBytes` bytes; throws `PrometheusError` beyond. */
async function readCapped(response: Response, maxBytes: number, url: string): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  const tooLarge = () =>
    new PrometheusError(
      `Prometheus at ${url} sent an answer larger than ${maxBytes} bytes; a query of the gate returns one number`,
      'too-large',
    );
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
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
  const shown = redactUrl(options.url);
  const left = options.deadline === undefined ? Infinity : options.deadline - Date.now();
  if (left <= 0) {
    throw new PrometheusError(
      `not sent to Prometheus at ${shown}: the run's deadline (--deadline) has passed`,
      'timeout',
    );
  }
  const waitMs = Math.min(options.timeoutMs, left);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, waitMs);
  let status: number;
  let text: string;
  try {
    let url = instantQueryUrl(options.url, promql, timeSeconds);
    let response: Response;
    for (let redirects = 0; ; redirects++) {
      response = await doFetch(url, {
        signal: controller.signal,
        headers: options.authorization
          ? { accept: 'application/json', authorization: options.authorization }
          : { accept: 'application/json' },
        redirect: 'manual',
      });
      if (response.status < 300 || response.status > 399) break;
      await response.body?.cancel().catch(() => undefined);
      const location = response.headers.get('location');
      const next = location === null ? undefined : new URL(location, url);
      if (!next || next.origin !== new URL(url).origin || redirects >= MAX_REDIRECTS) {
        throw new PrometheusError(
          `Prometheus at ${shown} redirected (HTTP ${response.status}) to ${next ? redactUrl(next.href) : 'nowhere'}; the gate follows redirects on the same origin only. Give the final URL with --prometheus`,
          'redirect',
        );
      }
      url = next.href;
    }
    status = response.status;
    text = await readCapped(response, options.maxBytes ?? DEFAULT_MAX_ANSWER_BYTES, shown);
  } catch (error) {
    if (error instanceof PrometheusError) throw error;
    if (timedOut) {
      throw new PrometheusError(
        `Prometheus at ${shown} did not answer within ${waitMs} ms (${waitMs < options.timeoutMs ? "the run's --deadline" : '--timeout'})`,
        'timeout',
      );
    }
    throw new PrometheusError(`Prometheus at ${shown} is unreachable (${causeOf(error)})`, 'unreachable');
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
      `Prometheus at ${shown} rejected the query (HTTP ${status}, ${body.errorType ?? 'error'}): ${body.error ?? ''}`,
      'api',
    );
  }
  if (status < 200 || status > 299) {
    throw new PrometheusError(
      `Prometheus at ${shown} answered HTTP ${status}: ${text.slice(0, 200).trim()}`,
      'http',
    );
  }
  if (Array.isArray(body?.warnings) && body.warnings.length > 0) {
    throw new PrometheusError(
      `Prometheus at ${shown} warned that the answer may be incomplete: ${body.warnings.map(String).join('; ').slice(0, 300)}`,
      'partial',
    );
  }
  if (!body || body.status !== 'success' || !body.data) {
    throw new PrometheusError(
      `Prometheus at ${shown} sent an answer that is not the query API's JSON: ${text.slice(0, 200).trim()}`,
      'malformed',
    );
  }
  const { resultType, result } = body.data;
  if (resultType === 'vector' && Array.isArray(result)) {
    const samples = result.map((one: unknown) => {
      const sample = (one ?? {}) as { metric?: unknown; value?: unknown };
      const pair = Array.isArray(sample.value) ? (sample.value as unknown[]) : [];
      if (typeof pair[1] !== 'string') {
        throw new PrometheusError(
          `Prometheus at ${shown} sent a sample without a string value: ${JSON.stringify(one).slice(0, 200)}`,
          'malformed',
        );
      }
      const metric =
        sample.metric && typeof sample.metric === 'object' ? (sample.metric as Record<string, string>) : {};
      return { metric, value: pair[1] };
    });
    return { resultType, samples };
  }
  if (resultType === 'scalar' && Array.isArray(result) && typeof result[1] === 'string')
    return { resultType, value: result[1] };
  throw new PrometheusError(
    `Prometheus at ${shown} returned a ${String(resultType)} where a single number was expected`,
    'malformed',
  );
}

/**
 * Prometheus' text form of a float: decimal or exponent notation (Go's `strconv.FormatFloat`),
 * `NaN`, `+Inf`, `-Inf`. Nothing else: `""`, `" "`, `0x1`, `1_000`, `Infinity` are not numbers.
 */
const PROMETHEUS_FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses a Prometheus sample value strictly. Returns undefined for anything Prometheus does not
 * write (an empty or blank string, hexadecimal, underscores, words).
 */
export function parseSampleValue(text: string): number | undefined {
  if (text === 'NaN') return NaN;
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return PROMETHEUS_FLOAT.test(text) ? Number(text) : undefined;
}

/** The values a measurement can take; anything outside is a problem, never a number. */
export interface ValueRange {
  /** Smallest valid value. */
  readonly min: number;
  /** Largest valid value. @default Infinity */
  readonly max?: number;
  /** What the value is, for messages, e.g. `a request count`. */
  readonly what: string;
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
  range?: ValueRange,
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
  if (value === undefined) {
    return missingReading(
      promql,
      'invalid-value',
      `${JSON.stringify(raw.slice(0, 40))} is not a Prometheus number`,
    );
  }
  if (!Number.isFinite(value)) return missingReading(promql, 'not-a-number', raw);
  if (range && (value < range.min || value > (range.max ?? Infinity))) {
    const bounds = range.max === undefined ? `at least ${range.min}` : `from ${range.min} to ${range.max}`;
    return missingReading(promql, 'invalid-value', `${raw} is not ${range.what} (${bounds})`);
  }
  return valueReading(promql, value);
}
