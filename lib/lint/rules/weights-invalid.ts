import { at, LintRule, quote, routesOfVirtualService } from '../rule';
import { routeLabel } from '../routes';

/**
 * Weights Istio rejects: negative, not an integer, or all zero in a split. Istio's own validation
 * rejects these, so the VirtualService never reaches the proxies and the old routing stays.
 */
export const weightsInvalid: LintRule = {
  id: 'weights-invalid',
  severity: 'error',
  summary: 'A route weight is negative or not an integer, or every weight of a split is 0.',
  *check(model) {
    for (const vs of model.virtualServices) {
      const object = vs.object;
      if (!object) continue;
      for (const route of routesOfVirtualService(model, vs)) {
        let anyBad = false;
        for (const d of route.destinations) {
          if (d.rawWeight === undefined) continue;
          if (d.weight === undefined || !Number.isInteger(d.weight)) {
            anyBad = true;
            yield at(
              object,
              [...d.path, 'weight'],
              `weight ${quote(d.rawWeight)} of ${d.rawHost}${d.subset ? `/${d.subset}` : ''} is not an integer; Istio rejects the VirtualService.`,
              `Write a whole number without quotes, e.g. 'weight: 10'.`,
            );
          } else if (d.weight < 0) {
            anyBad = true;
            yield at(
              object,
              [...d.path, 'weight'],
              `weight ${d.weight} of ${d.rawHost}${d.subset ? `/${d.subset}` : ''} is negative; Istio rejects the VirtualService.`,
              `Use 0 to send no traffic to this destination.`,
            );
          }
        }
        const weights = route.destinations.map((d) => d.weight ?? 0);
        if (!anyBad && route.destinations.length > 1 && weights.every((w) => w === 0)) {
          yield at(
            object,
            [...route.path, 'route'],
            `every destination of ${routeLabel(route)} has weight 0 or none (${route.destinations.length} destinations); Istio rejects a split whose weights sum to 0.`,
            `Give the destinations the intended split, e.g. 'weight: 90' on stable and 'weight: 10' on the canary.`,
          );
        }
      }
    }
  },
};
