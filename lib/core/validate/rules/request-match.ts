import { RequestMatchSpec, StringMatch } from '../../spec';
import { isLabelKey, isLabelValue } from '../formats';
import { IssueCollector, join } from '../issues';
import {
  checkHeaderEntries,
  checkHeaderMatches,
  checkStringMatch,
  headersMatchEveryRequest,
  regexMatchesAll,
} from './headers';

/**
 * Request conditions beyond headers (an Istio `HTTPMatchRequest`), checked as Istio's admission
 * checks them and for what Envoy then does with them.
 *
 * istio/istio 1.30.3 pkg/config/validation/virtualservice.go, `validateHTTPRouteMatchRequest`:
 * `uri` goes through `validateStringMatchRegexp` (an empty regex is refused, an empty prefix is
 * allowed: Envoy's path prefix may be empty), `method` and every `queryParams` value through
 * `validateStringMatch` (an empty prefix or regex is refused), and `sourceLabels` through
 * `labels.Instance.Validate` (pkg/config/labels/instance.go: Kubernetes label keys and values).
 * pilot/pkg/networking/core/route/route.go, `TranslateRouteMatch`: `uri` becomes Envoy's `path`
 * (exact), `prefix` or `safe_regex`, `method` a header matcher on `:method`, `queryParams` Envoy
 * query-parameter matchers; `sourceMatchHTTP` keeps a route with `sourceLabels` only in the
 * configuration of proxies whose own labels include them (the caller's sidecar, or the gateway).
 */

/** The condition fields of a request match, in the order they are checked and reported. */
const CONDITIONS = ['headers', 'uri', 'method', 'queryParams', 'sourceLabels'] as const;

/**
 * Paths of every shape, all starting with `/` as Envoy's `:path` does: a uri regex that fully
 * matches all of them is taken to match any path.
 */
export const PROBE_PATHS: readonly string[] = [
  '/',
  '/a',
  '/index.html',
  '/api/v1/users/42',
  "/%20~!$&'()*+,;=:@-._",
];

/** The request methods of RFC 9110 section 9 and PATCH (RFC 5789). */
export const HTTP_METHODS: readonly string[] = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
];

/** A method is an HTTP token (RFC 9110 section 9.1). */
const METHOD_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Where a request match is used: `flagger` for an A/B match, which Flagger's CRD narrows. */
export type RequestMatchContext = 'mesh' | 'flagger';

function present(match: RequestMatchSpec): (typeof CONDITIONS)[number][] {
  return CONDITIONS.filter((field) => match[field] !== undefined);
}

function asStringMatch(value: string | StringMatch): StringMatch {
  return typeof value === 'string' ? { exact: value } : value;
}

/** True when a uri match accepts every path: prefix `""` or `"/"`, or a regex matching every probe path. */
function uriMatchesAnyPath(uri: StringMatch): boolean {
  return uri.prefix === '' || uri.prefix === '/' || regexMatchesAll(uri.regex, PROBE_PATHS);
}

/** True when a method match accepts every method: a regex that matches all of them. */
function methodMatchesAny(method: string | StringMatch): boolean {
  return regexMatchesAll(asStringMatch(method).regex, HTTP_METHODS);
}

function checkUri(path: string, uri: StringMatch, issues: IssueCollector): void {
  checkStringMatch(path, uri, issues, true);
  // Envoy's `:path` starts with "/" (envoyproxy/envoy api/envoy/config/route/v3/
  // route_components.proto, RouteMatch: `path` and `safe_regex` see it "once the query string is
  // removed", `prefix` its beginning), so an exact or prefix match without it never matches.
  for (const kind of ['exact', 'prefix'] as const) {
    const value = uri[kind];
    if (typeof value === 'string' && value !== '' && !value.startsWith('/')) {
      issues.add(join(path, kind), value, `never matches: request paths start with "/". Use "/${value}".`);
    }
  }
}

function checkMethod(path: string, method: string | StringMatch, issues: IssueCollector): void {
  checkStringMatch(path, method, issues);
  const m = asStringMatch(method);
  const at = typeof method === 'string' ? path : join(path, 'exact');
  for (const kind of ['exact', 'prefix'] as const) {
    const value = m[kind];
    if (typeof value !== 'string' || value === '') continue;
    const where = kind === 'exact' ? at : join(path, kind);
    const upper = value.toUpperCase();
    if (!METHOD_TOKEN.test(value)) {
      issues.add(
        where,
        value,
        `is not an HTTP method (a token such as GET or POST), so it never matches. Use one of ${HTTP_METHODS.join(', ')}.`,
      );
    } else if (
      value !== upper &&
      HTTP_METHODS.some((known) => (kind === 'exact' ? known === upper : known.startsWith(upper)))
    ) {
      // Envoy compares `:method` case-sensitively (route.go `translateHeaderMatch`), and methods
      // are case-sensitive (RFC 9110 section 9.1), sent uppercase by clients.
      issues.add(
        where,
        value,
        `never matches: methods are case-sensitive and sent uppercase. Use '${upper}'.`,
      );
    }
  }
  if (m.exact === '') {
    issues.add(at, '', 'is empty; no request has an empty method. Name the method, e.g. POST.');
  }
}

