import { KubeManifest } from '../../core/manifest';
import { Labels } from '../labels';
import { JsonRecord } from '../read';

/** One object of the linted tree, with where it came from. */
export interface ModelObject {
  /** The object as read. */
  readonly manifest: KubeManifest;
  /** File it was read from, or `<memory>`. */
  readonly file: string;
  /** Line where its document starts; 0 when unknown. */
  readonly line: number;
  /** Index of its document in the file. */
  readonly index: number;
  /** Position in the whole input, for stable ordering. */
  readonly order: number;
  /** `kind`, e.g. `VirtualService`. */
  readonly kind: string;
  /** `metadata.name`. */
  readonly name: string;
  /** `metadata.namespace`, or the default namespace when absent. */
  readonly namespace: string;
  /** `Kind namespace/name`, how findings name it. */
  readonly ref: string;
  /** `metadata.annotations`. */
  readonly annotations: Labels;
}

/** The pod labels of a workload (Deployment, StatefulSet, Rollout, CronJob, ...). */
export interface PodTemplate {
  /** The workload object; for a Flagger primary, the target it is copied from. */
  readonly owner: ModelObject;
  /** Name of the workload (for a Flagger primary, `<target>-primary`). */
  readonly workload: string;
  /** Namespace of the pods. */
  readonly namespace: string;
  /** Labels of the pods. */
  readonly labels: Labels;
  /** Path of the labels in the owner, e.g. `spec.template.metadata.labels`. */
  readonly path: string;
  /** Set when the workload is created by a controller, e.g. `Flagger (Canary shop/checkout)`. */
  readonly generatedBy?: string;
}

/** A Kubernetes Service, from the tree or one Flagger will create. */
export interface ServiceInfo {
  /** The object, when it is in the tree. */
  readonly object?: ModelObject;
  /** Service name. */
  readonly name: string;
  /** Namespace. */
  readonly namespace: string;
  /** `<name>.<namespace>.svc.<domain>`. */
  readonly host: string;
  /** `spec.selector`, or undefined for a Service without selector (ExternalName, manual Endpoints). */
  readonly selector: Labels | undefined;
  /** Set when a controller creates it, e.g. `Flagger (Canary shop/checkout)`. */
  readonly generatedBy?: string;
}

/** One subset of a DestinationRule. */
export interface SubsetInfo {
  /** `name`. */
  readonly name: string;
  /** `labels`. */
  readonly labels: Labels;
  /** Index in `spec.subsets`. */
  readonly index: number;
}

/** A DestinationRule. */
export interface DestinationRuleInfo {
  /** The object, when it is in the tree. */
  readonly object?: ModelObject;
  /** Name. */
  readonly name: string;
  /** Namespace. */
  readonly namespace: string;
  /** `spec.host` as written. */
  readonly rawHost: string;
  /** `spec.host` resolved as Istio does. */
  readonly host: string;
  /** `spec.subsets`. */
  readonly subsets: readonly SubsetInfo[];
  /** Set when a controller creates it. */
  readonly generatedBy?: string;
}

/** One entry of `spec.hosts` of a VirtualService. */
export interface VirtualServiceHost {
  /** As written. */
  readonly raw: string;
  /** Resolved as Istio does. */
  readonly host: string;
  /** Index in `spec.hosts`. */
  readonly index: number;
}

/** A VirtualService, from the tree or the one Flagger will create. */
export interface VirtualServiceInfo {
  /** The object, when it is in the tree. */
  readonly object?: ModelObject;
  /** Name. */
  readonly name: string;
  /** Namespace. */
  readonly namespace: string;
  /** `spec.hosts`, resolved. Empty for a delegate. */
  readonly hosts: readonly VirtualServiceHost[];
  /** Gateways it is bound to, resolved to `ns/name` or `mesh`; `[mesh]` when none is given. */
  readonly gateways: readonly string[];
  /** True when `spec.hosts` is empty: it can only be used as a delegate. */
  readonly isDelegate: boolean;
  /** `spec`. */
  readonly spec: JsonRecord;
  /** `metadata.annotations`. */
  readonly annotations: Labels;
  /** Set when a controller creates it, e.g. `Flagger (Canary shop/checkout)`. */
  readonly generatedBy?: string;
}

