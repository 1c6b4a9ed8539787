import {
  emptyStringMatches,
  emptyStringMatchFix,
  emptyStringMatchProblem,
} from '../../util/istio-string-match';
import { ModelObject } from '../model';
import { PathSegment } from '../path';
import { asArray, asRecord, dig } from '../read';
import { at, LintRule, RuleFinding } from '../rule';

function* checkMatchList(
  object: ModelObject,
  list: unknown,
  path: readonly PathSegment[],
  flagger: boolean,
): Generator<RuleFinding> {
  for (const found of emptyStringMatches(list)) {
    yield at(
      object,
      [...path, ...found.path],
      `${found.where} match with ${emptyStringMatchProblem(found)}${flagger ? ', so Flagger cannot write its VirtualService and the Canary never progresses' : ''}.`,
      emptyStringMatchFix(found),
    );
  }
}

/**
 * An empty `prefix` or `regex` string match in a VirtualService route, or in a Flagger Canary's
 * `spec.service.match` / `spec.analysis.match` (Flagger copies them into its VirtualService):
 * Istio's validating webhook rejects the VirtualService (`lib/util/istio-string-match.ts`).
 */
export const stringMatchEmpty: LintRule = {
  id: 'string-match-empty',
  severity: 'error',
  summary:
    "A header, query or authority match has an empty prefix or regex, which Istio's admission rejects.",
  *check(model) {
    for (const vs of model.virtualServices) {
      if (!vs.object) continue;
      const routes = asArray(vs.spec.http);
      for (let i = 0; i < routes.length; i++) {
        yield* checkMatchList(vs.object, asRecord(routes[i])?.match, ['spec', 'http', i, 'match'], false);
      }
    }
    for (const canary of model.canaries) {
      const object = canary.object;
      yield* checkMatchList(
        object,
        dig(object.manifest, 'spec', 'service', 'match'),
        ['spec', 'service', 'match'],
        true,
      );
      yield* checkMatchList(
        object,
        canary.analysis.match,
        [...canary.analysisPath.split('.'), 'match'],
        true,
      );
    }
  },
};
