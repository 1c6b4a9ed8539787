/**
 * Istio's admission rule for empty string matches: the one implementation behind `canary-kit
 * validate` (VirtualServices and Flagger Canaries, lib/validate/istio-admission.ts) and `lint`
 * (the `string-match-empty` rule).
 *
 * istio/istio 1.30 pkg/config/validation/virtualservice.go, `validateHTTPRouteMatchRequest`, and
 * validation.go, `validateStringMatch`: in an `HTTPMatchRequest`, a `prefix` or `regex` match of
 * `headers`, `withoutHeaders` (its regex `*` is a presence match and is not validated),
 * `scheme`, `method`, `authority` and `queryParams` "should not be empty"; `uri` goes through
 * `validateStringMatchRegexp`, which allows an empty prefix (Envoy's path prefix may be empty) but
 * not an empty regex. The webhook rejects the whole VirtualService.
 */

/** Path segments from the match list: an index, then keys. */
export type MatchPath = readonly (string | number)[];

/** One empty `prefix` or `regex` that Istio's validation rejects. */
export interface EmptyStringMatch {
  /** Path from the match list, ending at the empty field, e.g. `[0, 'headers', 'x-canary', 'prefix']`. */
  readonly path: MatchPath;
  /** Which match type is empty. */
  readonly type: 'prefix' | 'regex';
  /** The Istio field, as its error names it: `headers`, `uri`, ... */
  readonly where: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function emptyIn(
  match: unknown,
  path: MatchPath,
  where: string,
  allowEmptyPrefix: boolean,
): EmptyStringMatch[] {
  if (!isRecord(match)) return [];
  const found: EmptyStringMatch[] = [];
  if (!allowEmptyPrefix && match.prefix === '')
    found.push({ path: [...path, 'prefix'], type: 'prefix', where });
  if (match.regex === '') found.push({ path: [...path, 'regex'], type: 'regex', where });
  return found;
}

/**
 * Every empty `prefix` or `regex` in a list of Istio `HTTPMatchRequest`s (a VirtualService route's
 * `match`, or a Flagger Canary's `service.match` / `analysis.match`, which Flagger copies into its
 * VirtualService), in document order.
 */
export function emptyStringMatches(matches: unknown): EmptyStringMatch[] {
  if (!Array.isArray(matches)) return [];
  const found: EmptyStringMatch[] = [];
  matches.forEach((match, index) => {
    if (!isRecord(match)) return;
    for (const field of ['headers', 'withoutHeaders', 'queryParams'] as const) {
      const entries = match[field];
      if (!isRecord(entries)) continue;
      for (const [name, value] of Object.entries(entries)) {
        found.push(...emptyIn(value, [index, field, name], field, false));
      }
    }
    found.push(...emptyIn(match.uri, [index, 'uri'], 'uri', true));
    for (const field of ['scheme', 'method', 'authority'] as const) {
      found.push(...emptyIn(match[field], [index, field], field, false));
    }
  });
  return found;
}

/** What is wrong with one empty match, in Istio's words: `an empty prefix: Istio's admission rejects ...`. */
export function emptyStringMatchProblem(found: EmptyStringMatch): string {
  return `an empty ${found.type}: Istio's admission rejects the VirtualService ("${found.where}": ${found.type} string match should not be empty)`;
}

/** What to write instead of an empty match. */
export function emptyStringMatchFix(found: EmptyStringMatch): string {
  return `Remove the condition to match any value, give the ${found.type === 'prefix' ? 'prefix' : 'RE2 pattern'}, or use regex: ".+" to match any non-empty value.`;
}

/** The whole message for one empty match: the problem, then the fix. */
export function emptyStringMatchMessage(found: EmptyStringMatch): string {
  return `${emptyStringMatchProblem(found)}. ${emptyStringMatchFix(found)}`;
}
