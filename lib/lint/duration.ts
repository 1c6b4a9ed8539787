const UNIT_SECONDS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/**
 * Seconds in a Go-style duration as Flagger reads it with `time.ParseDuration`: `90s`, `5m`,
 * `1m30s`, `1h`, `500ms`. Returns undefined when the text does not parse.
 */
export function parseDurationSeconds(text: string): number | undefined {
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

/** Formats seconds as a short duration: `420` is `7m`, `90` is `1m30s`, `0.5` is `500ms`. */
export function formatDuration(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${s > 0 || whole === 0 ? `${s}s` : ''}`;
}
