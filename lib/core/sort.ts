import { KubeManifest } from './manifest';

/** Manifests sorted by kind, namespace and name: an order-free form for comparing two outputs. */
export function sortManifests(manifests: readonly KubeManifest[]): KubeManifest[] {
  const key = (m: KubeManifest) => `${m.kind}\u0000${m.metadata.namespace ?? ''}\u0000${m.metadata.name}`;
  return [...manifests].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
