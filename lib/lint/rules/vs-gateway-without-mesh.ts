import { isClusterLocal } from '../hosts';
import { at, LintRule, routesOfVirtualService } from '../rule';

/**
 * A VirtualService bound to gateways only (no `mesh`) that routes an in-mesh Service host which no
 * other VirtualService binds to `mesh`: callers inside the mesh bypass its routing and reach every
 * pod of the Service round-robin. An error when the VirtualService splits traffic (a canary), a
 * warning otherwise.
 */
export const vsGatewayWithoutMesh: LintRule = {
  id: 'vs-gateway-without-mesh',
  severity: 'error',
  summary:
    'A VirtualService with gateways but without mesh routes an in-mesh Service: in-mesh callers bypass its split.',
  *check(model) {
    for (const vs of model.virtualServices) {
      const object = vs.object;
      if (!object || vs.isDelegate || vs.gateways.includes('mesh')) continue;
      const uncovered = vs.hosts.filter(
        (h) =>
          isClusterLocal(h.host, model.domain) &&
          model.servicesByHost.has(h.host) &&
          !(model.virtualServicesByHost.get(h.host) ?? []).some((other) => other.gateways.includes('mesh')),
      );
      if (uncovered.length === 0) continue;
      const splits = routesOfVirtualService(model, vs).some(
        (r) => r.destinations.length > 1 || r.destinations.some((d) => d.subset !== undefined),
      );
      const hosts = uncovered.map((h) => h.raw).join(', ');
      yield at(
        object,
        ['spec', 'gateways'],
        `bound to ${vs.gateways.join(', ')} only, but ${hosts} ${uncovered.length > 1 ? 'are in-mesh Services' : 'is an in-mesh Service'} that no VirtualService binds to mesh: callers inside the mesh bypass this routing${splits ? ' and its canary split' : ''} and reach every pod of the Service round-robin.`,
        `Add "mesh" to spec.gateways (a VirtualService applies to sidecars only when gateways is empty or lists mesh).`,
        splits ? 'error' : 'warning',
      );
    }
  },
};
