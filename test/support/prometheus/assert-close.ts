/**
 * Float comparison for values computed by Prometheus (rates and ratios carry rounding error).
 */
import assert from 'node:assert/strict';

/** Asserts `|actual - expected| <= tolerance * max(1, |expected|)`; NaN never matches. */
export function assertClose(actual: number, expected: number, message = '', tolerance = 1e-9): void {
  const ok = Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));
  assert.ok(ok, `expected ${expected}, got ${actual}${message ? `: ${message}` : ''}`);
}
