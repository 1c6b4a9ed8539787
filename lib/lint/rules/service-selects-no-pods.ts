import { formatLabels } from '../labels';
import { at, LintRule } from '../rule';
import { podsOfService } from './subset-selects-no-pods';

/**
 * A Service whose selector matches no pod template of the tree: it has no endpoints. When the
 * namespace has no workload in the tree at all (the workloads live in another repository), the
 * finding is only `info`.
 */
export const serviceSelectsNoPods: LintRule = {
  id: 'service-selects-no-pods',
  severity: 'error',
  summary:
    'A Service selector matches no pod template in the tree (info when the namespace has no workloads here).',
  *check(model) {
    for (const service of model.services) {
      const object = service.object;
      const selector = service.selector;
      if (!object || !selector) continue;
      const pods = podsOfService(model, service) ?? [];
      if (pods.length > 0) continue;
      const inNamespace = model.podTemplatesByNamespace.get(service.namespace) ?? [];
      if (inNamespace.length === 0) {
        yield at(
          object,
          ['spec', 'selector'],
          `selector ${formatLabels(selector)} cannot be checked: no workload of namespace ${service.namespace} is in the linted files.`,
          `Lint the workloads together with the Service to check that it has endpoints.`,
          'info',
        );
        continue;
      }
      const nearest = inNamespace
        .map((t) => ({ t, same: Object.keys(selector).filter((k) => t.labels[k] === selector[k]).length }))
        .sort((a, b) => b.same - a.same)[0].t;
      yield at(
        object,
        ['spec', 'selector'],
        `selector ${formatLabels(selector)} matches no pod template in namespace ${service.namespace}, so the Service has no endpoints (closest: ${nearest.owner.kind} ${nearest.namespace}/${nearest.workload} with ${formatLabels(nearest.labels)}).`,
        `Make the selector a subset of the pod labels in the workload's ${nearest.path}, or fix those labels.`,
      );
    }
  },
};
