import { resolveGateway, resolveHost, serviceHost } from '../hosts';
import { Labels } from '../labels';
import {
  asArray,
  asBoolean,
  asNumber,
  asRecord,
  asString,
  asStringArray,
  asStringMap,
  dig,
  JsonRecord,
} from '../read';
import {
  CanaryInfo,
  DestinationRuleInfo,
  ModelObject,
  PodTemplate,
  ServiceInfo,
  VirtualServiceInfo,
} from './types';

/**
 * What Flagger (istio provider) creates for a Canary, so that rules can tell Flagger's objects from
 * the user's and the simulator can route through them. Facts from Flagger's source
 * (fluxcd/flagger `GetServiceNames`, `pkg/router/istio.go`): the apex name is `spec.service.name` or
 * the target's name; Flagger creates the Services `<apex>`, `<apex>-primary`, `<apex>-canary`, the
 * DestinationRules `<apex>-primary` and `<apex>-canary` (host = their own name), the VirtualService
 * `<apex>` with hosts `spec.service.hosts` + `<apex>`, and gateways `spec.service.gateways`, or
 * `mesh` only when no gateway is given. With `delegation: true` its VirtualService has no hosts and
 * no gateways. The primary Deployment is `<target>-primary`.
 */

/** Labels Flagger may use to select the target's pods, in the order it looks for them. */
export const FLAGGER_SELECTOR_LABELS: readonly string[] = ['app', 'name', 'app.kubernetes.io/name'];

/** Reads a Canary object. Returns undefined when it has no `spec.targetRef.name`. */
export function canaryInfo(object: ModelObject): CanaryInfo | undefined {
  const spec = asRecord(object.manifest.spec);
  const target = asString(dig(spec, 'targetRef', 'name'));
  if (!spec || !target) return undefined;
  const service = asRecord(spec.service) ?? {};
  const apex = asString(service.name) ?? target;
  const legacy = spec.analysis === undefined && spec.canaryAnalysis !== undefined;
  return {
    object,
    namespace: object.namespace,
    targetKind: asString(dig(spec, 'targetRef', 'kind')) ?? 'Deployment',
    target,
    apex,
    primary: `${apex}-primary`,
    canary: `${apex}-canary`,
    service,
    analysis: asRecord(legacy ? spec.canaryAnalysis : spec.analysis) ?? {},
    analysisPath: legacy ? 'spec.canaryAnalysis' : 'spec.analysis',
    delegation: asBoolean(service.delegation) === true,
  };
}

/** `Flagger (Canary ns/name)`: how generated objects say where they come from. */
export function generatedBy(canary: CanaryInfo): string {
  return `Flagger (${canary.object.ref})`;
}

/** The label Flagger selects the target's pods by, and its value, from the target's pod labels. */
export function flaggerSelector(
  labels: Labels,
): { readonly key: string; readonly value: string } | undefined {
  for (const key of FLAGGER_SELECTOR_LABELS) {
    if (labels[key] !== undefined) return { key, value: labels[key] };
  }
  return undefined;
}

/** The pod template of Flagger's primary workload `<target>-primary`, copied from the target's. */
export function primaryPodTemplate(canary: CanaryInfo, target: PodTemplate): PodTemplate {
  const sel = flaggerSelector(target.labels);
  const labels: Record<string, string> = { ...target.labels };
  if (sel) labels[sel.key] = `${sel.value}-primary`;
  return {
    owner: target.owner,
    workload: `${canary.target}-primary`,
    namespace: canary.namespace,
    labels,
    path: target.path,
    generatedBy: generatedBy(canary),
  };
}

/** The Services Flagger creates: apex and primary select the primary pods, canary the target's. */
export function flaggerServices(
  canary: CanaryInfo,
  target: PodTemplate | undefined,
  domain: string,
): ServiceInfo[] {
  const sel = target ? flaggerSelector(target.labels) : undefined;
  const primarySelector = sel ? { [sel.key]: `${sel.value}-primary` } : undefined;
  const canarySelector = sel ? { [sel.key]: sel.value } : undefined;
  const make = (name: string, selector: Labels | undefined): ServiceInfo => ({
    name,
    namespace: canary.namespace,
    host: serviceHost(name, canary.namespace, domain),
    selector,
    generatedBy: generatedBy(canary),
  });
  return [
    make(canary.apex, primarySelector),
    make(canary.primary, primarySelector),
    make(canary.canary, canarySelector),
  ];
}

