/**
 * Prometheus' `humanize` template function, to predict the text of an alert annotation such as
 * `Canary success rate is {{ $value | humanize }}%`. Facts used (Prometheus template reference):
 * four significant digits (`%.4g`), with an SI prefix (k, M, G, ... or m, u, n, ...) that keeps
 * the number between 1 and 1000; 0, NaN and infinities are printed as they are.
 */

const LARGE = ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
const SMALL = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];

/** What `{{ value | humanize }}` prints for this value. */
export function humanize(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return goFloat(value);
  let scaled = value;
  let prefix = '';
  if (Math.abs(scaled) >= 1) {
    for (const next of LARGE) {
      if (Math.abs(scaled) < 1000) break;
      prefix = next;
      scaled /= 1000;
    }
  } else {
    for (const next of SMALL) {
      if (Math.abs(scaled) >= 1) break;
      prefix = next;
      scaled *= 1000;
    }
  }
  return `${goFloat(scaled)}${prefix}`;
}

/** Go's `%.4g` for numbers whose exponent is between -4 and 3 (all `humanize` produces), and specials. */
function goFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(Number(value.toPrecision(4)));
}
