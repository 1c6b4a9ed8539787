/** Number formatting for reasons and text records: short, stable, no exponent for ordinary values. */

/** A number with at most `decimals` decimals and no trailing zeros, e.g. `99.5`, `300`, `0.01`. */
export function formatNumber(value: number, decimals = 2): string {
  if (!Number.isFinite(value)) return String(value);
  const fixed = value.toFixed(decimals);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** A p-value: fixed decimals when readable, otherwise two significant digits in exponent form. */
export function formatProbability(value: number): string {
  if (value >= 0.001 || value === 0) return formatNumber(value, 4);
  return value.toExponential(1);
}
