/**
 * Instant queries against Prometheus' HTTP API (`GET /api/v1/query?query=&time=`).
 */

/** One sample of an instant vector. */
export interface VectorSample {
  /** The series' labels (`__name__` included when the expression keeps it). */
  readonly metric: Readonly<Record<string, string>>;
  /** The sample value (NaN and ±Inf as numbers). */
  readonly value: number;
}

/** The result of an instant query. */
export type QueryResult =
  | { readonly resultType: 'vector'; readonly samples: readonly VectorSample[] }
  | { readonly resultType: 'scalar'; readonly value: number }
  | { readonly resultType: 'matrix' | 'string'; readonly raw: unknown };

/** A failed query: HTTP error, API error (bad PromQL) or unreachable server. */
export class PrometheusQueryError extends Error {
  override readonly name = 'PrometheusQueryError';
}

interface ApiResponse {
  status: 'success' | 'error';
  errorType?: string;
  error?: string;
  data?: { resultType: string; result: unknown };
}

/**
 * Evaluates `promql` at unix time `timeSeconds`.
 * @param timeoutMs - abort the request after this long
 */
export async function query(
  url: string,
  promql: string,
  timeSeconds: number,
  timeoutMs = 10_000,
): Promise<QueryResult> {
  const params = new URLSearchParams({ query: promql, time: String(timeSeconds) });
  let body: ApiResponse;
  try {
    const response = await fetch(`${url}/api/v1/query?${params.toString()}`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    body = (await response.json()) as ApiResponse;
  } catch (error) {
    throw new PrometheusQueryError(`query ${url} failed: ${(error as Error).message}\n  query: ${promql}`);
  }
  if (body.status !== 'success' || !body.data) {
    throw new PrometheusQueryError(
      `Prometheus rejected the query (${body.errorType}): ${body.error}\n  query: ${promql}`,
    );
  }
  const { resultType, result } = body.data;
  if (resultType === 'vector') {
    const samples = (result as Array<{ metric: Record<string, string>; value: [number, string] }>).map(
      (one) => ({
        metric: one.metric,
        value: Number(one.value[1]),
      }),
    );
    return { resultType, samples };
  }
  if (resultType === 'scalar') return { resultType, value: Number((result as [number, string])[1]) };
  return { resultType: resultType as 'matrix' | 'string', raw: result };
}

/**
 * Evaluates a query that must return exactly one number (a scalar or a one-sample vector), as a
 * Flagger metric check expects, and returns it. Throws, listing what came back, on no result or
 * several series (Flagger would silently take one of them).
 */
export async function queryValue(url: string, promql: string, timeSeconds: number): Promise<number> {
  const result = await query(url, promql, timeSeconds);
  if (result.resultType === 'scalar') return result.value;
  if (result.resultType !== 'vector') {
    throw new PrometheusQueryError(`expected one number, got a ${result.resultType}\n  query: ${promql}`);
  }
  if (result.samples.length !== 1) {
    const listed = result.samples
      .map((sample) => `${JSON.stringify(sample.metric)} ${sample.value}`)
      .join('\n    ');
    throw new PrometheusQueryError(
      `expected exactly one series, got ${result.samples.length}${listed ? `:\n    ${listed}` : ''}\n  query: ${promql}`,
    );
  }
  return result.samples[0].value;
}
