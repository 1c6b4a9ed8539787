import { covers, isCatchAll, matchEntries } from '../match';
import { asArray, asRecord, asString, JsonRecord } from '../read';
import { at, LintRule } from '../rule';

function label(index: number, route: JsonRecord): string {
  const name = asString(route.name);
  return `http[${index}]${name === undefined ? '' : ` "${name}"`}`;
}

/**
 * An HTTP route that can never match because an earlier route matches every request it would
 * (typically a match-all default route placed before a header rule). Istio evaluates routes in
 * order and uses the first that matches; a delegated route also ends the search.
 */
export const routeShadowed: LintRule = {
  id: 'route-shadowed',
  severity: 'error',
  summary:
    'An HTTP route can never match: an earlier route (often a match-all default) matches all its requests.',
  *check(model) {
    for (const vs of model.virtualServices) {
      const object = vs.object;
      if (!object) continue;
      const routes = asArray(vs.spec.http).map((r) => asRecord(r) ?? {});
      const earlier: { index: number; route: JsonRecord; entries: JsonRecord[] }[] = [];
      for (let j = 0; j < routes.length; j++) {
        const route = routes[j];
        const entries = matchEntries(route);
        const shadowers = entries.map((entry) =>
          earlier.find((e) => e.entries.some((w) => covers(w, entry))),
        );
        if (earlier.length > 0 && shadowers.every((s) => s !== undefined)) {
          const first = shadowers[0] as (typeof earlier)[number];
          const catchAllEntry = first.entries.find(isCatchAll);
          const catchAll = catchAllEntry !== undefined;
          const why =
            catchAllEntry &&
            Object.keys(catchAllEntry).some((k) => !['name', 'statPrefix', 'ignoreUriCase'].includes(k))
              ? 'its conditions accept every request'
              : 'it has no match conditions';
          yield at(
            object,
            ['spec', 'http', j],
            catchAll
              ? `route ${label(j, route)} can never match: ${label(first.index, first.route)} comes first and matches every request (${why}), and Istio uses the first route that matches.`
              : `route ${label(j, route)} can never match: every request it matches is already matched by ${label(first.index, first.route)}, which comes first (Istio uses the first route that matches).`,
            catchAll
              ? `Move ${label(first.index, first.route)} to the end of spec.http: the match-all route must be last.`
              : `Move ${label(j, route)} above ${label(first.index, first.route)}, or remove it.`,
          );
        }
        earlier.push({ index: j, route, entries });
      }
    }
  },
};
