/**
 * What `histogram_quantile` returns for a latency distribution reported in Istio's buckets, so that a
 * test can state the p99 it expects from the scenario it backfilled instead of a magic number.
 *
 * Facts used (Prometheus docs for `histogram_quantile`, classic histograms): the quantile is found
 * in the first bucket whose cumulative count reaches `q * count` and interpolated linearly inside
 * it, assuming a lower bound of 0 for the first bucket; when it falls in the `+Inf` bucket, the upper
 * bound of the highest finite bucket is returned.
 */
import { ISTIO_DURATION_BUCKETS_MS, type LatencyPoint } from './istio-telemetry';

/** The value of `histogram_quantile(q, ...)` over a histogram holding exactly this distribution. */
export function expectedHistogramQuantile(
  q: number,
  latency: readonly LatencyPoint[],
  bounds: readonly number[] = ISTIO_DURATION_BUCKETS_MS,
): number {
  const cumulative = [...bounds, Infinity].map((le) => ({
    le,
    count: latency.filter((point) => point.ms <= le).reduce((sum, point) => sum + point.share, 0),
  }));
  const total = cumulative[cumulative.length - 1].count;
  if (total === 0) return NaN;
  const rank = q * total;
  const index = cumulative.findIndex((bucket) => bucket.count >= rank - 1e-12);
  if (index === cumulative.length - 1) return bounds[bounds.length - 1];
  const upper = cumulative[index];
  const lower = index === 0 ? { le: 0, count: 0 } : cumulative[index - 1];
  const inBucket = upper.count - lower.count;
  return lower.le + (upper.le - lower.le) * ((rank - lower.count) / inBucket);
}
