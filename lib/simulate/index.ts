import { LintInput, toSourced } from '../lint';
import { hostMatches } from '../lint/hosts';
import { buildModel, LintModel } from '../lint/model';
import { Prng, seedFrom } from './prng';
import { buildRequest } from './request';
import { resolveRequestHost } from './resolve-host';
import { HostRouting, Outcome, outcomeFor, routingFor, Target } from './router';
import { sampleRequests } from './sample';
import {
  DestinationResult,
  KindResult,
  RequestKind,
  SimulateError,
  SimulateOptions,
  SimulationResult,
} from './types';

export * from './types';
export { parseProfile, ProfileError } from './profile';
export { formatSimulationText, formatSimulationJson } from './format';

/** Requests simulated when none is given. */
export const DEFAULT_REQUESTS = 100000;
/** Seed used when none is given. */
export const DEFAULT_SEED = 1;

const PLAIN_KIND: RequestKind = { name: 'request', share: 1 };

function row(
  target: Target,
  rule: string,
  requests: number,
  total: number,
  expected: number,
): DestinationResult {
  return {
    destination: target.label,
    ...(target.host === undefined ? {} : { host: target.host }),
    ...(target.subset === undefined ? {} : { subset: target.subset }),
    ...(target.port === undefined ? {} : { port: target.port }),
    rule,
    requests,
    share: total === 0 ? 0 : requests / total,
    expectedShare: expected,
  };
}

function byRequests(a: DestinationResult, b: DestinationResult): number {
  return (
    b.requests - a.requests || b.expectedShare - a.expectedShare || (a.destination < b.destination ? -1 : 1)
  );
}

function merge(rows: readonly DestinationResult[], total: number): DestinationResult[] {
  const merged = new Map<string, DestinationResult>();
  for (const r of rows) {
    const key = `${r.destination}\u0000${r.rule}`;
    const prev = merged.get(key);
    merged.set(
      key,
      prev
        ? {
            ...prev,
            requests: prev.requests + r.requests,
            expectedShare: prev.expectedShare + r.expectedShare,
          }
        : r,
    );
  }
  return [...merged.values()]
    .map((r) => ({ ...r, share: total === 0 ? 0 : r.requests / total }))
    .sort(byRequests);
}

function hostIsKnown(model: LintModel, host: string, routings: readonly HostRouting[]): boolean {
  return (
    routings.some((r) => r.virtualServices.length > 0) ||
    model.servicesByHost.has(host) ||
    model.serviceEntryHosts.some((p) => hostMatches(p, host))
  );
}

/**
 * Routes `options.requests` requests for `options.host` through the VirtualServices of a tree as
 * Istio does, and counts where they go: per request kind and overall, with the rule that matched,
 * the share Istio's configuration implies, and mirrored copies counted apart. Deterministic for a
 * given seed. Throws `SimulateError` when the host is unknown or ambiguous.
 */
export function simulateTraffic(inputs: readonly LintInput[], options: SimulateOptions): SimulationResult {
  const model = buildModel(toSourced(inputs), options);
  const requests = options.requests ?? DEFAULT_REQUESTS;
  if (!Number.isInteger(requests) || requests < 1) {
    throw new SimulateError(`requests must be a positive integer, got ${requests}.`);
  }
  const kinds = options.kinds && options.kinds.length > 0 ? options.kinds : [PLAIN_KIND];
  const totalShare = kinds.reduce((a, k) => a + k.share, 0);
  kinds.forEach((k) => {
    if (!(k.share > 0))
      throw new SimulateError(`request kind '${k.name}' has share ${k.share}; give a positive share.`);
  });
  const target = resolveRequestHost(model, options.host);
  const notes: string[] = [];
  const routings = kinds.map((k) => routingFor(model, target.host, k.gateway ?? 'mesh'));
  if (!hostIsKnown(model, target.host, routings)) {
    const gateways = [...new Set(kinds.map((k) => k.gateway ?? 'mesh'))].join(', ');
    throw new SimulateError(
      `no VirtualService, Service or ServiceEntry in the given files routes host ${target.host} (gateway ${gateways}); check --host and --gateway, or add the files that define it.`,
    );
  }
  const outcomes: Outcome[] = kinds.map((k, i) => {
    const outcome = outcomeFor(
      model,
      routings[i],
      buildRequest(k, target.authority, target.port),
      target.host,
    );
    for (const note of [...routings[i].notes, ...(outcome.notes ?? [])])
      if (!notes.includes(note)) notes.push(note);
    return outcome;
  });
  const seed = options.seed ?? DEFAULT_SEED;
  const counts = sampleRequests(
    outcomes,
    kinds.map((k) => k.share),
    requests,
    new Prng(seedFrom(seed)),
  );
  const kindResults: KindResult[] = kinds.map((k, i) => {
    const n = counts.kinds[i];
    const o = outcomes[i];
    return {
      name: k.name,
      requests: n,
      configuredShare: k.share / totalShare,
      destinations: o.targets
        .map((t, j) => row(t.target, o.rule, counts.targets[i][j], n, t.share))
        .sort(byRequests),
      mirrors: o.mirrors
        .map((m, j) => row(m.target, o.rule, counts.mirrors[i][j], n, m.share))
        .sort(byRequests),
    };
  });
  const weighted = (rows: (r: KindResult) => readonly DestinationResult[]): DestinationResult[] =>
    kindResults.flatMap((kr) =>
      rows(kr).map((r) => ({ ...r, expectedShare: r.expectedShare * kr.configuredShare })),
    );
  const overall: KindResult = {
    name: 'overall',
    requests,
    configuredShare: 1,
    destinations: merge(
      weighted((kr) => kr.destinations),
      requests,
    ),
    mirrors: merge(
      weighted((kr) => kr.mirrors),
      requests,
    ),
  };
  const virtualServices = [
    ...new Set(routings.flatMap((r) => r.virtualServices.map((vs) => `${vs.namespace}/${vs.name}`))),
  ];
  return { host: target.host, requests, seed, kinds: kindResults, overall, virtualServices, notes };
}
