import { describeObject } from '../../core/manifest';
import { serviceHost } from '../hosts';
import { CanaryInfo, LintModel, ModelObject } from '../model';
import { asArray, asRecord, asString, asStringArray, dig } from '../read';
import { at, LintRule, RuleFinding } from '../rule';

/** Objects Flagger creates for a Canary: `Kind` and name, in the Canary's namespace. */
function ownedNames(
  canary: CanaryInfo,
): { readonly kind: string; readonly name: string; readonly what: string }[] {
  const owned = [
    {
      kind: 'Service',
      name: canary.apex,
      what: 'the apex Service (it rewrites its selector to the primary pods)',
    },
    { kind: 'Service', name: canary.primary, what: 'the primary Service' },
    { kind: 'Service', name: canary.canary, what: 'the canary Service' },
    { kind: 'DestinationRule', name: canary.primary, what: 'the primary DestinationRule' },
    { kind: 'DestinationRule', name: canary.canary, what: 'the canary DestinationRule' },
    {
      kind: 'VirtualService',
      name: canary.apex,
      what: 'its VirtualService (it rewrites the weights at every step)',
    },
    {
      kind: canary.targetKind,
      name: `${canary.target}-primary`,
      what: 'the primary workload (a copy of the target)',
    },
  ];
  const hpa = asString(dig(canary.object.manifest, 'spec', 'autoscalerRef', 'name'));
  if (hpa !== undefined) {
    owned.push({ kind: 'HorizontalPodAutoscaler', name: `${hpa}-primary`, what: "the primary's autoscaler" });
  }
  return owned;
}

function lookup(model: LintModel, kind: string, namespace: string, name: string): ModelObject | undefined {
  return model.objectsByRef.get(describeObject({ kind, metadata: { name, namespace } }));
}

function* canaryConflicts(model: LintModel, canary: CanaryInfo): Generator<RuleFinding> {
  const ns = canary.namespace;
  const canaryRef = canary.object.ref;
  const owned = ownedNames(canary);
  for (const { kind, name, what } of owned) {
    const object = lookup(model, kind, ns, name);
    if (!object) continue;
    yield at(
      object,
      ['metadata', 'name'],
      `Flagger creates and rewrites ${kind} ${ns}/${name}, ${what}, for ${canaryRef}; a copy in the manifests fights Flagger (every sync undoes its changes).`,
      kind === 'VirtualService'
        ? `Remove this VirtualService and configure routing through the Canary's spec.service (hosts, gateways, match, retries), or rename it to a root VirtualService that delegates to ${canary.apex} with spec.service.delegation: true.`
        : `Remove this ${kind} from the manifests; configure it through the Canary's spec.service instead.`,
    );
  }
  const flaggerHosts = new Set([canary.primary, canary.canary].map((n) => serviceHost(n, ns, model.domain)));
  for (const rule of model.destinationRules) {
    if (!rule.object || !flaggerHosts.has(rule.host)) continue;
    if (owned.some((o) => o.kind === 'DestinationRule' && o.name === rule.name && rule.namespace === ns))
      continue;
    yield at(
      rule.object,
      ['spec', 'host'],
      `host ${rule.rawHost} is the host of a DestinationRule that Flagger creates for ${canaryRef}; two DestinationRules for one host conflict.`,
      `Remove this DestinationRule and set traffic policy in the Canary's spec.service.trafficPolicy.`,
    );
  }
  if (canary.delegation) return;
  const apexHost = serviceHost(canary.apex, ns, model.domain);
  const gateways = asStringArray(canary.service.gateways);
  const flaggerOnMesh = gateways.length === 0 || gateways.includes('mesh');
  for (const vs of model.virtualServicesByHost.get(apexHost) ?? []) {
    if (!vs.object || (vs.name === canary.apex && vs.namespace === ns)) continue;
    if (!vs.gateways.includes('mesh') || !flaggerOnMesh) continue;
    const h = vs.hosts.find((x) => x.host === apexHost);
    const delegates = asArray(vs.spec.http).some((r) => asRecord(asRecord(r)?.delegate) !== undefined);
    yield at(
      vs.object,
      ['spec', 'hosts', h ? h.index : 0],
      `host ${h ? h.raw : apexHost} is also routed for the mesh by VirtualService ${ns}/${canary.apex}, which Flagger creates for ${canaryRef}; sidecars apply only one of them, so Flagger's weights may never take effect.`,
      delegates
        ? `Set spec.service.delegation: true on ${canaryRef} so that Flagger's VirtualService becomes the delegate of this one.`
        : `Remove this VirtualService and put its settings in the Canary's spec.service, or make it a root that delegates to ${canary.apex} and set spec.service.delegation: true.`,
    );
  }
}

/**
 * Objects that Flagger creates and owns for a Canary (`<apex>`, `<apex>-primary`, `<apex>-canary`
 * Services, the `-primary`/`-canary` DestinationRules, the `<apex>` VirtualService, the
 * `<target>-primary` workload), and other VirtualServices for the apex host: kept in git, they
 * fight Flagger or shadow its routing.
 */
export const flaggerOwnedObject: LintRule = {
  id: 'flagger-owned-object',
  severity: 'error',
  summary:
    'An object Flagger creates and rewrites for a Canary is also in the manifests (or another VirtualService routes its host).',
  *check(model) {
    for (const canary of model.canaries) yield* canaryConflicts(model, canary);
  },
};
