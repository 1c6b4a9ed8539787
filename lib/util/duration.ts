/** Seconds per duration unit, as Go's `time.ParseDuration` (used by Flagger and Istio) reads them. */
const UNIT_SECONDS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/**
 * Seconds in a Go-style duration: `90s`, `5m`, `1m30s`, `1h`, `500ms`, or `0`. Returns undefined
 * when the text does not parse.
 */
export function parseGoDurationSeconds(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '0') return trimmed === '0' ? 0 : undefined;
  const part = /([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)/y;
  let total = 0;
  let offset = 0;
  while (offset < trimmed.length) {
    part.lastIndex = offset;
    const match = part.exec(trimmed);
    if (!match) return undefined;
    total += Number(match[1]) * UNIT_SECONDS[match[2]];
    offset = part.lastIndex;
  }
  return total;
}
