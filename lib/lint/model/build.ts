import { describeObject, KubeManifest } from '../../core/manifest';
import { DEFAULT_CLUSTER_DOMAIN, resolveGateway, resolveHost } from '../hosts';
import { asArray, asRecord, asString, asStringArray, asStringMap, dig, isRecord } from '../read';
import { SourcedManifest } from '../types';
import {
  canaryInfo,
  flaggerDestinationRules,
  flaggerServices,
  flaggerVirtualService,
  primaryPodTemplate,
} from './flagger';
import {
  CanaryInfo,
  DestinationRuleInfo,
  LintModel,
  MetricTemplateInfo,
  ModelObject,
  PodTemplate,
  RolloutInfo,
  ServiceInfo,
  VirtualServiceInfo,
} from './types';
import { podTemplateOf } from './workloads';

/** Options of `buildModel`. */
export interface ModelOptions {
  /**
   * Cluster domain used to expand short hosts.
   * @default "cluster.local"
   */
  readonly clusterDomain?: string;
  /**
   * Namespace of objects that have none.
   * @default "default"
   */
  readonly defaultNamespace?: string;
}

const ISTIO_GROUP = 'networking.istio.io/';
const FLAGGER_GROUP = 'flagger.app/';
const ARGO_GROUP = 'argoproj.io/';

