import { ModelObject } from '../model';
import { PathSegment } from '../path';
import { asArray, asRecord, dig } from '../read';
import { at, LintRule, RuleFinding } from '../rule';

function* checkMatchList(
  object: ModelObject,
  list: unknown,
  path: readonly PathSegment[],
): Generator<RuleFinding> {
  const entries = asArray(list);
  for (let i = 0; i < entries.length; i++) {
    for (const field of ['headers', 'withoutHeaders'] as const) {
      const headers = asRecord(asRecord(entries[i])?.[field]);
      if (!headers) continue;
      for (const name of Object.keys(headers)) {
        if (name === name.toLowerCase()) continue;
        yield at(
          object,
          [...path, i, field, name],
          field === 'headers'
            ? `header name "${name}" has uppercase letters: Envoy keeps request header names in lowercase, so this match never matches.`
            : `header name "${name}" has uppercase letters: Envoy keeps request header names in lowercase, so this withoutHeaders condition always holds.`,
          `Write the header name in lowercase: "${name.toLowerCase()}" (Istio: header keys must be lowercase).`,
        );
      }
    }
  }
}

/**
 * Header matches on uppercase header names, in VirtualServices and in Flagger Canaries
 * (`spec.service.match`, `spec.analysis.match`). Istio's API says header keys must be lowercase,
 * and Envoy compares against the lowercase names it stores, so such a match is silently dead.
 */
export const headerUppercase: LintRule = {
  id: 'header-uppercase',
  severity: 'error',
  summary: 'A header match uses an uppercase header name, which never matches (Envoy lowercases names).',
  *check(model) {
    for (const vs of model.virtualServices) {
      if (!vs.object) continue;
      const routes = asArray(vs.spec.http);
      for (let i = 0; i < routes.length; i++) {
        yield* checkMatchList(vs.object, asRecord(routes[i])?.match, ['spec', 'http', i, 'match']);
      }
    }
    for (const canary of model.canaries) {
      const object = canary.object;
      yield* checkMatchList(object, dig(object.manifest, 'spec', 'service', 'match'), [
        'spec',
        'service',
        'match',
      ]);
      yield* checkMatchList(object, canary.analysis.match, [...canary.analysisPath.split('.'), 'match']);
    }
  },
};
