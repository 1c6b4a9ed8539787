import { asArray, asRecord, dig } from '../read';
import { at, LintRule } from '../rule';

/**
 * The fields of an A/B match (`spec.analysis.match[]`) that fluxcd/flagger v1.44.0's Canary CRD
 * declares (artifacts/flagger/crd.yaml); the API server prunes every other field of a structural
 * schema when the Canary is applied.
 */
const KEPT_BY_CRD = new Set(['headers', 'queryParams', 'sourceLabels']);
/** Pruned too, but no condition: dropping them changes nothing the match selects. */
const NOT_CONDITIONS = new Set(['name', 'statPrefix', 'ignoreUriCase']);

/**
 * A/B conditions Flagger never routes by, so the A/B route matches more requests than written
 * (every request, when nothing else is left):
 * - fields the Canary CRD does not declare (`uri`, `method`, ...), pruned on apply;
 * - `queryParams` next to a `spec.service.match`: Flagger then builds each A/B match from a copy
 *   of a service match and takes over only its `headers` and `sourceLabels` (pkg/router/istio.go,
 *   `mergeMatchConditions`).
 */
export const flaggerMatchDropped: LintRule = {
  id: 'flagger-match-dropped',
  severity: 'error',
  summary:
    'An A/B match condition Flagger drops (a field its Canary CRD prunes, or queryParams next to service.match): the A/B route matches more requests.',
  *check(model) {
    for (const canary of model.canaries) {
      const object = canary.object;
      const serviceMatch = asArray(dig(object.manifest, 'spec', 'service', 'match'));
      const base = [...canary.analysisPath.split('.'), 'match'];
      for (const [index, value] of asArray(canary.analysis.match).entries()) {
        const entry = asRecord(value);
        if (!entry) continue;
        for (const field of Object.keys(entry)) {
          if (!KEPT_BY_CRD.has(field) && !NOT_CONDITIONS.has(field)) {
            yield at(
              object,
              [...base, index, field],
              `${field} is not a field of Flagger's A/B match: the Canary CRD keeps only headers, queryParams and sourceLabels, so the API server drops ${field} and the A/B route sends more requests to the canary than this match says.`,
              `Select the A/B requests by headers, queryParams or sourceLabels (e.g. a header the client sets on those requests), or route them with a mesh-mode VirtualService instead.`,
            );
          }
        }
        if (entry.queryParams !== undefined && serviceMatch.length > 0) {
          yield at(
            object,
            [...base, index, 'queryParams'],
            `queryParams are dropped because the Canary has spec.service.match: Flagger builds each A/B match from a copy of a service match and takes over only headers and sourceLabels (fluxcd/flagger pkg/router/istio.go, mergeMatchConditions), so the A/B route ignores these query parameters.`,
            `Select the A/B requests by headers or sourceLabels, or remove spec.service.match.`,
          );
        }
      }
    }
  },
};
