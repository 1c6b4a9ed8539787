import { hostMatches, isWildcardHost } from '../hosts';
import { DestinationRuleInfo, LintModel, VirtualServiceInfo } from '../model';
import { PathSegment } from '../path';
import { at, LintRule, routesOfVirtualService } from '../rule';
import { Destination, mirrorsOf } from '../routes';

/** Every destination of a VirtualService (routes and mirrors) with the path of its object. */
export function* destinationsOf(
  model: LintModel,
  vs: VirtualServiceInfo,
): Generator<{
  readonly destination: Destination;
  readonly path: readonly PathSegment[];
  readonly mirror: boolean;
}> {
  for (const route of routesOfVirtualService(model, vs)) {
    for (const d of route.destinations)
      yield { destination: d, path: [...d.path, 'destination'], mirror: false };
    if (route.protocol === 'http') {
      for (const m of mirrorsOf(route.route, route.path, vs.namespace, model.domain)) {
        yield { destination: m.destination, path: m.path, mirror: true };
      }
    }
  }
}

const wildcardRules = new WeakMap<LintModel, DestinationRuleInfo[]>();

/** DestinationRules that apply to a host: same host, or a wildcard host that covers it. */
export function destinationRulesFor(model: LintModel, host: string): DestinationRuleInfo[] {
  let wildcards = wildcardRules.get(model);
  if (!wildcards) {
    wildcards = model.destinationRules.filter((r) => isWildcardHost(r.host));
    wildcardRules.set(model, wildcards);
  }
  const exact = model.destinationRulesByHost.get(host) ?? [];
  return [...exact, ...wildcards.filter((r) => hostMatches(r.host, host))];
}

/**
 * A route or mirror names a subset that no DestinationRule for its host defines. Envoy has no
 * cluster for it, so those requests fail (503) instead of reaching the canary.
 */
export const subsetUndefined: LintRule = {
  id: 'subset-undefined',
  severity: 'error',
  summary:
    'A route names a subset that no DestinationRule for that host defines (those requests fail with 503).',
  *check(model) {
    for (const vs of model.virtualServices) {
      const object = vs.object;
      if (!object) continue;
      for (const { destination: d, path } of destinationsOf(model, vs)) {
        if (d.subset === undefined) continue;
        const rules = destinationRulesFor(model, d.host);
        if (rules.some((r) => r.subsets.some((s) => s.name === d.subset))) continue;
        const defined = rules
          .filter((r) => r.subsets.length > 0)
          .map(
            (r) =>
              `DestinationRule ${r.namespace}/${r.name} defines ${r.subsets.map((s) => `"${s.name}"`).join(', ')}`,
          );
        const where =
          rules.length === 0
            ? `no DestinationRule in the tree has host ${d.host}`
            : defined.length > 0
              ? defined.join('; ')
              : `the DestinationRules for ${d.host} define no subsets`;
        const target = rules.find((r) => r.object !== undefined);
        yield at(
          object,
          [...path, 'subset'],
          `subset "${d.subset}" of host ${d.rawHost} is not defined (${where}); requests routed to it fail with 503.`,
          target
            ? `Add a subset named "${d.subset}" with the pod labels of that version to DestinationRule ${target.namespace}/${target.name}, or correct the subset name.`
            : `Add a DestinationRule with host ${d.host} and a subset named "${d.subset}" (labels that select that version's pods), or correct the subset name.`,
        );
      }
    }
  },
};
