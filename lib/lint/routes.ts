import { resolveHost } from './hosts';
import { PathSegment } from './path';
import { asArray, asNumber, asRecord, asString, JsonRecord } from './read';

/** Route lists of a VirtualService that carry weighted destinations. */
export const ROUTE_PROTOCOLS = ['http', 'tcp', 'tls'] as const;

/** Which route list a route comes from. */
export type RouteProtocol = (typeof ROUTE_PROTOCOLS)[number];

/** A `destination` of a route, mirror or mirrors entry, resolved. */
export interface Destination {
  /** `host` as written. */
  readonly rawHost: string;
  /** `host` resolved against the namespace of the VirtualService. */
  readonly host: string;
  /** `subset`, if any. */
  readonly subset?: string;
  /** `port.number`, if any. */
  readonly port?: number;
}

/** One entry of a route's `route` list. */
export interface WeightedDestination extends Destination {
  /** `weight` as written (undefined when absent; a non-number also reads as undefined). */
  readonly weight: number | undefined;
  /** The raw `weight` field, to report a non-numeric value. */
  readonly rawWeight: unknown;
  /** Path of this entry, e.g. `['spec', 'http', 1, 'route', 0]`. */
  readonly path: readonly PathSegment[];
}

/** One route (an entry of `spec.http`, `spec.tcp` or `spec.tls`). */
export interface RouteInfo {
  /** Which list it is in. */
  readonly protocol: RouteProtocol;
  /** Index in that list. */
  readonly index: number;
  /** The route object. */
  readonly route: JsonRecord;
  /** `name`, if any. */
  readonly name?: string;
  /** Path of the route, e.g. `['spec', 'http', 1]`. */
  readonly path: readonly PathSegment[];
  /** The weighted destinations (`route` list). */
  readonly destinations: readonly WeightedDestination[];
}

/** Reads a `Destination` object; undefined when it has no host. */
export function readDestination(value: unknown, namespace: string, domain: string): Destination | undefined {
  const d = asRecord(value);
  const rawHost = asString(d?.host);
  if (!d || rawHost === undefined) return undefined;
  const port = asNumber(asRecord(d.port)?.number);
  const subset = asString(d.subset);
  return {
    rawHost,
    host: resolveHost(rawHost, namespace, domain),
    ...(subset === undefined ? {} : { subset }),
    ...(port === undefined ? {} : { port }),
  };
}

/** Every route of a VirtualService spec, with its destinations resolved in `namespace`. */
export function routesOf(spec: JsonRecord, namespace: string, domain: string): RouteInfo[] {
  const out: RouteInfo[] = [];
  for (const protocol of ROUTE_PROTOCOLS) {
    asArray(spec[protocol]).forEach((value, index) => {
      const route = asRecord(value);
      if (!route) return;
      const path: PathSegment[] = ['spec', protocol, index];
      const destinations: WeightedDestination[] = [];
      asArray(route.route).forEach((entry, j) => {
        const dest = readDestination(asRecord(entry)?.destination, namespace, domain);
        if (!dest) return;
        const rawWeight = asRecord(entry)?.weight;
        destinations.push({ ...dest, weight: asNumber(rawWeight), rawWeight, path: [...path, 'route', j] });
      });
      const name = asString(route.name);
      out.push({ protocol, index, route, ...(name === undefined ? {} : { name }), path, destinations });
    });
  }
  return out;
}

/**
 * The share (0..1) each destination of a route really receives, as Istio computes it: a single
 * destination gets everything whatever its weight; otherwise each gets `weight / sum`, an absent
 * weight counts as 0 (Istio skips zero-weight clusters when there are several, istio/istio#6220)
 * and weights need not sum to 100 (istio/istio#39544: "A destination will receive
 * weight/(sum of all weights) requests"). Undefined when the split is invalid (a negative weight,
 * or every weight 0), which Istio's validation rejects.
 */
export function effectiveShares(weights: readonly (number | undefined)[]): number[] | undefined {
  if (weights.length === 0) return [];
  if (weights.some((w) => w !== undefined && w < 0)) return undefined;
  if (weights.length === 1) return [1];
  const sum = weights.reduce<number>((acc, w) => acc + (w ?? 0), 0);
  if (sum <= 0) return undefined;
  return weights.map((w) => (w ?? 0) / sum);
}

/** `host/subset:port`, how findings and the simulator name a destination. */
export function destinationLabel(d: Destination): string {
  return `${d.host}${d.subset === undefined ? '' : `/${d.subset}`}${d.port === undefined ? '' : `:${d.port}`}`;
}

/** A short label for findings: the host as written plus subset, e.g. `checkout/canary`. */
export function shortDestinationLabel(d: Destination): string {
  return `${d.rawHost}${d.subset === undefined ? '' : `/${d.subset}`}`;
}

/** Formats a share (0..1) as a percentage with at most two decimals: `0.8182` is `81.82%`. */
export function formatShare(share: number): string {
  return `${Number((share * 100).toFixed(2))}%`;
}

/** `http[1] "weighted"`: how findings name a route. */
export function routeLabel(route: RouteInfo): string {
  return `${route.protocol}[${route.index}]${route.name === undefined ? '' : ` "${route.name}"`}`;
}

/** A mirror target of an HTTP route (`mirror` or an entry of `mirrors`). */
export interface MirrorInfo {
  /** Where the copies go. */
  readonly destination: Destination;
  /** Share of the route's requests copied, 0..1 (Istio's default is all of them). */
  readonly share: number;
  /** Path of the destination object, e.g. `['spec', 'http', 0, 'mirror']`. */
  readonly path: readonly PathSegment[];
}

/**
 * The mirrors of an HTTP route: `mirror` with `mirrorPercentage.value` (or the deprecated
 * integer `mirrorPercent`), and each `mirrors[j].destination` with `mirrors[j].percentage.value`.
 * Without a percentage Istio mirrors every request.
 */
export function mirrorsOf(
  route: JsonRecord,
  path: readonly PathSegment[],
  namespace: string,
  domain: string,
): MirrorInfo[] {
  const out: MirrorInfo[] = [];
  const percent = (value: unknown): number => {
    const n = asNumber(value);
    return n === undefined ? 1 : Math.min(Math.max(n, 0), 100) / 100;
  };
  const legacy = readDestination(route.mirror, namespace, domain);
  if (legacy) {
    const pct = asRecord(route.mirrorPercentage)?.value ?? route.mirrorPercent;
    out.push({ destination: legacy, share: percent(pct), path: [...path, 'mirror'] });
  }
  asArray(route.mirrors).forEach((entry, j) => {
    const dest = readDestination(asRecord(entry)?.destination, namespace, domain);
    if (dest) {
      out.push({
        destination: dest,
        share: percent(asRecord(asRecord(entry)?.percentage)?.value),
        path: [...path, 'mirrors', j, 'destination'],
      });
    }
  });
  return out;
}

/** True when two destinations name the same host, subset and (when both give one) port. */
export function sameDestination(a: Destination, b: Destination): boolean {
  return (
    a.host === b.host &&
    a.subset === b.subset &&
    (a.port === undefined || b.port === undefined || a.port === b.port)
  );
}
