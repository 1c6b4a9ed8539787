import {
  emptyStringMatches,
  emptyStringMatchFix,
  emptyStringMatchProblem,
} from '../../util/istio-string-match';
import { ModelObject } from '../model';
import { PathSegment } from '../path';
import { asArray, asRecord, dig } from '../read';
import { at, LintRule, RuleFinding } from '../rule';

function* check(object: ModelObject, list: unknown, path: readonly PathSegment[]): Generator<RuleFinding> {
  for (const found of emptyStringMatches(list)) {
    yield at(
      object,
      [...path, ...found.path],
      `${emptyStringMatchProblem(found)}, so the whole object is refused.`,
      emptyStringMatchFix(found),
    );
  }
}

/**
 * Empty `prefix` or `regex` string matches, which Istio's validating webhook rejects (the same
 * check as `canary-kit validate`, from `lib/util/istio-string-match.ts`, which cites the upstream
 * source): in VirtualServices, and in Flagger Canaries' `spec.service.match` and analysis `match`,
 * which Flagger copies into the VirtualService it writes (so Istio refuses Flagger's update and the
 * rollout stalls).
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
