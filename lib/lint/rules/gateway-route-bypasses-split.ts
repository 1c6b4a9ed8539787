import { serviceHost } from '../hosts';
import { LintModel, VirtualServiceInfo } from '../model';
import { asArray, asRecord, asString } from '../read';
import { at, LintRule, routesOfVirtualService } from '../rule';

/** Who divides the traffic of a host for in-mesh callers, and how. */
interface Split {
  /** The object that splits: `VirtualService ns/name` or `Canary ns/name`. */
  readonly by: string;
  /** The VirtualService that splits (undefined for a Flagger Canary). */
  readonly virtualService?: VirtualServiceInfo;
  /** What the split does, for the message. */
  readonly how: string;
  /** How to route the edge through it. */
  readonly fix: string;
}

/**
 * Subset destinations of a mesh VirtualService whose host is one of its own hosts, including those
 * of the delegates its routes name (one level, as Istio supports): the subsets it divides that
 * host's traffic among.
 */
function subsetsByHost(model: LintModel, vs: VirtualServiceInfo): Map<string, Set<string>> {
  const own = new Set(vs.hosts.map((h) => h.host));
  const out = new Map<string, Set<string>>();
  const collect = (from: VirtualServiceInfo): void => {
    for (const route of routesOfVirtualService(model, from))
      for (const d of route.destinations) {
        if (d.subset === undefined || !own.has(d.host)) continue;
        const set = out.get(d.host) ?? new Set<string>();
        set.add(d.subset);
        out.set(d.host, set);
      }
  };
  collect(vs);
  for (const entry of asArray(vs.spec.http)) {
    const delegate = asRecord(asRecord(entry)?.delegate);
    const name = asString(delegate?.name);
    if (!delegate || name === undefined) continue;
    const target = model.virtualServicesByName.get(`${asString(delegate.namespace) ?? vs.namespace}/${name}`);
    if (target?.isDelegate) collect(target);
  }
  return out;
}

/** Every host whose in-mesh traffic is divided among subsets or by a Flagger Canary, with who does it. */
function splitHosts(model: LintModel): Map<string, Split[]> {
  const out = new Map<string, Split[]>();
  const add = (host: string, split: Split): void => {
    out.set(host, [...(out.get(host) ?? []), split]);
  };
  for (const vs of model.virtualServices) {
    if (!vs.object || vs.isDelegate || !vs.gateways.includes('mesh')) continue;
    for (const [host, subsets] of subsetsByHost(model, vs)) {
      add(host, {
        by: vs.object.ref,
        virtualService: vs,
        how: `routes the in-mesh traffic of ${host} to subsets ${[...subsets].join(', ')}`,
        fix: `give this route the subset destinations and weights of ${vs.object.ref}, or serve this host from ${vs.object.ref} itself (add the gateway to its spec.gateways and the host to its spec.hosts), or delegate this route to a delegate VirtualService that holds the split`,
      });
    }
  }
  for (const canary of model.canaries) {
    // Flagger's apex Service `<apex>` selects the primary's pods only (fluxcd/flagger
    // pkg/router/kubernetes_default.go: Reconcile creates the apex Service with the pod selector
    // `<label>-primary`); only Flagger's VirtualService sends a share to `<apex>-canary`.
    add(serviceHost(canary.apex, canary.namespace, model.domain), {
      by: canary.object.ref,
      how: `shifts the traffic of ${canary.apex} between ${canary.primary} and ${canary.canary} in its own VirtualService, while the Service ${canary.apex} selects only the primary's pods`,
      fix: canary.delegation
        ? `delegate this route to ${canary.namespace}/${canary.apex}, the VirtualService Flagger manages for ${canary.object.ref}`
        : `serve this host from the Canary (add it to spec.service.hosts and the gateway to spec.service.gateways of ${canary.object.ref}), or set spec.service.delegation: true on the Canary and delegate this route to ${canary.namespace}/${canary.apex}`,
    });
  }
  return out;
}

/**
 * A VirtualService bound to a gateway whose route sends traffic to a host without a subset, while
 * in-mesh traffic to that host is divided among subsets by a mesh VirtualService (or shifted by a
 * Flagger Canary). A gateway applies only the VirtualServices bound to it, and the sidecar of the
 * receiving pod does not route again, so edge requests reach every pod of the Service round-robin
 * (or only the primary, for a Flagger apex): they bypass the canary split.
 *
 * Istio's analyzer reports the same case as IST0140 IngressRouteRulesNotAffected, level Warning
 * (istio/istio pkg/config/analysis/msg/messages.yaml; the check is `analyzeSubset` in
 * pkg/config/analysis/analyzers/virtualservice/destinationhosts.go: a VirtualService with gateways
 * whose HTTP route destination has no subset, while some VirtualService routes one of its own
 * hosts to a subset). This rule resolves hosts as Istio does instead of comparing them as written,
 * ignores splits not bound to `mesh`, and also knows Flagger's apex Service.
 */
export const gatewayRouteBypassesSplit: LintRule = {
  id: 'gateway-route-bypasses-split',
  severity: 'warning',
  summary:
    'A gateway VirtualService routes to a host without a subset while a mesh VirtualService or a Flagger Canary splits that host: edge traffic bypasses the split.',
  *check(model) {
    const splits = splitHosts(model);
    if (splits.size === 0) return;
    for (const vs of model.virtualServices) {
      const object = vs.object;
      const gateways = vs.gateways.filter((g) => g !== 'mesh');
      if (!object || vs.isDelegate || gateways.length === 0) continue;
      for (const route of routesOfVirtualService(model, vs)) {
        const reported = new Set<string>();
        for (const d of route.destinations) {
          if (d.subset !== undefined || reported.has(d.host)) continue;
          const split = (splits.get(d.host) ?? []).find((s) => s.virtualService !== vs);
          if (!split) continue;
          reported.add(d.host);
          yield at(
            object,
            [...d.path, 'destination', 'host'],
            `routes requests arriving through ${gateways.join(', ')} to ${d.rawHost} without a subset, but ${split.by} ${split.how}: a gateway applies only the VirtualServices bound to it, so these requests bypass the canary split (Istio's analyzer: IST0140).`,
            `Route edge traffic through the split: ${split.fix}.`,
          );
        }
      }
    }
  },
};
