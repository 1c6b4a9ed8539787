import { parseGoDurationSeconds } from '../../util/duration';
import { RE2 } from 're2-wasm';
import {
  FLAGGER_DURATION_PATTERN,
  FORMATS,
  ISTIO_DURATION_PATTERN,
  PROMETHEUS_DURATION_PATTERN,
  StringFormat,
} from './patterns';

const compiled = new Map<string, RegExp>();

/**
 * Whether `value` has the syntax `format` (its pattern and maximum length): the same test the JSON
 * Schema carries (lib/core/validate/patterns.ts).
 */
export function matchesFormat(format: StringFormat, value: string): boolean {
  let regex = compiled.get(format.pattern);
  if (!regex) {
    regex = new RegExp(format.pattern, 'u');
    compiled.set(format.pattern, regex);
  }
  return (format.maxLength === undefined || value.length <= format.maxLength) && regex.test(value);
}

/** A DNS-1123 label: lowercase letters, digits and '-', starting and ending alphanumeric, at most 63. */
export function isDnsLabel(value: string): boolean {
  return matchesFormat(FORMATS.dnsLabel, value);
}

/** A DNS-1123 subdomain (dot-separated labels), at most 253 characters. */
export function isDnsSubdomain(value: string): boolean {
  return matchesFormat(FORMATS.dnsSubdomain, value);
}

/** A Kubernetes label key: optional DNS-subdomain prefix and a name of at most 63 characters. */
export function isLabelKey(value: string): boolean {
  return matchesFormat(FORMATS.labelKey, value);
}

/** A Kubernetes label value: empty, or at most 63 alphanumerics with '-', '_' and '.' inside. */
export function isLabelValue(value: string): boolean {
  return matchesFormat(FORMATS.labelValue, value);
}

/** Flagger's duration syntax (`^[0-9]+(m|s)` in its CRD), anchored at both ends here. */
export const FLAGGER_DURATION = new RegExp(FLAGGER_DURATION_PATTERN);
/** Istio/Envoy durations as canary-kit accepts them: a whole number of ms, s, m or h. */
export const ISTIO_DURATION = new RegExp(ISTIO_DURATION_PATTERN);
/** Prometheus durations as canary-kit accepts them (alert `for:`). */
export const PROMETHEUS_DURATION = new RegExp(PROMETHEUS_DURATION_PATTERN);

/** Seconds in a single-unit duration such as `90s`, `5m` or `250ms`; `undefined` otherwise. */
export function durationSeconds(value: string): number | undefined {
  return /^[0-9]+(ms|s|m|h)$/.test(value) ? parseGoDurationSeconds(value) : undefined;
}

/** Formats seconds as the shortest exact duration: `360` is `6m`, `90` is `90s`. */
export function formatSeconds(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/**
 * Checks a regular expression with RE2, the engine Envoy uses for Istio's `regex` matches.
 * Returns the engine's message when RE2 rejects it (lookarounds, backreferences...), else undefined.
 */
export function re2Error(pattern: string): string | undefined {
  try {
    new RE2(pattern, 'u');
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.replace(/^Invalid regular expression: \/.*\/u: /, '');
  }
}

/** An HTTP header name as Istio matches it: lowercase token characters only. */
export function isLowercaseHeaderName(value: string): boolean {
  return matchesFormat(FORMATS.lowercaseHeaderName, value);
}

/** A Kubernetes resource quantity such as `250m`, `1`, `128Mi`, `1.5Gi`. */
export function isQuantity(value: string): boolean {
  return matchesFormat(FORMATS.quantity, value);
}

/** An RFC 3339 date-time such as `2026-11-24T18:00:00Z`. */
export function isRfc3339(value: string): boolean {
  return matchesFormat(FORMATS.rfc3339, value) && !isNaN(Date.parse(value));
}

/**
 * An absolute http(s) URL: the schema's pattern (`format`, default `FORMATS.httpUrl`), and a URL
 * that the WHATWG parser reads (which a pattern cannot fully say).
 */
export function isHttpUrl(value: string, format: StringFormat = FORMATS.httpUrl): boolean {
  if (!matchesFormat(format, value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
