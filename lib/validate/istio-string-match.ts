import type { SchemaIssue } from './finding';
import type { PathSegment } from './json-path';

/**
 * The StringMatch checks of Istio's validating webhook that a schema cannot express, for the
 * `match` list of HTTP routes. istio/istio 1.30.3 `pkg/config/validation/virtualservice.go`,
 * `validateHTTPRouteMatchRequest`: `headers`, `withoutHeaders` (except the regex `*`, which means
 * "present"), `scheme`, `method`, `authority` and every `queryParams` value go through
 * `validateStringMatch`, which rejects an empty `prefix` ("prefix string match should not be
 * empty") and an empty `regex` ("regex string match should not be empty"); `uri` goes through
 * `validateStringMatchRegexp`, which rejects only the empty regex (Envoy allows an empty path
 * prefix).
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const FIX = {
  prefix: 'remove the condition to match any value, or write a non-empty prefix',
  regex:
    'remove the condition to match any value, or write a non-empty RE2 regex (".+" for any non-empty value)',
} as const;

function checkStringMatch(
  match: unknown,
  path: readonly PathSegment[],
  prefixToo: boolean,
  issues: SchemaIssue[],
): void {
  if (!isRecord(match)) return;
  for (const kind of prefixToo ? (['prefix', 'regex'] as const) : (['regex'] as const)) {
    if (match[kind] === '') {
      issues.push({
        path: [...path, kind],
        code: 'invalid-value',
        message: `an empty ${kind} is rejected by Istio's validating webhook ("${kind} string match should not be empty"); ${FIX[kind]}`,
      });
    }
  }
}

/** Every empty prefix/regex that Istio's webhook rejects in one HTTP route's `match` list at `path`. */
export function emptyStringMatches(matchList: unknown, path: readonly PathSegment[]): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  if (!Array.isArray(matchList)) return issues;
  matchList.forEach((match: unknown, i) => {
    if (!isRecord(match)) return;
    const at = [...path, i];
    for (const field of ['headers', 'withoutHeaders'] as const) {
      const headers = match[field];
      if (!isRecord(headers)) continue;
      for (const [name, condition] of Object.entries(headers)) {
        if (field === 'withoutHeaders' && isRecord(condition) && condition.regex === '*') continue;
        checkStringMatch(condition, [...at, field, name], true, issues);
      }
    }
    for (const field of ['scheme', 'method', 'authority'] as const) {
      checkStringMatch(match[field], [...at, field], true, issues);
    }
    checkStringMatch(match.uri, [...at, 'uri'], false, issues);
    if (isRecord(match.queryParams)) {
      for (const [name, condition] of Object.entries(match.queryParams)) {
        checkStringMatch(condition, [...at, 'queryParams', name], true, issues);
      }
    }
  });
  return issues;
}

/** The webhook's empty-match issues of a VirtualService object (every `spec.http[].match`). */
export function virtualServiceWebhookIssues(object: Record<string, unknown>): SchemaIssue[] {
  const spec = object.spec;
  if (!isRecord(spec) || !Array.isArray(spec.http)) return [];
  return spec.http.flatMap((route: unknown, i: number) =>
    isRecord(route) ? emptyStringMatches(route.match, ['spec', 'http', i, 'match']) : [],
  );
}
