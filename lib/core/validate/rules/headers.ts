import { HeaderMatches, StringMatch } from '../../spec';
import { isLowercaseHeaderName, re2Error } from '../formats';
import { IssueCollector, join } from '../issues';

/** Checks one string match: exactly one of exact/prefix/regex, and a regex that RE2 accepts. */
export function checkStringMatch(path: string, match: string | StringMatch, issues: IssueCollector): void {
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
  for (const kind of ['prefix', 'regex'] as const) {
    if (match[kind] === '') {
      issues.add(
        join(path, kind),
        '',
        `is an empty ${kind}, which Istio's admission rejects ("${kind} string match should not be empty"). Give the ${kind === 'prefix' ? 'prefix' : 'pattern'}, or use regex: ".+" to match any non-empty value.`,
      );
    }
  }
  if (typeof match.regex === 'string' && match.regex !== '') {
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

/** Checks header matches: lowercase names (Istio matches lowercase header names) and valid matches. */
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
  for (const name of names) {
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
