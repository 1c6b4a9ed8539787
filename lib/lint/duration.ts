import { parseGoDurationSeconds } from '../util/duration';

/** Seconds in a Go-style duration as Flagger reads it (`90s`, `1m30s`, `500ms`); undefined when invalid. */
export const parseDurationSeconds = parseGoDurationSeconds;

/** Formats seconds as a short duration: `420` is `7m`, `90` is `1m30s`, `0.5` is `500ms`. */
export function formatDuration(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${s > 0 || whole === 0 ? `${s}s` : ''}`;
}
