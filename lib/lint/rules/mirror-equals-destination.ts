import { at, LintRule, routesOfVirtualService } from '../rule';
import { effectiveShares, formatShare, mirrorsOf, sameDestination, shortDestinationLabel } from '../routes';

/**
 * A mirror whose target also receives live traffic from the same route: those requests are
 * executed twice on the same version (once served, once mirrored), doubling side effects, and the
 * comparison mirroring is meant for is lost. An error when that destination receives all of the
 * route's traffic, a warning when it receives part of it. Flagger's blue/green mirroring (canary
 * at weight 0) is fine.
 */
export const mirrorEqualsDestination: LintRule = {
  id: 'mirror-equals-destination',
  severity: 'error',
  summary: 'A mirror target is also a weighted destination of the same route (error at 100%, warning below).',
  *check(model) {
    for (const vs of model.virtualServices) {
      const object = vs.object;
      if (!object) continue;
      for (const route of routesOfVirtualService(model, vs)) {
        if (route.protocol !== 'http') continue;
        const shares = effectiveShares(route.destinations.map((d) => d.weight));
        if (!shares) continue;
        for (const mirror of mirrorsOf(route.route, route.path, vs.namespace, model.domain)) {
          const i = route.destinations.findIndex(
            (d, k) => shares[k] > 0 && sameDestination(d, mirror.destination),
          );
          if (i < 0) continue;
          const all = shares[i] >= 1;
          yield at(
            object,
            mirror.path,
            `mirror target ${shortDestinationLabel(mirror.destination)} is also a destination of this route receiving ${formatShare(shares[i])} of its requests: ${all ? 'every request' : 'those requests'} reach it twice (served and mirrored), doubling side effects.`,
            `Mirror to a destination that gets no live traffic from this route (e.g. the canary at weight 0), or remove the mirror.`,
            all ? 'error' : 'warning',
          );
        }
      }
    }
  },
};
