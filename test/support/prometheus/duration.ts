/**
 * Prometheus durations (`90s`, `1m`, `1h30m`) in seconds. Facts used (Prometheus configuration
 * docs): a duration is one or more `<number><unit>` with units ms, s, m, h, d, w, y (y = 365 d),
 * largest unit first.
 */

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  y: 31536000,
};

/** Parses a Prometheus duration; throws on anything else. */
export function durationSeconds(text: string): number {
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) {
    throw new Error(`"${text}" is not a Prometheus duration such as "30s", "1m" or "1h30m"`);
  }
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * UNIT_SECONDS[unit], 0);
}
