/**
 * The JSON Patch (RFC 6902) that moves the canary share of a live VirtualService: it replaces the
 * two weights of the `default` route and nothing else, after `test` operations on what it read.
 *
 * Why JSON Patch and these tests: a merge patch of `spec.http` replaces the whole route list
 * (dropping header, cohort, retry and mirror settings), and a JSON Patch path addresses array
 * items by index, so the patch first tests that the route at that index is still named
 * `default`, that the two destinations are still the stable and canary subsets, and that their
 * weights are still the ones read. If anything moved in between, the API server applies nothing
 * (RFC 6902 section 5: a failed operation aborts the whole patch) and answers 422.
 */
import { CANARY_SUBSET, STABLE_SUBSET } from '../../core/render/destination-rule';
import { DEFAULT_ROUTE_NAME } from '../../core/render/virtual-service';
import { GateConfigError } from '../errors';

export { DEFAULT_ROUTE_NAME };

/** One RFC 6902 operation (the four the gate sends). */
export interface JsonPatchOperation {
  /** `test` (compare), `replace`, `add` or `remove`. */
  readonly op: 'test' | 'replace' | 'add' | 'remove';
  /** JSON Pointer (RFC 6901) of the target. */
  readonly path: string;
  /** The expected (test) or new (replace, add) value; absent for remove. */
  readonly value?: unknown;
}

/** Where the weights of the default route are, and their values, as read. */
export interface DefaultRouteWeights {
  /** Index of the `default` route in `spec.http`. */
  readonly routeIndex: number;
  /** The stable destination: its index in the route's `route` list and its weight. */
  readonly stable: { readonly index: number; readonly weight: number };
  /** The canary destination. */
  readonly canary: { readonly index: number; readonly weight: number };
}

/** A JSON Pointer from path segments, with `~` and `/` escaped (RFC 6901). */
export function pointer(...segments: ReadonlyArray<string | number>): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

type Loose = Record<string, unknown>;

function asObject(value: unknown): Loose | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : undefined;
}

/** The `spec.http` list of a VirtualService object; throws naming `where` when absent. */
export function httpRoutes(virtualService: unknown, where: string): unknown[] {
  const http = asObject(asObject(virtualService)?.spec)?.http;
  if (!Array.isArray(http))
    throw new GateConfigError(`${where}: spec.http is missing; is it canary-kit's mesh VirtualService?`);
  return http;
}

/**
 * Finds the `default` route (by name, not by position) and its stable and canary destinations
 * (by subset) in a VirtualService object. `where` names the object in errors (`VirtualService ns/name`).
 */
export function readDefaultRouteWeights(virtualService: unknown, where: string): DefaultRouteWeights {
  const http = httpRoutes(virtualService, where);
  const indexes = http.flatMap((route, index) =>
    asObject(route)?.name === DEFAULT_ROUTE_NAME ? [index] : [],
  );
  if (indexes.length !== 1) {
    throw new GateConfigError(
      `${where}: expected exactly one route named '${DEFAULT_ROUTE_NAME}' in spec.http, found ${indexes.length}; the gate changes only that route's weights`,
    );
  }
  return readSplitWeights(http, indexes[0], where);
}

/**
 * The stable and canary destinations (by subset) of the weighted route at `routeIndex` (the
 * `default` route or a cohort route).
 */
export function readSplitWeights(
  http: readonly unknown[],
  routeIndex: number,
  where: string,
): DefaultRouteWeights {
  const name = String(asObject(http[routeIndex])?.name);
  const destinations = asObject(http[routeIndex])?.route;
  if (!Array.isArray(destinations)) {
    throw new GateConfigError(`${where}: spec.http[${routeIndex}].route (route '${name}') is missing`);
  }
  const find = (subset: string): { index: number; weight: number } => {
    const found = destinations.flatMap((d, index) =>
      asObject(asObject(d)?.destination)?.subset === subset ? [index] : [],
    );
    const path = `spec.http[${routeIndex}].route`;
    if (found.length !== 1) {
      throw new GateConfigError(
        `${where}: expected one destination with subset '${subset}' in ${path}, found ${found.length}`,
      );
    }
    const weight = asObject(destinations[found[0]])?.weight;
    if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0 || weight > 100) {
      throw new GateConfigError(
        `${where}: ${path}[${found[0]}].weight is ${JSON.stringify(weight)}; the gate needs an explicit whole weight from 0 to 100`,
      );
    }
    return { index: found[0], weight };
  };
  const stable = find(STABLE_SUBSET);
  const canary = find(CANARY_SUBSET);
  return { routeIndex, stable, canary };
}

/**
 * The patch that sets the canary share to `canaryWeight` (and stable to the rest), guarded by
 * `test` operations on the route name, both subsets and both weights as read.
 */
export function weightPatch(
  read: DefaultRouteWeights,
  canaryWeight: number,
  routeName: string = DEFAULT_ROUTE_NAME,
): JsonPatchOperation[] {
  if (!Number.isInteger(canaryWeight) || canaryWeight < 0 || canaryWeight > 100) {
    throw new RangeError(`weightPatch: canaryWeight must be a whole percentage, got ${canaryWeight}`);
  }
  const route = ['spec', 'http', read.routeIndex] as const;
  const dest = (index: number, ...rest: string[]) => pointer(...route, 'route', index, ...rest);
  return [
    { op: 'test', path: pointer(...route, 'name'), value: routeName },
    { op: 'test', path: dest(read.stable.index, 'destination', 'subset'), value: STABLE_SUBSET },
    { op: 'test', path: dest(read.stable.index, 'weight'), value: read.stable.weight },
    { op: 'test', path: dest(read.canary.index, 'destination', 'subset'), value: CANARY_SUBSET },
    { op: 'test', path: dest(read.canary.index, 'weight'), value: read.canary.weight },
    { op: 'replace', path: dest(read.stable.index, 'weight'), value: 100 - canaryWeight },
    { op: 'replace', path: dest(read.canary.index, 'weight'), value: canaryWeight },
  ];
}
