import { resolveGateway } from '../lint/hosts';
import { fullMatch } from '../lint/match';
import { asNumber, asRecord, asString, asStringArray, asStringMap, isRecord, JsonRecord } from '../lint/read';
import { SimRequest } from './request';

/** A compiled match condition: true when the request satisfies it. */
export type Predicate = (request: SimRequest) => boolean;

/**
 * True when `value` satisfies an Istio StringMatch: exact, prefix, or an RE2 regex that must match
 * the whole value (Envoy's `safe_regex` is a full match). `ignoreCase` (ignoreUriCase) applies to
 * exact and prefix only.
 */
export function stringMatches(m: JsonRecord, value: string | undefined, ignoreCase = false): boolean {
  if (value === undefined) return false;
  const v = ignoreCase ? value.toLowerCase() : value;
  const exact = asString(m.exact);
  if (exact !== undefined) return v === (ignoreCase ? exact.toLowerCase() : exact);
  const prefix = asString(m.prefix);
  if (prefix !== undefined) return v.startsWith(ignoreCase ? prefix.toLowerCase() : prefix);
  const regex = asString(m.regex);
  if (regex !== undefined) return fullMatch(regex, value); // Envoy ignores ignore_case for safe_regex
  return true; // an empty StringMatch only requires presence
}

/** True when the request's gateway is one of `gateways` (resolved `ns/name` or `mesh`). */
export function gatewayIn(requestGateway: string, gateways: readonly string[]): boolean {
  if (requestGateway.includes('/') || requestGateway === 'mesh') return gateways.includes(requestGateway);
  return gateways.some((g) => g !== 'mesh' && g.slice(g.indexOf('/') + 1) === requestGateway);
}

/**
 * Compiles one `HTTPMatchRequest` of a VirtualService in `namespace`. Every condition must hold
 * (Istio ANDs the fields of one match; the entries of a route's `match` list are ORed).
 */
export function compileMatch(entry: JsonRecord, namespace: string): Predicate {
  const tests: Predicate[] = [];
  const ignoreCase = entry.ignoreUriCase === true;
  const uri = asRecord(entry.uri);
  // Istio makes `uri` Envoy's `path`, `prefix` or `safe_regex` (istio/istio 1.30.3
  // pilot/pkg/networking/core/route/route.go, `TranslateRouteMatch`); Envoy compares `path` and
  // `safe_regex` with `:path` "once the query string is removed" and `prefix` with the beginning
  // of `:path` itself (envoyproxy/envoy api/envoy/config/route/v3/route_components.proto, RouteMatch).
  const uriSubject = (r: SimRequest): string | undefined =>
    uri && asString(uri.prefix) !== undefined ? (r.headers.get(':path') ?? r.path) : r.path;
  if (uri) tests.push((r) => stringMatches(uri, uriSubject(r), ignoreCase));
  for (const [field, read] of [
    ['scheme', (r: SimRequest) => r.scheme],
    ['method', (r: SimRequest) => r.method],
    ['authority', (r: SimRequest) => r.authority],
  ] as const) {
    const m = asRecord(entry[field]);
    if (m) tests.push((r) => stringMatches(m, read(r)));
  }
  const headers = asRecord(entry.headers) ?? {};
  for (const name of Object.keys(headers)) {
    const m = asRecord(headers[name]) ?? {};
    tests.push((r) => stringMatches(m, r.headers.get(name)));
  }
  const without = asRecord(entry.withoutHeaders) ?? {};
  for (const name of Object.keys(without)) {
    const m = asRecord(without[name]) ?? {};
    tests.push((r) => !stringMatches(m, r.headers.get(name)));
  }
  const query = asRecord(entry.queryParams) ?? {};
  for (const name of Object.keys(query)) {
    const m = asRecord(query[name]) ?? {};
    tests.push((r) => stringMatches(m, r.query.get(name)));
  }
  const port = asNumber(entry.port);
  if (port !== undefined) tests.push((r) => r.port === port);
  const labels = asStringMap(entry.sourceLabels);
  for (const key of Object.keys(labels)) tests.push((r) => r.sourceLabels[key] === labels[key]);
  const sourceNamespace = asString(entry.sourceNamespace);
  if (sourceNamespace !== undefined) tests.push((r) => r.sourceNamespace === sourceNamespace);
  const gateways = asStringArray(entry.gateways).map((g) => resolveGateway(g, namespace));
  if (gateways.length > 0) tests.push((r) => gatewayIn(r.gateway, gateways));
  return (r) => tests.every((t) => t(r));
}

/** Compiles a route's `match` list: no list (or an empty one) matches every request. */
export function compileRouteMatch(match: unknown, namespace: string): Predicate {
  if (!Array.isArray(match) || match.length === 0) return () => true;
  const entries = match.map((m) => compileMatch(isRecord(m) ? m : {}, namespace));
  return (r) => entries.some((e) => e(r));
}
