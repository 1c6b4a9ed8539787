import { hostMatches, isWildcardHost } from '../lint/hosts';
import { LintModel, VirtualServiceInfo } from '../lint/model';
import { asArray, asNumber, asRecord, asString, JsonRecord } from '../lint/read';
import { destinationLabel, effectiveShares, mirrorsOf, readDestination } from '../lint/routes';
import { compileRouteMatch, gatewayIn, Predicate } from './match';
import { SimRequest } from './request';

/** A place a request can end up: a destination, or what happened instead. */
export interface Target {
  /** `host/subset:port`, or `no route (404)`, `redirect ...`, `direct response ...`. */
  readonly label: string;
  /** Host, when routed. */
  readonly host?: string;
  /** Subset, when routed to one. */
  readonly subset?: string;
  /** Port, when the route names one. */
  readonly port?: number;
}

/** Where one kind of request goes: weighted targets and mirrors, and the rule that decided. */
export interface Outcome {
  /** `VirtualService ns/name http[i] "name"`, with `-> ...` for a delegate. */
  readonly rule: string;
  /** Targets with their share (0..1, summing to 1; a weight-0 destination is listed with 0). */
  readonly targets: readonly { readonly target: Target; readonly share: number }[];
  /** Mirror targets with the share of requests copied (0..1 each). */
  readonly mirrors: readonly { readonly target: Target; readonly share: number }[];
  /** Notes about assumptions made on the way (e.g. a delegate that Flagger creates). */
  readonly notes?: readonly string[];
}

/** The note for a VirtualService that a controller creates and the simulator assumes. */
export function generatedNote(vs: VirtualServiceInfo): string | undefined {
  return vs.generatedBy
    ? `VirtualService ${vs.namespace}/${vs.name} is created by ${vs.generatedBy}; simulated in its initial state (primary 100%, canary 0%). Flagger changes the weights during analysis.`
    : undefined;
}

interface CompiledRoute {
  readonly index: number;
  readonly route: JsonRecord;
  readonly label: string;
  readonly matches: Predicate;
}

/** The VirtualServices that route one host for one gateway, in the order Istio applies them. */
export interface HostRouting {
  /** The VirtualServices (several only for gateways, where Istio merges them). */
  readonly virtualServices: readonly VirtualServiceInfo[];
  /** Notes about conflicts or assumptions. */
  readonly notes: readonly string[];
}

/**
 * Finds the VirtualServices that apply to requests for `host` entering through `gateway`: those
 * listing the host (an exact host beats a wildcard; the longest wildcard wins) and bound to the
 * gateway. For `mesh`, sidecars use one VirtualService per host (the first here); for a gateway,
 * Istio merges them in creation order (file order here). When a name is defined twice, the last
 * definition counts, as when the tree is applied.
 */
export function routingFor(model: LintModel, host: string, gateway: string): HostRouting {
  const all = [...model.virtualServicesByName.values()]
    .filter((vs) => !vs.isDelegate && gatewayIn(gateway, vs.gateways))
    .sort((a, b) => (a.object?.order ?? Infinity) - (b.object?.order ?? Infinity));
  const exact = all.filter((vs) => vs.hosts.some((h) => h.host === host));
  let chosen = exact;
  if (chosen.length === 0) {
    let best = -1;
    for (const vs of all) {
      for (const h of vs.hosts) {
        if (!isWildcardHost(h.host) || !hostMatches(h.host, host)) continue;
        if (h.host.length > best) {
          best = h.host.length;
          chosen = [vs];
        } else if (h.host.length === best && !chosen.includes(vs)) chosen = [...chosen, vs];
      }
    }
  }
  const notes: string[] = [];
  const name = (vs: VirtualServiceInfo): string => `${vs.namespace}/${vs.name}`;
  if (chosen.length > 1 && gateway === 'mesh') {
    notes.push(
      `${chosen.length} VirtualServices route ${host} for the mesh (${chosen.map(name).join(', ')}); sidecars use only one, assumed ${name(chosen[0])}.`,
    );
    chosen = [chosen[0]];
  } else if (chosen.length > 1) {
    notes.push(
      `${chosen.length} VirtualServices route ${host} on ${gateway} (${chosen.map(name).join(', ')}); Istio merges them in creation order, assumed file order.`,
    );
  }
  for (const vs of chosen) {
    const note = generatedNote(vs);
    if (note) notes.push(note);
  }
  return { virtualServices: chosen, notes };
}

