/**
 * Watching Flagger work on a Canary: its phase and the weights it writes into its VirtualService.
 * Failures quote Flagger's own log lines and the Canary's status, so that a red test says what the
 * controller said.
 */
import { KubeClient, KubeObject } from './kube-client';
import { flaggerLog } from './cluster';

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

/** The weight of each destination host of a VirtualService's first HTTP route. */
export function routeWeights(vs: KubeObject | undefined): Record<string, number> {
  const http =
    (vs?.spec as { http?: { route?: { destination: { host: string }; weight?: number }[] }[] })?.http ?? [];
  const weights: Record<string, number> = {};
  for (const r of http[0]?.route ?? []) weights[r.destination.host] = r.weight ?? 0;
  return weights;
}

/** A recording of the canary weights Flagger writes, sampled every `everyMs`. */
export interface WeightRecorder {
  /** Distinct consecutive canary weights seen, in order. */
  readonly weights: number[];
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
  const weights: number[] = [];
  let stopped = false;
  const tick = async (): Promise<void> => {
    while (!stopped) {
      try {
        const vs = await client.get('networking.istio.io/v1beta1', 'VirtualService', namespace, name);
        const w = routeWeights(vs)[`${name}-canary`];
        if (w !== undefined && weights[weights.length - 1] !== w) weights.push(w);
      } catch {
        // the VirtualService may not exist yet
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  };
  void tick();
  return {
    weights,
    stop: () => {
      stopped = true;
    },
  };
}
