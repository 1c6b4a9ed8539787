import { formatLabels, Labels, selects } from '../labels';
import { LintModel, PodTemplate, ServiceInfo } from '../model';
import { hostMatches } from '../hosts';
import { at, LintRule } from '../rule';
import { destinationsOf } from './subset-undefined';

/**
 * Labels that a controller adds at run time (ignored when matching subsets to pod templates): the
 * ReplicaSet hashes, and the topology labels Istio adds to every endpoint's labels before it matches
 * subsets (istio/istio `pkg/kube/label/labels.go`, `AugmentLabels`: region, zone, subzone, cluster,
 * node hostname, network), so a subset may select by locality without any pod template saying so.
 */
const RUNTIME_LABELS = new Set([
  'rollouts-pod-template-hash',
  'pod-template-hash',
  'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'topology.istio.io/subzone',
  'topology.istio.io/cluster',
  'kubernetes.io/hostname',
  'topology.istio.io/network',
]);

/** `host|subset` of every subset a VirtualService route or mirror sends traffic to. */
function usedSubsets(model: LintModel): Set<string> {
  const used = new Set<string>();
  for (const vs of model.virtualServices) {
    for (const { destination } of destinationsOf(model, vs)) {
      if (destination.subset) used.add(`${destination.host}|${destination.subset}`);
    }
  }
  return used;
}

/** The pod templates a Service selects, or undefined when it has no selector. */
export function podsOfService(model: LintModel, service: ServiceInfo): PodTemplate[] | undefined {
  if (!service.selector) return undefined;
  const selector = service.selector;
  return (model.podTemplatesByNamespace.get(service.namespace) ?? []).filter((t) =>
    selects(selector, t.labels),
  );
}

function withoutRuntimeLabels(labels: Labels): Labels {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (!RUNTIME_LABELS.has(k)) out[k] = v;
  return out;
}

/** For each key, the values the pods carry: `version=stable|canary`. */
function valuesOnPods(keys: readonly string[], pods: readonly PodTemplate[]): string {
  return keys
    .map((k) => {
      const values = [...new Set(pods.map((p) => p.labels[k]).filter((v) => v !== undefined))].sort();
      return values.length === 0 ? `no pod has label ${k}` : `${k}=${values.join('|')}`;
    })
    .join(', ');
}

/**
 * A DestinationRule subset whose labels select none of the pods behind its host (the Service's
 * selector AND the subset's labels): the subset has no endpoints, so the share routed to it fails
 * with 503 "no healthy upstream" while dashboards of the canary show no traffic at all.
 */
export const subsetSelectsNoPods: LintRule = {
  id: 'subset-selects-no-pods',
  severity: 'error',
  summary: "A DestinationRule subset's labels select no pod template behind its Service (the 0% canary).",
  *check(model) {
    const used = usedSubsets(model);
    for (const rule of model.destinationRules) {
      const object = rule.object;
      if (!object) continue;
      const services = (model.servicesByHost.get(rule.host) ?? []).filter((s) => s.selector !== undefined);
      if (services.length === 0) continue;
      const pods = services.flatMap((s) => podsOfService(model, s) ?? []);
      if (pods.length === 0) continue;
      for (const subset of rule.subsets) {
        const labels = withoutRuntimeLabels(subset.labels);
        if (Object.keys(labels).length === 0 || pods.some((p) => selects(labels, p.labels))) continue;
        const workloads = [...new Set(pods.map((p) => `${p.owner.kind} ${p.namespace}/${p.workload}`))].join(
          ', ',
        );
        const where = `no pod behind Service ${services[0].namespace}/${services[0].name} has them (${valuesOnPods(Object.keys(labels), pods)}; workloads: ${workloads})`;
        const routed = [...used].some((key) => {
          const bar = key.lastIndexOf('|');
          return key.slice(bar + 1) === subset.name && hostMatches(rule.host, key.slice(0, bar));
        });
        if (!routed) {
          // Nothing is routed to it, so nothing fails today: worth a warning, not an outage report.
          yield at(
            object,
            ['spec', 'subsets', subset.index, 'labels'],
            `subset "${subset.name}" selects pods labelled ${formatLabels(labels)}, but ${where}; no route in the linted files uses this subset, so it only has no endpoints.`,
            `Remove the unused subset, or set its labels to those of the pod template it is meant for before a route uses it.`,
            'warning',
          );
          continue;
        }
        yield at(
          object,
          ['spec', 'subsets', subset.index, 'labels'],
          `subset "${subset.name}" selects pods labelled ${formatLabels(labels)}, but ${where}; the subset has no endpoints and requests routed to it fail with 503.`,
          `Set the subset's labels to the labels of that version's pod template, or fix the labels in the workload's spec.template.metadata.labels.`,
        );
      }
    }
  },
};
