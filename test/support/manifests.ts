import { KubeManifest } from '../../lib';

/** The one manifest of a kind and name; fails the test when there is none or more than one. */
export function find(manifests: readonly KubeManifest[], kind: string, name: string): KubeManifest {
  const found = manifests.filter((m) => m.kind === kind && m.metadata.name === name);
  if (found.length !== 1) {
    throw new Error(
      `expected one ${kind} ${name}, found ${found.length} among: ${manifests.map((m) => `${m.kind} ${m.metadata.name}`).join(', ')}`,
    );
  }
  return found[0];
}

/** A route of a VirtualService, by name. */
export interface Route {
  name?: string;
  match?: { headers?: Record<string, Record<string, string>> }[];
  route?: { destination: { host: string; subset?: string }; weight?: number }[];
  delegate?: { name: string; namespace: string };
  mirror?: { host: string; subset?: string };
  mirrorPercentage?: { value: number };
}

/** The HTTP routes of a VirtualService. */
export function routes(vs: KubeManifest): Route[] {
  return (vs.spec as { http: Route[] }).http;
}

/** The weights of a route by subset, e.g. `{ stable: 90, canary: 10 }`. */
export function weights(route: Route): Record<string, number | undefined> {
  return Object.fromEntries(
    (route.route ?? []).map((r) => [r.destination.subset ?? r.destination.host, r.weight]),
  );
}

/** Walks a value and returns every string in it (to search queries and names anywhere). */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}