const compiled = new WeakMap<VirtualServiceInfo, CompiledRoute[]>();

function compiledRoutes(vs: VirtualServiceInfo): CompiledRoute[] {
  let routes = compiled.get(vs);
  if (!routes) {
    routes = asArray(vs.spec.http).map((value, index) => {
      const route = asRecord(value) ?? {};
      const name = asString(route.name);
      return {
        index,
        route,
        label: `VirtualService ${vs.namespace}/${vs.name} http[${index}]${name === undefined ? '' : ` "${name}"`}`,
        matches: compileRouteMatch(route.match, vs.namespace),
      };
    });
    compiled.set(vs, routes);
  }
  return routes;
}

function noRoute(rule: string, label: string): Outcome {
  return { rule, targets: [{ target: { label }, share: 1 }], mirrors: [] };
}

function routeOutcome(model: LintModel, vs: VirtualServiceInfo, r: CompiledRoute, prefix: string): Outcome {
  const rule = `${prefix}${r.label}`;
  const redirect = asRecord(r.route.redirect);
  if (redirect) {
    const to = [asString(redirect.authority), asString(redirect.uri)].filter((s) => s !== undefined).join('');
    return noRoute(rule, `redirect ${asNumber(redirect.redirectCode) ?? 301}${to ? ` to ${to}` : ''}`);
  }
  const direct = asRecord(r.route.directResponse);
  if (direct) return noRoute(rule, `direct response ${asNumber(direct.status) ?? 200}`);
  const ds = asArray(r.route.route).flatMap((entry) => {
    const d = readDestination(asRecord(entry)?.destination, vs.namespace, model.domain);
    return d ? [{ d, weight: asNumber(asRecord(entry)?.weight) }] : [];
  });
  if (ds.length === 0) return noRoute(rule, 'no destination (503)');
  const shares = effectiveShares(ds.map((x) => x.weight));
  if (!shares) return noRoute(rule, 'invalid weights (VirtualService rejected)');
  const targets = ds.map(({ d }, i) => ({
    target: { label: destinationLabel(d), host: d.host, subset: d.subset, port: d.port },
    share: shares[i],
  }));
  const mirrors = mirrorsOf(r.route, ['spec', 'http', r.index], vs.namespace, model.domain).map((m) => ({
    target: {
      label: destinationLabel(m.destination),
      host: m.destination.host,
      subset: m.destination.subset,
      port: m.destination.port,
    },
    share: m.share,
  }));
  return { rule, targets, mirrors };
}

/**
 * Routes one request through VirtualServices as Istio does: routes in order, the first whose match
 * holds wins; a `delegate` route continues in the delegate VirtualService (its routes in order,
 * no fall-back to the root). No matching route means 404.
 */
export function outcomeFor(
  model: LintModel,
  routing: HostRouting,
  request: SimRequest,
  host: string,
): Outcome {
  if (routing.virtualServices.length === 0) {
    return {
      rule: '(no VirtualService: the Service balances over all its pods)',
      targets: [{ target: { label: host, host }, share: 1 }],
      mirrors: [],
    };
  }
  for (const vs of routing.virtualServices) {
    for (const r of compiledRoutes(vs)) {
      if (!r.matches(request)) continue;
      const delegate = asRecord(r.route.delegate);
      if (!delegate) return routeOutcome(model, vs, r, '');
      const key = `${asString(delegate.namespace) ?? vs.namespace}/${asString(delegate.name) ?? ''}`;
      const target = model.virtualServicesByName.get(key);
      if (!target) return noRoute(r.label, `no route (404): delegate VirtualService ${key} not found`);
      const note = generatedNote(target);
      for (const d of compiledRoutes(target)) {
        if (d.matches(request)) {
          const outcome = routeOutcome(model, target, d, `${r.label} -> `);
          return note ? { ...outcome, notes: [note] } : outcome;
        }
      }
      return noRoute(`${r.label} -> VirtualService ${key}`, 'no route (404)');
    }
  }
  const last = routing.virtualServices[routing.virtualServices.length - 1];
  return noRoute(`VirtualService ${last.namespace}/${last.name} (no route matched)`, 'no route (404)');
}
