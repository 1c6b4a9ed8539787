import { emptyStringMatches, emptyStringMatchMessage } from '../util/istio-string-match';
import type { SchemaIssue } from './finding';
import { splitApiVersion } from './core-kinds';

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function matchIssues(matches: unknown, base: readonly (string | number)[]): SchemaIssue[] {
  return emptyStringMatches(matches).map((found) => ({
    path: [...base, ...found.path],
    code: 'invalid-value' as const,
    message: emptyStringMatchMessage(found),
  }));
}

/**
 * Checks that Istio's validating webhook makes beyond the CRD schema, as far as canary-kit's
 * output depends on them (the one port of that webhook in `validate`): empty `prefix`/`regex`
 * string matches in a VirtualService's HTTP routes (see `lib/util/istio-string-match.ts`), and in
 * a Flagger Canary's `service.match` and
 * `analysis.match`, which Flagger copies into the VirtualService it writes (fluxcd/flagger v1.44.0
 * pkg/router/istio.go: `Match: canary.Spec.Service.Match`, `mergeMatchConditions(analysis.Match, ...)`),
 * so the webhook rejects Flagger's write and the Canary never progresses.
 */
export function istioAdmissionIssues(
  object: Record<string, unknown>,
  apiVersion: string,
  kind: string,
): SchemaIssue[] {
  const { group } = splitApiVersion(apiVersion);
  const spec = record(object.spec);
  if (!spec) return [];
  if (group === 'networking.istio.io' && kind === 'VirtualService') {
    const http = Array.isArray(spec.http) ? spec.http : [];
    return http.flatMap((route, index) =>
      matchIssues(record(route)?.match, ['spec', 'http', index, 'match']),
    );
  }
  if (group === 'flagger.app' && kind === 'Canary') {
    return [
      ...matchIssues(record(spec.service)?.match, ['spec', 'service', 'match']),
      ...matchIssues(record(spec.analysis)?.match, ['spec', 'analysis', 'match']),
    ];
  }
  return [];
}
