import { RE2 } from 're2-wasm';
import { ALWAYS_PRESENT_HEADERS, PROBE_VALUES, regexMatchesAll } from '../core/validate/rules/headers';
import { HTTP_METHODS, PROBE_PATHS } from '../core/validate/rules/request-match';
import {
  asArray,
  asNumber,
  asRecord,
  asString,
  asStringArray,
  asStringMap,
  isRecord,
  JsonRecord,
} from './read';

/**
 * Reasoning about Istio `HTTPMatchRequest`s: which match every request, and when one match covers
 * another (every request the second matches, the first matches too). Conservative: when unsure,
 * "does not cover", so the rules built on it do not report false positives.
 */

/** Match fields that test the request itself. */
const CONTENT_KEYS = ['uri', 'scheme', 'method', 'authority', 'headers', 'queryParams', 'withoutHeaders'];
/** Match fields that test where the request comes from. */
const SOURCE_KEYS = ['port', 'sourceLabels', 'gateways', 'sourceNamespace', 'sourceSubnet'];
/** Match fields that are not conditions. */
const NEUTRAL_KEYS = new Set(['name', 'statPrefix', 'ignoreUriCase']);

/** The match entries of an HTTP route: `[{}]` (match everything) when it has none. */
export function matchEntries(route: JsonRecord): JsonRecord[] {
  const entries = asArray(route.match).map((m) => asRecord(m) ?? {});
  return entries.length === 0 ? [{}] : entries;
}

/** Values of every shape each string-matched field takes; a regex accepting all of them accepts any. */
const PROBES: Readonly<Record<string, readonly string[]>> = {
  uri: PROBE_PATHS,
  method: HTTP_METHODS,
  scheme: ['http', 'https'],
};

/**
 * True when a StringMatch of `key` accepts every request: absent, an empty prefix (`/` for the
 * uri, where every path starts with it), or a regex that fully matches every probe value of its
 * kind (`.*`, `.+`, `/.*` for a uri, `[A-Z]+` for a method). An empty StringMatch on the uri too.
 */
function trivialStringMatch(value: unknown, key: string): boolean {
  const m = asRecord(value);
  if (!m) return value === undefined;
  if (Object.keys(m).length === 0) return key === 'uri';
  if (asString(m.prefix) === '' || (key === 'uri' && asString(m.prefix) === '/')) return true;
  const regex = asString(m.regex);
  if (regex === undefined) return false;
  return regex === '.*' || regex === '^.*$' || regexMatchesAll(regex, PROBES[key] ?? PROBE_VALUES);
}

/** True when header conditions hold for every request: only headers every request carries, any value. */
function trivialHeaders(value: unknown): boolean {
  const headers = asRecord(value);
  if (!headers) return value === undefined;
  return Object.keys(headers).every(
    (name) => ALWAYS_PRESENT_HEADERS.has(name) && trivialStringMatch(headers[name], 'header'),
  );
}

/** True when the entry puts no condition on the request's content (path, headers, ...). */
export function matchesAnyContent(entry: JsonRecord): boolean {
  for (const key of CONTENT_KEYS) {
    const value = entry[key];
    if (value === undefined) continue;
    if (key === 'headers') {
      if (!trivialHeaders(value)) return false;
    } else if (key === 'queryParams' || key === 'withoutHeaders') {
      if (isRecord(value) && Object.keys(value).length > 0) return false;
    } else if (!trivialStringMatch(value, key)) return false;
  }
  return true;
}

/** True when the entry matches every request (no condition at all). */
export function isCatchAll(entry: JsonRecord): boolean {
  if (!matchesAnyContent(entry)) return false;
  for (const key of SOURCE_KEYS) {
    const value = entry[key];
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (isRecord(value) && Object.keys(value).length === 0) continue;
    return false;
  }
  return Object.keys(entry).every(
    (k) => NEUTRAL_KEYS.has(k) || CONTENT_KEYS.includes(k) || SOURCE_KEYS.includes(k),
  );
}

const regexCache = new Map<string, RE2 | null>();

/** RE2 full-match (as Envoy's `safe_regex`), compiled once per pattern; false for patterns RE2 rejects. */
export function fullMatch(pattern: string, value: string): boolean {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RE2(`^(?:${pattern})$`, 'u');
    } catch {
      re = null;
    }
    regexCache.set(pattern, re);
  }
  return re !== null && re.test(value);
}

