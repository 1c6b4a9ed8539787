/**
 * The statistics of the gate: the standard normal distribution and the one-sided two-proportion
 * z-test that compares the canary's error rate with the stable's.
 *
 * Facts used (standard statistics texts): under H0 (both tracks share one error probability `p`),
 * `z = (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2))`, with `p` the pooled proportion
 * `(x1 + x2) / (n1 + n2)`, is approximately standard normal when both samples are large; the
 * one-sided p-value for "track 1 is worse" is `1 - Phi(z)`. `Phi` is computed with Abramowitz &
 * Stegun formula 26.2.17 (absolute error below 7.5e-8), which is ample for p-values near 0.01.
 */

const SQRT_TWO_PI = Math.sqrt(2 * Math.PI);
const AS_P = 0.2316419;
const AS_B = [0.31938153, -0.356563782, 1.781477937, -1.821255978, 1.330274429];

/** The standard normal density at `x`. */
export function normalPdf(x: number): number {
  return Math.exp((-x * x) / 2) / SQRT_TWO_PI;
}

/** `1 - Phi(x)`: the upper tail of the standard normal, accurate in the far tail too. */
export function normalUpperTail(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 1 - normalUpperTail(-x);
  const t = 1 / (1 + AS_P * x);
  let polynomial = 0;
  for (let i = AS_B.length - 1; i >= 0; i--) polynomial = (polynomial + AS_B[i]) * t;
  return normalPdf(x) * polynomial;
}

/** `Phi(x)`: the standard normal cumulative distribution function. */
export function normalCdf(x: number): number {
  return 1 - normalUpperTail(x);
}

/**
 * The `probability` quantile of the standard normal (`Phi^-1`), by bisection on {@link normalCdf}
 * to 1e-9; e.g. 0.99 gives 2.3263.
 */
export function normalQuantile(probability: number): number {
  if (!(probability > 0 && probability < 1)) {
    throw new RangeError(`normalQuantile: probability must be in (0, 1), got ${probability}`);
  }
  let low = -40;
  let high = 40;
  while (high - low > 1e-9) {
    const middle = (low + high) / 2;
    if (normalCdf(middle) < probability) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/** Counts of one sample: trials and failures (requests and 5xx responses). */
export interface ProportionSample {
  /** Number of trials (requests); may be fractional when read from Prometheus' `increase()`. */
  readonly trials: number;
  /** Number of failures (5xx responses), at most `trials`. */
  readonly failures: number;
}

/** The outcome of a one-sided two-proportion z-test. */
export interface TwoProportionTest {
  /** Name of the test, for the decision record. */
  readonly test: 'two-proportion z-test, one-sided (canary error rate > stable error rate)';
  /** Failure proportion of the first sample (the canary's error rate, 0..1). */
  readonly proportion1: number;
  /** Failure proportion of the second sample (the stable's error rate, 0..1). */
  readonly proportion2: number;
  /** Pooled proportion under H0. */
  readonly pooled: number;
  /** Standard error of the difference under H0 (0 when no or only failures were seen). */
  readonly standardError: number;
  /** The z statistic; 0 when the standard error is 0 (nothing to tell the samples apart). */
  readonly z: number;
  /** One-sided p-value `1 - Phi(z)`. */
  readonly pValue: number;
  /** The confidence asked for, e.g. 0.99. */
  readonly confidence: number;
  /** The critical value `Phi^-1(confidence)`: z above it is significant. */
  readonly criticalZ: number;
  /** True when the first sample is worse than the second at the given confidence. */
  readonly significant: boolean;
}

/**
 * Tests H1 "sample 1 fails more often than sample 2" against H0 "same failure probability",
 * one-sided, at `confidence` (e.g. 0.99: significant when the p-value is below 0.01).
 */
export function twoProportionZTest(
  sample1: ProportionSample,
  sample2: ProportionSample,
  confidence: number,
): TwoProportionTest {
  for (const [name, sample] of [
    ['sample1', sample1],
    ['sample2', sample2],
  ] as const) {
    if (!(sample.trials > 0) || !(sample.failures >= 0) || sample.failures > sample.trials * (1 + 1e-9)) {
      throw new RangeError(
        `twoProportionZTest: ${name} needs trials > 0 and 0 <= failures <= trials, got ${JSON.stringify(sample)}`,
      );
    }
  }
  const proportion1 = Math.min(1, sample1.failures / sample1.trials);
  const proportion2 = Math.min(1, sample2.failures / sample2.trials);
  const pooled = Math.min(1, (sample1.failures + sample2.failures) / (sample1.trials + sample2.trials));
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / sample1.trials + 1 / sample2.trials));
  const z = standardError > 0 ? (proportion1 - proportion2) / standardError : 0;
  const pValue = normalUpperTail(z);
  const criticalZ = normalQuantile(confidence);
  return {
    test: 'two-proportion z-test, one-sided (canary error rate > stable error rate)',
    proportion1,
    proportion2,
    pooled,
    standardError,
    z,
    pValue,
    confidence,
    criticalZ,
    significant: z > criticalZ,
  };
}
