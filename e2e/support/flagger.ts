/**
 * Watching Flagger work on a Canary: its phase and the weights it writes into its VirtualService.
 * Failures quote Flagger's own log lines and the Canary's status, so that a red test says what the
 * controller said.
 */
import { KubeClient, KubeObject } from './kube-client';
import { flaggerLog } from './cluster';
import { collapseRuns } from './collapse-runs';

/** Flagger's Canary phases (fluxcd/flagger pkg/apis/flagger/v1beta1/status.go). */
export type CanaryPhase =
  | 'Initializing'
  | 'Initialized'
  | 'Waiting'
  | 'Progressing'
  | 'WaitingPromotion'
  | 'Promoting'
  | 'Finalising'
  | 'Succeeded'
  | 'Failed'
  | 'Terminating'
  | 'Terminated';

interface CanaryStatus {
  phase?: CanaryPhase;
  canaryWeight?: number;
  failedChecks?: number;
  conditions?: { type: string; status: string; reason: string; message: string }[];
}

/** The Canary's status (empty when it has none yet). */
export async function canaryStatus(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<CanaryStatus> {
  const canary = await client.get('flagger.app/v1beta1', 'Canary', namespace, name);
  return ((canary?.status as CanaryStatus | undefined) ?? {}) as CanaryStatus;
}

/** Why a wait failed: the status and Flagger's log lines about this canary. */
export async function explain(client: KubeClient, namespace: string, name: string): Promise<string> {
  const status = await canaryStatus(client, namespace, name).catch((e: unknown) => ({ error: String(e) }));
  return `Canary ${namespace}/${name} status: ${JSON.stringify(status)}\nFlagger's log:\n${flaggerLog(namespace, name)}`;
}

/** Polls until the Canary reaches one of `phases`; returns the phase. Throws, explained, on timeout. */
export async function waitForPhase(
  client: KubeClient,
  namespace: string,
  name: string,
  phases: readonly CanaryPhase[],
  timeoutMs: number,
): Promise<CanaryPhase> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { phase } = await canaryStatus(client, namespace, name);
    if (phase && phases.includes(phase)) return phase;
    if (Date.now() > deadline) {
      throw new Error(
        `Canary ${namespace}/${name} did not reach ${phases.join('|')} in ${timeoutMs / 1000}s\n${await explain(client, namespace, name)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

interface HttpRoute {
  match?: unknown[];
  route?: { destination: { host: string }; weight?: number }[];
  mirror?: { host: string };
}

/** The HTTP routes of a VirtualService. */
export function httpRoutes(vs: KubeObject | undefined): HttpRoute[] {
  return (vs?.spec as { http?: HttpRoute[] })?.http ?? [];
}

/**
 * The route that splits traffic by weight: the last route without a `match` (Flagger puts the
 * session-affinity cookie route and A/B matches before it, fluxcd/flagger v1.44.0
 * pkg/router/istio.go `getSessionAffinityRouteRules`), or the first route.
 */
function weightedRoute(vs: KubeObject | undefined): HttpRoute | undefined {
  const http = httpRoutes(vs);
  return [...http].reverse().find((r) => !r.match || r.match.length === 0) ?? http[0];
}

/** The weight of each destination host of a VirtualService's weighted route. */
export function routeWeights(vs: KubeObject | undefined): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const r of weightedRoute(vs)?.route ?? []) weights[r.destination.host] = r.weight ?? 0;
  return weights;
}

/** A recording of the canary weights Flagger writes, sampled every `everyMs`. */
export interface WeightRecorder {
  /** Distinct consecutive canary weights seen, in order. */
  readonly weights: number[];
  /** Every change seen (weight or mirroring), with the time it was seen. */
  readonly changes: { weight: number; mirrored: boolean; at: number }[];
  /** Stops sampling. */
  stop(): void;
}

/** Records the weight of `<name>-canary` in Flagger's VirtualService `<name>`. */
export function recordCanaryWeights(
  client: KubeClient,
  namespace: string,
  name: string,
  everyMs = 500,
): WeightRecorder {
  const changes: { weight: number; mirrored: boolean; at: number }[] = [];
  let stopped = false;
  const tick = async (): Promise<void> => {
    while (!stopped) {
      try {
        const vs = await client.get('networking.istio.io/v1beta1', 'VirtualService', namespace, name);
        const w = routeWeights(vs)[`${name}-canary`];
        const mirrored = weightedRoute(vs)?.mirror?.host === `${name}-canary`;
        const last = changes[changes.length - 1];
        if (w !== undefined && (!last || last.weight !== w || last.mirrored !== mirrored))
          changes.push({ weight: w, mirrored, at: Date.now() });
      } catch {
        // the VirtualService may not exist yet
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  };
  void tick();
  return {
    get weights() {
      return collapseRuns(changes.map((c) => c.weight));
    },
    changes,
    stop: () => {
      stopped = true;
    },
  };
}

/**
 * The objects Flagger v1.44.0 generates for a Canary targeting Deployment `name` with the Istio
 * provider (pkg/router/kubernetes_default.go: Services `<name>`, `<name>-primary`, `<name>-canary`;
 * pkg/canary/deployment_controller.go: Deployment `<name>-primary`; pkg/router/istio.go:
 * VirtualService `<name>`, DestinationRules `<name>-primary` and `<name>-canary`).
 */
export function flaggerGeneratedObjects(name: string): { apiVersion: string; kind: string; name: string }[] {
  return [
    { apiVersion: 'v1', kind: 'Service', name },
    { apiVersion: 'v1', kind: 'Service', name: `${name}-primary` },
    { apiVersion: 'v1', kind: 'Service', name: `${name}-canary` },
    { apiVersion: 'apps/v1', kind: 'Deployment', name: `${name}-primary` },
    { apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', name },
    { apiVersion: 'networking.istio.io/v1beta1', kind: 'DestinationRule', name: `${name}-primary` },
    { apiVersion: 'networking.istio.io/v1beta1', kind: 'DestinationRule', name: `${name}-canary` },
  ];
}

/**
 * Objects Flagger generated that another manager (canary-kit's `canary-kit`) also wrote, read from
 * the live objects' managedFields: each one is a fight between canary-kit and Flagger. Empty when
 * Flagger alone owns what it generates.
 */
export async function flaggerOwnershipConflicts(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<string[]> {
  const conflicts: string[] = [];
  for (const o of flaggerGeneratedObjects(name)) {
    const live = await client.get(o.apiVersion, o.kind, namespace, o.name);
    if (!live) {
      conflicts.push(`${o.kind} ${namespace}/${o.name}: Flagger has not generated it`);
      continue;
    }
    const managers = (live.metadata.managedFields as { manager?: string }[] | undefined) ?? [];
    const ours = managers.filter((m) => m.manager === 'canary-kit');
    if (ours.length > 0)
      conflicts.push(`${o.kind} ${namespace}/${o.name}: written by canary-kit and by Flagger`);
  }
  return conflicts;
}
