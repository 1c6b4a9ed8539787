import { HeaderMatches, StringMatch } from '../../spec';
import { RE2 } from 're2-wasm';
import { isLowercaseHeaderName, re2Error } from '../formats';
import { IssueCollector, join } from '../issues';

/**
 * Longest regex Istio accepts (istio/istio 1.30.3 pkg/config/validation/validation.go,
 * `validateStringRegexp`: "regex is too large, max length allowed is 1024", an approximation of
 * Envoy's RE2 program-size limit).
 */
const MAX_REGEX_LENGTH = 1024;

/** Length in UTF-8 bytes, as Go's `len` counts a string. */
function utf8Length(value: string): number {
  return new TextEncoder().encode(value).length;
}

/**
 * Checks one string match: exactly one of exact/prefix/regex, no empty prefix (unless
 * `emptyPrefixAllowed`, as Istio allows for `uri`) or regex, and a regex that RE2 accepts.
 */
export function checkStringMatch(
  path: string,
  match: string | StringMatch,
  issues: IssueCollector,
  emptyPrefixAllowed = false,
): void {
  if (typeof match === 'string') return;
  const kinds = (['exact', 'prefix', 'regex'] as const).filter((k) => match[k] !== undefined);
  if (kinds.length !== 1) {
    issues.add(
      path,
      match,
      `${kinds.length === 0 ? 'sets none of' : `sets both ${kinds.join(' and ')}; set only one of`} exact, prefix or regex.`,
    );
  }
  // istio/istio 1.30 pkg/config/validation/validation.go, `validateStringMatch`: a header's prefix
  // or regex "should not be empty"; the webhook rejects the whole VirtualService.
  for (const kind of emptyPrefixAllowed ? (['regex'] as const) : (['prefix', 'regex'] as const)) {
    if (match[kind] === '') {
      issues.add(
        join(path, kind),
        '',
        `is an empty ${kind}, which Istio's admission rejects ("${kind} string match should not be empty"). Give the ${kind === 'prefix' ? 'prefix' : 'pattern'}, or use regex: ".+" to match any non-empty value.`,
      );
    }
  }
  if (typeof match.regex === 'string' && utf8Length(match.regex) > MAX_REGEX_LENGTH) {
    issues.add(
      join(path, 'regex'),
      match.regex,
      `is ${utf8Length(match.regex)} bytes long; Istio's admission rejects a regex over ${MAX_REGEX_LENGTH} ("regex is too large"). Shorten it.`,
    );
  } else if (typeof match.regex === 'string' && match.regex !== '') {
    const problem = re2Error(match.regex);
    if (problem) {
      issues.add(
        join(path, 'regex'),
        match.regex,
        `is not valid RE2 syntax (${problem}). Envoy uses RE2: no lookarounds or backreferences.`,
      );
    }
  }
}

/**
 * Headers that every request carries when Istio's route table matches it: the HTTP/2 pseudo
 * headers (`host` is `:authority` in Envoy), and two that Envoy's connection manager sets on every
 * request before routing (envoyproxy/envoy source/common/http/conn_manager_utility.cc,
 * `mutateRequestHeaders`: `setReferenceForwardedProto` when absent or untrusted, and a generated
 * `x-request-id` with the default `generate_request_id`).
 */
export const ALWAYS_PRESENT_HEADERS: ReadonlySet<string> = new Set([
  'host',
  ':authority',
  ':method',
  ':path',
  ':scheme',
  'x-forwarded-proto',
  'x-request-id',
]);

/**
 * Values a request header can take, of every shape (empty, a word, a method, a path, a host with
 * and without port, a UUID, punctuation): a regex that fully matches all of them is taken to match
 * any value.
 */
export const PROBE_VALUES: readonly string[] = [
  '',
  'a',
  'GET',
  '/',
  'https',
  'checkout.example.com',
  'checkout.shop.svc.cluster.local:8080',
  '0f8fad5b-d9cb-469f-a165-70867728950e',
  'Mozilla/5.0 (X11; Linux x86_64) ~!@#$%^&*',
];

/**
 * True when a regex fully matches every one of `values`. Envoy's `safe_regex` is an RE2 full
 * match (envoyproxy/envoy source/common/common/regex.h, `CompiledGoogleReMatcher::match` calls
 * `re2::RE2::FullMatch`).
 */
export function regexMatchesAll(regex: string | undefined, values: readonly string[]): boolean {
  if (typeof regex !== 'string' || utf8Length(regex) > MAX_REGEX_LENGTH || re2Error(regex) !== undefined)
    return false;
  const re = new RE2(`^(?:${regex})$`, 'u');
  return values.every((value) => re.test(value));
}

/** True when a string match accepts every value: `prefix: ""`, or a regex that fully matches every probe value. */
function matchesAnyValue(match: string | StringMatch): boolean {
  if (typeof match === 'string') return false;
  if (match.prefix === '') return true;
  return regexMatchesAll(match.regex, PROBE_VALUES);
}

/**
 * True when every request meets these header conditions: all of them name headers every request
 * carries, with values that accept anything (`host: {regex: ".*"}`).
 */
export function headersMatchEveryRequest(headers: HeaderMatches): boolean {
  const names = Object.keys(headers);
  return (
    names.length > 0 &&
    names.every((name) => ALWAYS_PRESENT_HEADERS.has(name) && matchesAnyValue(headers[name]))
  );
}

/** Checks each header condition: a lowercase name (Istio matches lowercase names) and a valid match. */
export function checkHeaderEntries(path: string, headers: HeaderMatches, issues: IssueCollector): void {
  for (const name of Object.keys(headers)) {
    if (!isLowercaseHeaderName(name)) {
      const lower = name.toLowerCase();
      issues.add(
        join(path, name),
        name,
        `is not a lowercase header name; Istio only matches lowercase header names.${isLowercaseHeaderName(lower) ? ` Use '${lower}'.` : ''}`,
      );
    }
    checkStringMatch(join(path, name), headers[name], issues);
  }
}

/**
 * Checks header matches: lowercase names (Istio matches lowercase header names), valid matches,
 * and a set that some requests fail: a match on headers every request carries with values that
 * accept anything (`host: {regex: ".*"}`) would send every request where the match leads.
 */
export function checkHeaderMatches(
  path: string,
  headers: HeaderMatches | undefined,
  issues: IssueCollector,
): void {
  if (headers === undefined) return;
  const names = Object.keys(headers);
  if (names.length === 0) {
    issues.add(path, headers, 'is empty, so it would match every request. Name at least one header.');
  }
  checkHeaderEntries(path, headers, issues);
  if (headersMatchEveryRequest(headers)) {
    issues.add(
      path,
      headers,
      `matches every request (${names.map((n) => `'${n}'`).join(', ')} ${names.length === 1 ? 'is' : 'are'} on every request and the match accepts any value), so all traffic would take this route. Match a header that only the intended requests carry, e.g. x-canary: "true".`,
    );
  }
}
