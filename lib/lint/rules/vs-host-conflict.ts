import { isWildcardHost } from '../hosts';
import { VirtualServiceInfo } from '../model';
import { asStringArray } from '../read';
import { at, LintRule } from '../rule';

/** Namespaces a VirtualService is visible to (`*` for all), from `spec.exportTo`. */
function exportedTo(vs: VirtualServiceInfo): ReadonlySet<string> {
  const list = asStringArray(vs.spec.exportTo);
  if (list.length === 0) return new Set(['*']);
  return new Set(list.map((ns) => (ns === '.' ? vs.namespace : ns)));
}

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.has('*') || b.has('*')) return true;
  for (const ns of a) if (b.has(ns)) return true;
  return false;
}

/**
 * Two VirtualServices for the same host bound to the `mesh` gateway: sidecars use only one of
 * them (Istio's analyzer reports IST0109 ConflictingMeshGatewayVirtualServiceHosts; only
 * gateway-bound VirtualServices are merged).
 */
export const vsHostConflict: LintRule = {
  id: 'vs-host-conflict',
  severity: 'error',
  summary: 'Two VirtualServices bound to mesh route the same host; sidecars apply only one (IST0109).',
  *check(model) {
    const first = new Map<string, VirtualServiceInfo>();
    for (const vs of model.virtualServices) {
      const object = vs.object;
      if (!object || !vs.gateways.includes('mesh')) continue;
      const seen = new Set<string>();
      for (const h of vs.hosts) {
        if (isWildcardHost(h.host) || seen.has(h.host)) continue;
        seen.add(h.host);
        const other = first.get(h.host);
        if (!other) {
          first.set(h.host, vs);
          continue;
        }
        if (other.name === vs.name && other.namespace === vs.namespace) continue; // duplicate-object reports it
        if (!overlap(exportedTo(other), exportedTo(vs))) continue;
        yield at(
          object,
          ['spec', 'hosts', h.index],
          `host ${h.host} is also routed for the mesh gateway by VirtualService ${other.namespace}/${other.name}${other.object ? ` (${other.object.file}${other.object.line > 0 ? `:${other.object.line}` : ''})` : ''}; sidecars apply only one of them (IST0109).`,
          `Merge the routes into one VirtualService, bind one of them to a gateway instead of mesh, or make one a delegate of the other.`,
        );
      }
    }
  },
};
