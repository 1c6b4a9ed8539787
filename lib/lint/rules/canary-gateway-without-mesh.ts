import { EDGE_ONLY_ANNOTATION } from '../annotations';
import { asStringArray } from '../read';
import { at, LintRule } from '../rule';

/**
 * A Flagger Canary with `spec.service.gateways` but without `mesh`. Flagger adds `mesh` only when
 * no gateway is given (fluxcd/flagger pkg/router/istio.go), so in-mesh callers are not routed by
 * its VirtualService: they reach the apex Service, which selects the primary pods only, and the
 * canary is never exposed to (nor judged on) in-mesh traffic. A deliberately edge-only canary says
 * so with `canary-kit.dev/edge-only: "true"`.
 */
export const canaryGatewayWithoutMesh: LintRule = {
  id: 'canary-gateway-without-mesh',
  severity: 'error',
  summary: 'A Flagger Canary lists gateways but not mesh: in-mesh callers bypass the canary routing.',
  *check(model) {
    for (const canary of model.canaries) {
      if (canary.delegation || canary.object.annotations[EDGE_ONLY_ANNOTATION] === 'true') continue;
      const gateways = asStringArray(canary.service.gateways);
      if (gateways.length === 0 || gateways.includes('mesh')) continue;
      yield at(
        canary.object,
        ['spec', 'service', 'gateways'],
        `gateways [${gateways.join(', ')}] do not include mesh: Flagger binds its VirtualService to these gateways only, so in-mesh callers of ${canary.apex} always reach the primary and never the canary.`,
        `Add "mesh" to spec.service.gateways (keep it out only for a service that is never called inside the mesh, and say so with the annotation ${EDGE_ONLY_ANNOTATION}: "true").`,
      );
    }
  },
};