/** True when every string the `narrow` StringMatch accepts is accepted by `wide`. */
function stringCovers(wide: unknown, narrow: unknown, ignoreCase: boolean): boolean {
  const w = asRecord(wide);
  if (wide === undefined) return true;
  if (!w) return false;
  const n = asRecord(narrow);
  if (!n) return false;
  const norm = (s: string | undefined): string | undefined =>
    s !== undefined && ignoreCase ? s.toLowerCase() : s;
  const wExact = norm(asString(w.exact));
  const wPrefix = norm(asString(w.prefix));
  const wRegex = asString(w.regex);
  const nExact = norm(asString(n.exact));
  const nPrefix = norm(asString(n.prefix));
  const nRegex = asString(n.regex);
  if (Object.keys(w).length === 0) return true;
  if (wExact !== undefined) return nExact === wExact;
  if (wPrefix !== undefined) {
    if (nExact !== undefined) return nExact.startsWith(wPrefix);
    if (nPrefix !== undefined) return nPrefix.startsWith(wPrefix);
    return false;
  }
  if (wRegex !== undefined) {
    if (wRegex === '.*' || wRegex === '^.*$') return true;
    if (nRegex !== undefined) return nRegex === wRegex;
    if (nExact !== undefined && !ignoreCase) return fullMatch(wRegex, nExact);
    return false;
  }
  return false;
}

function mapCovers(wide: unknown, narrow: unknown): boolean {
  const w = asRecord(wide);
  if (!w) return wide === undefined;
  const n = asRecord(narrow) ?? {};
  for (const key of Object.keys(w)) {
    if (!(key in n)) return false;
    const wm = asRecord(w[key]);
    if (wm && Object.keys(wm).length === 0) continue; // presence: any condition on the key implies it
    if (!stringCovers(w[key], n[key], false)) return false;
  }
  return true;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * True when `wide` matches every request that `narrow` matches, so a route with `narrow` placed
 * after a route with `wide` can never be reached by those requests.
 */
export function covers(wide: JsonRecord, narrow: JsonRecord): boolean {
  for (const key of Object.keys(wide)) {
    if (!NEUTRAL_KEYS.has(key) && !CONTENT_KEYS.includes(key) && !SOURCE_KEYS.includes(key)) return false;
  }
  const wideIgnore = wide.ignoreUriCase === true;
  const narrowIgnore = narrow.ignoreUriCase === true;
  if (!trivialStringMatch(wide.uri, 'uri')) {
    if (narrowIgnore && !wideIgnore) return false;
    if (!stringCovers(wide.uri, narrow.uri, wideIgnore)) return false;
  }
  for (const key of ['scheme', 'method', 'authority']) {
    if (!trivialStringMatch(wide[key], key) && !stringCovers(wide[key], narrow[key], false)) return false;
  }
  if (!trivialHeaders(wide.headers) && !mapCovers(wide.headers, narrow.headers)) return false;
  if (!mapCovers(wide.queryParams, narrow.queryParams)) return false;
  const wWithout = asRecord(wide.withoutHeaders) ?? {};
  const nWithout = asRecord(narrow.withoutHeaders) ?? {};
  for (const key of Object.keys(wWithout)) {
    if (!sameJson(wWithout[key], nWithout[key])) return false;
  }
  const wPort = asNumber(wide.port);
  if (wPort !== undefined && asNumber(narrow.port) !== wPort) return false;
  const wLabels = asStringMap(wide.sourceLabels);
  const nLabels = asStringMap(narrow.sourceLabels);
  for (const key of Object.keys(wLabels)) if (nLabels[key] !== wLabels[key]) return false;
  for (const key of ['sourceNamespace', 'sourceSubnet']) {
    if (wide[key] !== undefined && wide[key] !== narrow[key]) return false;
  }
  const wGateways = asStringArray(wide.gateways);
  if (wGateways.length > 0) {
    const nGateways = asStringArray(narrow.gateways);
    if (nGateways.length === 0 || !nGateways.every((g) => wGateways.includes(g))) return false;
  }
  return true;
}
