/** Object metadata as it appears on the wire. */
export interface ObjectMeta {
  /** The object's name. */
  readonly name: string;
  /** The object's namespace; absent for cluster-scoped kinds. */
  readonly namespace?: string;
  /** Labels, sorted by key when serialized. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations, sorted by key when serialized. */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * A Kubernetes object in wire format (`clusterIP`, not `clusterIp`): exactly what `kubectl apply`
 * takes. The core produces only these plain objects; adapters materialize them.
 */
export interface KubeManifest {
  /** `group/version`, or `v1` for the core group. */
  readonly apiVersion: string;
  /** The object's kind, e.g. `VirtualService`. */
  readonly kind: string;
  /** Name, namespace, labels and annotations. */
  readonly metadata: ObjectMeta;
  /** Everything else (`spec`, `data`, ...). */
  readonly [field: string]: unknown;
}

/** `Kind namespace/name`, the way every report in canary-kit names an object. */
export function describeObject(manifest: Pick<KubeManifest, 'kind' | 'metadata'>): string {
  const { namespace, name } = manifest.metadata ?? ({} as ObjectMeta);
  return `${manifest.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}
