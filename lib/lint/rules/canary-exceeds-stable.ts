import { PROMOTING_ANNOTATION } from '../annotations';
import { shortHost } from '../hosts';
import { matchEntries, matchesAnyContent } from '../match';
import { LintModel } from '../model';
import { classifyDestinations } from '../roles';
import { argoManagedVirtualServices, at, LintRule, routesOfVirtualService } from '../rule';
import { Destination, effectiveShares, formatShare, shortDestinationLabel } from '../routes';

/** The labels of the DestinationRule subset a destination names, if the tree defines it. */
export function subsetLabelsOf(
  model: LintModel,
  d: Destination,
): Readonly<Record<string, string>> | undefined {
  if (d.subset === undefined) return undefined;
  for (const rule of model.destinationRulesByHost.get(d.host) ?? []) {
    const subset = rule.subsets.find((s) => s.name === d.subset);
    if (subset) return subset.labels;
  }
  return undefined;
}

/**
 * The 99/1 typo: on a route that serves general traffic (no header or path condition), the canary
 * gets a larger share than stable. Allowed during a promotion when the VirtualService carries
 * `canary-kit.dev/promoting: "true"`. Routes matched by headers (dark launch, cohorts) are opt-in
 * and may send any share to the canary; routes whose weights Argo Rollouts manages are skipped.
 */
export const canaryExceedsStable: LintRule = {
  id: 'canary-exceeds-stable',
  severity: 'error',
  summary: `The canary gets a larger share than stable on a general route (the 99/1 typo), without ${PROMOTING_ANNOTATION}: "true".`,
  *check(model) {
    const argo = argoManagedVirtualServices(model);
    for (const vs of model.virtualServices) {
      const object = vs.object;
      if (!object || vs.annotations[PROMOTING_ANNOTATION] === 'true') continue;
      if (argo.has(`${vs.namespace}/${vs.name}`)) continue;
      for (const route of routesOfVirtualService(model, vs)) {
        const ds = route.destinations;
        if (ds.length < 2) continue;
        if (route.protocol === 'http' && !matchEntries(route.route).some(matchesAnyContent)) continue;
        const shares = effectiveShares(ds.map((d) => d.weight));
        if (!shares) continue;
        const roles = classifyDestinations(
          ds,
          (d) => subsetLabelsOf(model, d),
          (d) => shortHost(d.host, model.domain),
        );
        let stable = 0;
        let canary = 0;
        let firstCanary = -1;
        let firstStable = -1;
        roles.forEach((role, i) => {
          if (role === 'canary') {
            canary += shares[i];
            if (firstCanary < 0) firstCanary = i;
          } else if (role === 'stable') {
            stable += shares[i];
            if (firstStable < 0) firstStable = i;
          }
        });
        if (firstCanary < 0 || firstStable < 0 || canary <= stable) continue;
        const c = ds[firstCanary];
        const s = ds[firstStable];
        yield at(
          object,
          [...c.path, 'weight'],
          `canary ${shortDestinationLabel(c)} gets ${formatShare(canary)} of requests and stable ${shortDestinationLabel(s)} gets ${formatShare(stable)}: the canary share is larger than the stable share (weights ${c.weight ?? 'none'} and ${s.weight ?? 'none'}).`,
          `If the weights are swapped, give stable ${c.weight ?? 0} and the canary ${s.weight ?? 0}; if this is a deliberate promotion step, annotate the VirtualService with ${PROMOTING_ANNOTATION}: "true".`,
        );
      }
    }
  },
};