function group(m: KubeManifest): string {
  return typeof m.apiVersion === 'string' ? m.apiVersion : '';
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Flattens `kind: List` objects and drops documents that are not Kubernetes objects. */
function toObjects(inputs: readonly SourcedManifest[], defaultNamespace: string): ModelObject[] {
  const objects: ModelObject[] = [];
  const add = (manifest: unknown, source: SourcedManifest): void => {
    if (!isRecord(manifest) || typeof manifest.kind !== 'string') return;
    if (manifest.kind.endsWith('List') && Array.isArray(manifest.items)) {
      for (const item of manifest.items) add(item, source);
      return;
    }
    const metadata = asRecord(manifest.metadata);
    const name = asString(metadata?.name);
    if (name === undefined) return;
    const m = manifest as KubeManifest;
    const namespace = asString(metadata?.namespace) ?? defaultNamespace;
    objects.push({
      manifest: m,
      file: source.file,
      line: source.line,
      index: source.index,
      order: objects.length,
      kind: m.kind,
      name,
      namespace,
      ref: describeObject({ kind: m.kind, metadata: { name, namespace } }),
      annotations: asStringMap(metadata?.annotations),
    });
  };
  for (const input of inputs) add(input.manifest, input);
  return objects;
}

function serviceInfo(object: ModelObject, domain: string): ServiceInfo {
  const spec = asRecord(object.manifest.spec) ?? {};
  const selector = asStringMap(spec.selector);
  const hasSelector = spec.type !== 'ExternalName' && Object.keys(selector).length > 0;
  return {
    object,
    name: object.name,
    namespace: object.namespace,
    host: resolveHost(object.name, object.namespace, domain),
    selector: hasSelector ? selector : undefined,
  };
}

function destinationRuleInfo(object: ModelObject, domain: string): DestinationRuleInfo {
  const rawHost = asString(dig(object.manifest, 'spec', 'host')) ?? '';
  return {
    object,
    name: object.name,
    namespace: object.namespace,
    rawHost,
    host: resolveHost(rawHost, object.namespace, domain),
    subsets: asArray(dig(object.manifest, 'spec', 'subsets')).flatMap((subset, index) => {
      const name = asString(dig(subset, 'name'));
      return name === undefined ? [] : [{ name, labels: asStringMap(dig(subset, 'labels')), index }];
    }),
  };
}

function virtualServiceInfo(object: ModelObject, domain: string): VirtualServiceInfo {
  const spec = asRecord(object.manifest.spec) ?? {};
  const rawHosts = asArray(spec.hosts);
  const hosts = rawHosts.flatMap((raw, index) =>
    typeof raw === 'string' ? [{ raw, host: resolveHost(raw, object.namespace, domain), index }] : [],
  );
  const isDelegate = hosts.length === 0;
  const gateways = asStringArray(spec.gateways).map((g) => resolveGateway(g, object.namespace));
  return {
    object,
    name: object.name,
    namespace: object.namespace,
    hosts,
    gateways: isDelegate ? [] : gateways.length > 0 ? gateways : ['mesh'],
    isDelegate,
    spec,
    annotations: object.annotations,
  };
}

function rolloutInfo(object: ModelObject): RolloutInfo | undefined {
  const istio = asRecord(dig(object.manifest, 'spec', 'strategy', 'canary', 'trafficRouting', 'istio'));
  if (!istio) return undefined;
  const ns = object.namespace;
  const refs = [asRecord(istio.virtualService), ...asArray(istio.virtualServices).map(asRecord)];
  const virtualServices = refs.flatMap((ref) => {
    const name = asString(ref?.name);
    return name === undefined ? [] : [`${ns}/${name}`];
  });
  const dr = asRecord(istio.destinationRule);
  const drName = asString(dr?.name);
  return {
    object,
    virtualServices,
    destinationRule:
      drName === undefined
        ? undefined
        : {
            key: `${ns}/${drName}`,
            subsets: [asString(dr?.canarySubsetName), asString(dr?.stableSubsetName)].filter(
              (s): s is string => s !== undefined,
            ),
          },
  };
}

/** Builds the picture of the tree that every rule reads: objects, indexes and what Flagger adds. */
export function buildModel(inputs: readonly SourcedManifest[], options: ModelOptions = {}): LintModel {
  const domain = options.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
  const objects = toObjects(inputs, options.defaultNamespace ?? 'default');
  const podTemplates: PodTemplate[] = [];
  const services: ServiceInfo[] = [];
  const serviceEntryHosts: string[] = [];
  const destinationRules: DestinationRuleInfo[] = [];
  const virtualServices: VirtualServiceInfo[] = [];
  const gateways = new Map<string, ModelObject>();
  const canaries: CanaryInfo[] = [];
  const metricTemplates = new Map<string, MetricTemplateInfo>();
  const rollouts: RolloutInfo[] = [];
  const objectsByRef = new Map<string, ModelObject>();
  const namespaces = new Set<string>();

  for (const object of objects) {
    objectsByRef.set(object.ref, object);
    namespaces.add(object.namespace);
    const apiVersion = group(object.manifest);
    const template = podTemplateOf(object);
    if (template) podTemplates.push(template);
    if (object.kind === 'Service' && apiVersion === 'v1') services.push(serviceInfo(object, domain));
    else if (apiVersion.startsWith(ISTIO_GROUP)) {
      if (object.kind === 'DestinationRule') destinationRules.push(destinationRuleInfo(object, domain));
      else if (object.kind === 'VirtualService') virtualServices.push(virtualServiceInfo(object, domain));
      else if (object.kind === 'Gateway') gateways.set(`${object.namespace}/${object.name}`, object);
      else if (object.kind === 'ServiceEntry') {
        for (const host of asStringArray(dig(object.manifest, 'spec', 'hosts'))) {
          serviceEntryHosts.push(resolveHost(host, object.namespace, domain));
        }
      }
    } else if (apiVersion.startsWith(FLAGGER_GROUP)) {
      if (object.kind === 'Canary') {
        const info = canaryInfo(object);
        if (info) canaries.push(info);
      } else if (object.kind === 'MetricTemplate') {
        metricTemplates.set(`${object.namespace}/${object.name}`, {
          object,
          query: asString(dig(object.manifest, 'spec', 'query')),
        });
      }
    } else if (apiVersion.startsWith(ARGO_GROUP) && object.kind === 'Rollout') {
      const info = rolloutInfo(object);
      if (info) rollouts.push(info);
    }
  }

  const generatedVirtualServices: VirtualServiceInfo[] = [];
  const templateByOwner = new Map(podTemplates.map((t) => [t.owner.ref, t]));
  const keys = (list: readonly { name: string; namespace: string }[]): Set<string> =>
    new Set(list.map((item) => `${item.namespace}/${item.name}`));
  const serviceKeys = keys(services);
  const ruleKeys = keys(destinationRules);
  const virtualServiceKeys = keys(virtualServices);
  for (const canary of canaries) {
    const target = templateByOwner.get(
      describeObject({
        kind: canary.targetKind,
        metadata: { name: canary.target, namespace: canary.namespace },
      }),
    );
    if (target) podTemplates.push(primaryPodTemplate(canary, target));
    for (const service of flaggerServices(canary, target, domain)) {
      const key = `${service.namespace}/${service.name}`;
      if (!serviceKeys.has(key)) services.push(service);
      serviceKeys.add(key);
    }
    for (const rule of flaggerDestinationRules(canary, domain)) {
      const key = `${rule.namespace}/${rule.name}`;
      if (!ruleKeys.has(key)) destinationRules.push(rule);
      ruleKeys.add(key);
    }
    const vsKey = `${canary.namespace}/${canary.apex}`;
    if (!virtualServiceKeys.has(vsKey)) generatedVirtualServices.push(flaggerVirtualService(canary, domain));
    virtualServiceKeys.add(vsKey);
  }

  const podTemplatesByNamespace = new Map<string, PodTemplate[]>();
  for (const template of podTemplates) push(podTemplatesByNamespace, template.namespace, template);
  const servicesByHost = new Map<string, ServiceInfo[]>();
  for (const service of services) push(servicesByHost, service.host, service);
  const destinationRulesByHost = new Map<string, DestinationRuleInfo[]>();
  for (const rule of destinationRules) push(destinationRulesByHost, rule.host, rule);
  const virtualServicesByName = new Map<string, VirtualServiceInfo>();
  const virtualServicesByHost = new Map<string, VirtualServiceInfo[]>();
  for (const vs of [...virtualServices, ...generatedVirtualServices]) {
    const key = `${vs.namespace}/${vs.name}`;
    // Applying a tree keeps the last definition of a name; Flagger's own only fills a gap.
    if (!vs.generatedBy || !virtualServicesByName.has(key)) virtualServicesByName.set(key, vs);
    for (const host of new Set(vs.hosts.map((h) => h.host))) push(virtualServicesByHost, host, vs);
  }

  return {
    domain,
    objects,
    namespaces,
    podTemplates,
    podTemplatesByNamespace,
    services,
    servicesByHost,
    serviceEntryHosts,
    destinationRules,
    destinationRulesByHost,
    virtualServices,
    generatedVirtualServices,
    virtualServicesByName,
    virtualServicesByHost,
    gateways,
    canaries,
    metricTemplates,
    rollouts,
    objectsByRef,
  };
}