/** A Flagger Canary with the names Flagger derives from it. */
export interface CanaryInfo {
  /** The object. */
  readonly object: ModelObject;
  /** Namespace. */
  readonly namespace: string;
  /** `spec.targetRef.kind`. */
  readonly targetKind: string;
  /** `spec.targetRef.name`: Flagger's canary workload. */
  readonly target: string;
  /** `spec.service.name`, or the target name: the apex Service and Flagger's VirtualService. */
  readonly apex: string;
  /** `<apex>-primary`: the primary Service and DestinationRule. */
  readonly primary: string;
  /** `<apex>-canary`: the canary Service and DestinationRule. */
  readonly canary: string;
  /** `spec.service`. */
  readonly service: JsonRecord;
  /** `spec.analysis` (or the legacy `spec.canaryAnalysis`). */
  readonly analysis: JsonRecord;
  /** Path of the analysis in the object (`spec.analysis` or `spec.canaryAnalysis`). */
  readonly analysisPath: string;
  /** `spec.service.delegation`. */
  readonly delegation: boolean;
}

/** A Flagger MetricTemplate. */
export interface MetricTemplateInfo {
  /** The object. */
  readonly object: ModelObject;
  /** `spec.query`. */
  readonly query: string | undefined;
}

/** An Argo Rollout's Istio traffic routing. */
export interface RolloutInfo {
  /** The object. */
  readonly object: ModelObject;
  /** VirtualServices (`ns/name`) whose weights Argo Rollouts manages. */
  readonly virtualServices: readonly string[];
  /** DestinationRule (`ns/name`) whose subsets Argo Rollouts manages, with the subset names. */
  readonly destinationRule?: { readonly key: string; readonly subsets: readonly string[] };
}

/** The picture of the whole tree that every rule reads; built once by `buildModel`. */
export interface LintModel {
  /** Cluster domain used to expand short hosts. */
  readonly domain: string;
  /** Every object, in input order. */
  readonly objects: readonly ModelObject[];
  /** Every namespace that appears in the tree. */
  readonly namespaces: ReadonlySet<string>;
  /** Pod templates of every workload, including Flagger primaries. */
  readonly podTemplates: readonly PodTemplate[];
  /** Pod templates by namespace. */
  readonly podTemplatesByNamespace: ReadonlyMap<string, readonly PodTemplate[]>;
  /** Services of the tree and those Flagger creates. */
  readonly services: readonly ServiceInfo[];
  /** Services by FQDN. */
  readonly servicesByHost: ReadonlyMap<string, readonly ServiceInfo[]>;
  /** Hosts declared by ServiceEntries (resolved; may be wildcards). */
  readonly serviceEntryHosts: readonly string[];
  /** DestinationRules of the tree and those Flagger creates. */
  readonly destinationRules: readonly DestinationRuleInfo[];
  /** DestinationRules by resolved host. */
  readonly destinationRulesByHost: ReadonlyMap<string, readonly DestinationRuleInfo[]>;
  /** VirtualServices of the tree (not the generated ones). */
  readonly virtualServices: readonly VirtualServiceInfo[];
  /** VirtualServices that Flagger will create (absent from the tree). */
  readonly generatedVirtualServices: readonly VirtualServiceInfo[];
  /** VirtualServices by `ns/name`: the last definition in the tree, else the one Flagger creates. */
  readonly virtualServicesByName: ReadonlyMap<string, VirtualServiceInfo>;
  /** Non-delegate VirtualServices (tree and generated) by resolved host, in input order. */
  readonly virtualServicesByHost: ReadonlyMap<string, readonly VirtualServiceInfo[]>;
  /** Gateways by `ns/name`. */
  readonly gateways: ReadonlyMap<string, ModelObject>;
  /** Flagger Canaries. */
  readonly canaries: readonly CanaryInfo[];
  /** Flagger MetricTemplates by `ns/name`. */
  readonly metricTemplates: ReadonlyMap<string, MetricTemplateInfo>;
  /** Argo Rollouts with Istio traffic routing. */
  readonly rollouts: readonly RolloutInfo[];
  /** Objects by `Kind ns/name`. */
  readonly objectsByRef: ReadonlyMap<string, ModelObject>;
}
