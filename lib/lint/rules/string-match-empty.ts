import { emptyStringMatches } from '../../validate/istio-string-match';
import { ModelObject } from '../model';
import { PathSegment } from '../path';
import { asArray, asRecord, dig } from '../read';
import { at, LintRule, RuleFinding } from '../rule';

function* check(object: ModelObject, list: unknown, path: readonly PathSegment[]): Generator<RuleFinding> {
  for (const issue of emptyStringMatches(list, path)) {
    const [message, fix] = issue.message.split('; ');
    yield at(
      object,
      issue.path,
      `${message}, so the whole object is refused.`,
      `${fix[0].toUpperCase()}${fix.slice(1)}.`,
    );
  }
}

/**
 * Empty `prefix` or `regex` string matches, which Istio's validating webhook rejects (see
 * `lib/validate/istio-string-match.ts` for the upstream source): in VirtualServices, and in Flagger
 * Canaries' `spec.service.match` and analysis `match`, which Flagger copies into the VirtualService
 * it writes (so Istio refuses Flagger's update and the rollout stalls).
 */
export const stringMatchEmpty: LintRule = {
  id: 'string-match-empty',
  severity: 'error',
  summary:
    "A header, scheme, method, authority, uri or query match is an empty prefix or regex, which Istio's webhook rejects.",
  *check(model) {
    for (const vs of model.virtualServices) {
      if (!vs.object) continue;
      const routes = asArray(vs.spec.http);
      for (let i = 0; i < routes.length; i++) {
        yield* check(vs.object, asRecord(routes[i])?.match, ['spec', 'http', i, 'match']);
      }
    }
    for (const canary of model.canaries) {
      const object = canary.object;
      yield* check(object, dig(object.manifest, 'spec', 'service', 'match'), ['spec', 'service', 'match']);
      yield* check(object, canary.analysis.match, [...canary.analysisPath.split('.'), 'match']);
    }
  },
};