/** The DestinationRules Flagger creates (no subsets). */
export function flaggerDestinationRules(canary: CanaryInfo, domain: string): DestinationRuleInfo[] {
  return [canary.primary, canary.canary].map((name) => ({
    name,
    namespace: canary.namespace,
    rawHost: name,
    host: serviceHost(name, canary.namespace, domain),
    subsets: [],
    generatedBy: generatedBy(canary),
  }));
}

/**
 * An A/B match as the cluster stores it: fluxcd/flagger v1.44.0 artifacts/flagger/crd.yaml
 * declares only `headers`, `queryParams` and `sourceLabels` for `analysis.match` items, and the
 * API server prunes the other fields (the `flagger-match-dropped` rule reports them).
 */
function storedAbMatch(match: unknown): JsonRecord {
  const m = asRecord(match) ?? {};
  const kept: Record<string, unknown> = {};
  for (const key of ['headers', 'queryParams', 'sourceLabels']) if (m[key] !== undefined) kept[key] = m[key];
  return kept;
}

/**
 * Flagger's A/B route match: the A/B matches as they are without `service.match`; otherwise, for
 * each A/B match and each service match, a copy of the service match whose `headers` and
 * `sourceLabels` are replaced by the A/B match's, when it has them (fluxcd/flagger v1.44.0
 * pkg/router/istio.go, `mergeMatchConditions`: A/B `queryParams` are dropped there).
 */
function mergeMatches(abMatch: readonly unknown[], serviceMatch: readonly unknown[]): unknown[] {
  const ab = abMatch.map(storedAbMatch);
  if (serviceMatch.length === 0) return ab;
  const merged: unknown[] = [];
  for (const a of ab) {
    for (const svc of serviceMatch) {
      const m: Record<string, unknown> = { ...(asRecord(svc) ?? {}) };
      if (a.headers !== undefined) m.headers = a.headers;
      if (a.sourceLabels !== undefined) m.sourceLabels = a.sourceLabels;
      merged.push(m);
    }
  }
  return merged;
}

/**
 * The VirtualService Flagger creates for a Canary, in its initial state: all traffic to the
 * primary (weight 100), none to the canary (weight 0). Flagger moves the weights during analysis.
 */
export function flaggerVirtualService(canary: CanaryInfo, domain: string): VirtualServiceInfo {
  const port = asNumber(canary.service.port);
  const destination = (host: string, weight: number): JsonRecord => ({
    destination: port === undefined ? { host } : { host, port: { number: port } },
    weight,
  });
  const split = [destination(canary.primary, 100), destination(canary.canary, 0)];
  const serviceMatch = asArray(canary.service.match);
  const abMatch = asArray(canary.analysis.match);
  const matchOf = (match: readonly unknown[]): JsonRecord => (match.length > 0 ? { match } : {});
  const http: JsonRecord[] =
    abMatch.length > 0
      ? [
          { ...matchOf(mergeMatches(abMatch, serviceMatch)), route: split },
          { ...matchOf(serviceMatch), route: [destination(canary.primary, 100)] },
        ]
      : [{ ...matchOf(serviceMatch), route: split }];
  const rawHosts = canary.delegation ? [] : asStringArray(canary.service.hosts);
  const hosts =
    rawHosts.includes(canary.apex) || rawHosts.includes('*') || canary.delegation
      ? rawHosts
      : [...rawHosts, canary.apex];
  const gateways = asStringArray(canary.service.gateways);
  const spec: JsonRecord = {
    hosts,
    gateways: canary.delegation ? [] : gateways.length > 0 ? gateways : ['mesh'],
    http,
  };
  return {
    name: canary.apex,
    namespace: canary.namespace,
    hosts: hosts.map((raw, index) => ({ raw, host: resolveHost(raw, canary.namespace, domain), index })),
    gateways: asStringArray(spec.gateways).map((g) => resolveGateway(g, canary.namespace)),
    isDelegate: hosts.length === 0,
    spec,
    annotations: asStringMap(undefined),
    generatedBy: generatedBy(canary),
  };
}
