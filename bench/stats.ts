/** Pure arithmetic and formatting of benchmark figures (no I/O, unit-tested in test/bench/). */

/** The median of the values (mean of the two middle values for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `value / base`, or undefined when either is missing, not finite, or base is not positive. */
export function ratio(value: number | undefined, base: number | undefined): number | undefined {
  if (value === undefined || base === undefined) return undefined;
  if (!Number.isFinite(value) || !Number.isFinite(base) || base <= 0) return undefined;
  return value / base;
}

/** A ratio as `1.23×` (two decimals below 10, one decimal up to 100, none above); `-` when undefined. */
export function formatRatio(value: number | undefined): string {
  if (value === undefined) return '-';
  const digits = value < 10 ? 2 : value < 100 ? 1 : 0;
  return `${value.toFixed(digits)}×`;
}

/** Milliseconds with a precision that suits their size: `0.42`, `12.3`, `1234`; `-` when undefined. */
export function formatMs(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  if (value < 1) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return value.toFixed(0);
}

/** Kilobytes as mebibytes with one decimal, e.g. `123.4`; `-` when undefined. */
export function formatMb(kilobytes: number | undefined): string {
  if (kilobytes === undefined || !Number.isFinite(kilobytes)) return '-';
  return (kilobytes / 1024).toFixed(1);
}

/** How growth from N to 10·N reads: linear is about 10×. */
export type GrowthVerdict = 'sublinear' | 'linear' | 'superlinear';

/**
 * Classifies the growth factor of a figure when N grows `scale` times (default 10): up to 0.8·scale
 * is sublinear (fixed costs still dominate), up to 1.25·scale linear, above that superlinear.
 */
export function growthVerdict(growth: number, scale = 10): GrowthVerdict {
  if (growth <= 0.8 * scale) return 'sublinear';
  if (growth <= 1.25 * scale) return 'linear';
  return 'superlinear';
}
