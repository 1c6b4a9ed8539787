/**
 * What the gate read from Prometheus: one reading per signal and track. A reading without a
 * number always says why, so that "no data" can never be mistaken for "zero errors".
 */
import type { CustomReading } from './custom-metrics';

/** Why a reading has no number. */
export type ReadingProblem =
  /** The query returned an empty result: no such series in the window. */
  | 'no-data'
  /** The query returned NaN or an infinity (e.g. 0/0, or a quantile of an empty histogram). */
  | 'not-a-number'
  /** The query returned several series where one was expected. */
  | 'several-series'
  /**
   * The value is not a number as Prometheus writes it (`""`, `0x1`), or outside the
   * measurement's range (a negative count or latency, a success rate above 100%).
   */
  | 'invalid-value'
  /** Prometheus could not be asked: unreachable, too slow, an HTTP or API error. */
  | 'query-failed';

/** One number read from Prometheus, or why there is none. */
export interface Reading {
  /** The value, or null when there is none (then `problem` says why). */
  readonly value: number | null;
  /** Why there is no value; absent when there is one. */
  readonly problem?: ReadingProblem;
  /** Details for people: the error message, or what came back. */
  readonly detail?: string;
  /** The PromQL that was evaluated (the audit trail). */
  readonly query: string;
}

/** The signals of one track over the window. */
export interface TrackMeasurements {
  /** Requests in the window (`sum(increase(istio_requests_total[w]))`). */
  readonly requests: Reading;
  /** Share of non-5xx responses, in percent. */
  readonly successRatePercent: Reading;
  /**
   * 5xx responses in the window. Read only when the success rate has no data although requests
   * exist: a track that answered nothing but 5xx has no non-5xx series, and a success-rate
   * division without an `or on() vector(0)` fallback is then empty instead of 0%. The core's
   * query has that fallback; this is the second line of defence.
   * @default - not read
   */
  readonly serverErrors?: Reading;
  /** 99th percentile latency, in milliseconds. */
  readonly p99LatencyMs: Reading;
}

/** Both tracks, read at the same evaluation time. */
export interface Measurements {
  /** The canary subset (`destination_version="canary"` in mesh mode). */
  readonly canary: TrackMeasurements;
  /** The stable subset (`destination_version="stable"`). */
  readonly stable: TrackMeasurements;
  /**
   * Readings of the gating custom metrics (`slo.metrics`).
   * @default []
   */
  readonly custom?: readonly CustomReading[];
}

/** A reading with a value. */
export function valueReading(query: string, value: number): Reading {
  return { value, query };
}

/** A reading without a value, with its reason. */
export function missingReading(query: string, problem: ReadingProblem, detail: string): Reading {
  return { value: null, problem, detail, query };
}

/** How a missing reading is described in a reason, e.g. `no data` or `query failed: ...`. */
export function describeMissing(reading: Reading): string {
  switch (reading.problem) {
    case 'no-data':
      return 'no data (the query returned no series)';
    case 'not-a-number':
      return `no number (${reading.detail ?? 'NaN'})`;
    case 'invalid-value':
      return `an invalid value (${reading.detail ?? 'not a number'})`;
    case 'several-series':
      return `an ambiguous result (${reading.detail ?? 'several series'})`;
    case 'query-failed':
      return `a failed query: ${reading.detail ?? 'unknown error'}`;
    default:
      return 'no value';
  }
}