function checkQueryParams(
  path: string,
  params: Readonly<Record<string, string | StringMatch>>,
  issues: IssueCollector,
): void {
  const names = Object.keys(params);
  if (names.length === 0) {
    issues.add(path, params, 'is empty. Name at least one query parameter, or remove queryParams.');
  }
  for (const name of names) {
    if (name === '') {
      issues.add(join(path, name), name, 'is an empty parameter name. Name the query parameter.');
    }
    checkStringMatch(join(path, name), params[name], issues);
  }
}

function checkSourceLabels(
  path: string,
  labels: Readonly<Record<string, string>>,
  issues: IssueCollector,
): void {
  const keys = Object.keys(labels);
  if (keys.length === 0) {
    issues.add(
      path,
      labels,
      'is empty. Name at least one label of the calling workload, or remove sourceLabels.',
    );
  }
  for (const key of keys) {
    if (!isLabelKey(key)) {
      issues.add(
        join(path, key),
        key,
        'is not a Kubernetes label key, which Istio\'s admission rejects ("invalid tag key"). Use e.g. app or app.kubernetes.io/name.',
      );
    }
    const value = labels[key];
    if (typeof value === 'string' && !isLabelValue(value)) {
      issues.add(
        join(path, key),
        value,
        "is not a Kubernetes label value, which Istio's admission rejects (\"invalid tag value\"). Use at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric.",
      );
    }
  }
}

/** True when every condition of the match accepts every request (and it has at least one). */
function matchesEveryRequest(match: RequestMatchSpec): boolean {
  if (match.queryParams !== undefined && Object.keys(match.queryParams).length > 0) return false;
  if (match.sourceLabels !== undefined && Object.keys(match.sourceLabels).length > 0) return false;
  if (match.headers !== undefined && !headersMatchEveryRequest(match.headers)) return false;
  if (match.uri !== undefined && !uriMatchesAnyPath(match.uri)) return false;
  if (match.method !== undefined && !methodMatchesAny(match.method)) return false;
  return present(match).length > 0;
}

/**
 * Checks one request match at `path` (a dark launch, a cohort, an A/B match): at least one
 * condition, each valid as Istio validates it, none that can never match, the set not matching
 * every request, and in `flagger` context only the fields Flagger's Canary CRD keeps. A match of
 * headers alone is checked exactly as header matches always were (`checkHeaderMatches`).
 */
export function checkRequestMatch(
  path: string,
  match: RequestMatchSpec,
  context: RequestMatchContext,
  issues: IssueCollector,
): void {
  const fields = present(match);
  if (fields.length === 0) {
    issues.add(
      path,
      match,
      `sets no condition, so it would match every request. Give at least one of ${(context === 'flagger' ? ['headers', 'queryParams', 'sourceLabels'] : CONDITIONS).join(', ')}.`,
    );
    return;
  }
  if (context === 'flagger') {
    // fluxcd/flagger v1.44.0 artifacts/flagger/crd.yaml: the items of `analysis.match` declare
    // only `headers`, `queryParams` and `sourceLabels`, and the API server prunes every other
    // field of a structural schema, so a `uri` or `method` would vanish and the A/B route would
    // match more requests than written (all of them, when nothing else is left).
    for (const field of ['uri', 'method'] as const) {
      if (match[field] !== undefined) {
        issues.add(
          join(path, field),
          match[field],
          `is dropped by Flagger's Canary CRD, which keeps only headers, queryParams and sourceLabels in an A/B match, so the match would select more requests than written. Select the requests by headers, queryParams or sourceLabels (e.g. a header your client sets on ${field === 'uri' ? 'that path' : 'those calls'}), or use mode: mesh with traffic.cohorts.`,
        );
      }
    }
  }
  if (fields.length === 1 && fields[0] === 'headers') {
    checkHeaderMatches(join(path, 'headers'), match.headers, issues);
    return;
  }
  if (match.headers !== undefined) {
    if (Object.keys(match.headers).length === 0) {
      issues.add(
        join(path, 'headers'),
        match.headers,
        'is empty. Name at least one header, or remove headers.',
      );
    }
    checkHeaderEntries(join(path, 'headers'), match.headers, issues);
  }
  if (match.uri !== undefined) checkUri(join(path, 'uri'), match.uri, issues);
  if (match.method !== undefined) checkMethod(join(path, 'method'), match.method, issues);
  if (match.queryParams !== undefined) checkQueryParams(join(path, 'queryParams'), match.queryParams, issues);
  if (match.sourceLabels !== undefined)
    checkSourceLabels(join(path, 'sourceLabels'), match.sourceLabels, issues);
  if (matchesEveryRequest(match)) {
    issues.add(
      path,
      match,
      `matches every request (each of ${fields.join(', ')} accepts any request), so all traffic would take this route. Add a condition only the intended requests meet, e.g. headers: { x-canary: "true" }.`,
    );
  }
}
