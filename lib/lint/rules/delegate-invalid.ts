import { asArray, asRecord, asString } from '../read';
import { at, LintRule } from '../rule';

/**
 * Broken Istio delegation: a route delegates to a VirtualService that is not in the tree
 * (warning: it may live elsewhere), that has hosts (Istio only delegates to VirtualServices
 * without hosts), or from a delegate (only one level is supported); and a Flagger Canary with
 * `delegation: true` that no root VirtualService delegates to (Flagger's routing is unreachable).
 */
export const delegateInvalid: LintRule = {
  id: 'delegate-invalid',
  severity: 'error',
  summary:
    'Broken delegation: missing or non-delegate target, nested delegation, or a delegating Canary no root routes to.',
  *check(model) {
    const referenced = new Set<string>();
    for (const vs of model.virtualServices) {
      const object = vs.object;
      if (!object) continue;
      const routes = asArray(vs.spec.http);
      for (let i = 0; i < routes.length; i++) {
        const route = asRecord(routes[i]);
        const delegate = asRecord(route?.delegate);
        const name = asString(delegate?.name);
        if (!route || !delegate || name === undefined) continue;
        const ns = asString(delegate.namespace) ?? vs.namespace;
        const key = `${ns}/${name}`;
        referenced.add(key);
        const path = ['spec', 'http', i, 'delegate'];
        if (vs.isDelegate) {
          yield at(
            object,
            path,
            `this VirtualService has no hosts (it is itself a delegate) and delegates to ${key}: Istio supports only one level of delegation.`,
            `Move the routes of ${key} into this VirtualService, or delegate to ${key} from the root.`,
          );
          continue;
        }
        if (route.route !== undefined || route.redirect !== undefined || route.directResponse !== undefined) {
          yield at(
            object,
            path,
            `route http[${i}] has both delegate and route/redirect/directResponse; Istio rejects a delegating route that also routes.`,
            `Keep only delegate (the delegate VirtualService ${key} decides the destinations).`,
          );
        }
        const target = model.virtualServicesByName.get(key);
        if (!target) {
          yield at(
            object,
            path,
            `delegate VirtualService ${key} is not in the linted files; if it does not exist, requests matching http[${i}] get 404.`,
            `Add VirtualService ${key} (without hosts or gateways) or correct delegate.name/namespace.`,
            'warning',
          );
        } else if (!target.isDelegate) {
          yield at(
            object,
            path,
            `delegate VirtualService ${key} has hosts, so Istio does not use it as a delegate: requests matching http[${i}] get 404.`,
            `Remove spec.hosts and spec.gateways from ${key} (a delegate inherits them from the root).`,
          );
        }
      }
    }
    for (const canary of model.canaries) {
      if (!canary.delegation || referenced.has(`${canary.namespace}/${canary.apex}`)) continue;
      yield at(
        canary.object,
        ['spec', 'service', 'delegation'],
        `delegation is true, so Flagger's VirtualService ${canary.namespace}/${canary.apex} has no hosts, but no VirtualService in the linted files delegates to it: nothing reaches Flagger's routing.`,
        `Add a root VirtualService for host ${canary.apex} whose default route has delegate: { name: ${canary.apex}, namespace: ${canary.namespace} }.`,
        'warning',
      );
    }
  },
};
