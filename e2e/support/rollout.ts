/**
 * A Flagger rollout driven the way a user drives one: synthesize the spec, apply it, let Flagger
 * initialize, change the image in the spec, synthesize and apply again. The traffic each workload
 * reports is set on the traffic exporter (the stand-in for Envoy's metrics).
 */
import { CanaryServiceSpec, synthesize } from '../../lib';
import { adminClient, clusterState, setTraffic } from './cluster';
import { CanaryPhase, waitForPhase } from './flagger';
import { KubeClient, KubeObject } from './kube-client';

/** Healthy traffic: 20 rps, no errors, 40 ms. */
export const HEALTHY = { rps: 20, errorPercent: 0, latencyMs: 40 } as const;

/** A flagger-mode spec for the e2e rollouts: 10 s interval, the local Prometheus. */
export function rolloutSpec(
  name: string,
  namespace: string,
  overrides: Partial<CanaryServiceSpec> = {},
): CanaryServiceSpec {
  const base: CanaryServiceSpec = {
    name,
    namespace,
    mode: 'flagger',
    workload: { image: 'ghcr.io/stefanprodan/podinfo:6.9.0' },
    service: { port: 80 },
    slo: { successRatePercent: 99, p99LatencyMs: 500, window: '30s' },
    analysis: {
      interval: '10s',
      threshold: 2,
      stepWeights: [10, 20, 40],
      prometheusAddress: clusterState().prometheusUrl,
    },
  };
  return {
    ...base,
    ...overrides,
    analysis: { ...base.analysis, ...overrides.analysis },
    workload: { ...base.workload, ...overrides.workload },
  };
}

/** Applies every manifest of a spec (server-side apply, canary-kit's field manager). */
export async function applySpec(client: KubeClient, spec: CanaryServiceSpec): Promise<KubeObject[]> {
  await client.ensureNamespace(spec.namespace!);
  const stored: KubeObject[] = [];
  for (const manifest of synthesize(spec))
    stored.push(await client.apply(manifest as unknown as KubeObject, 'canary-kit'));
  return stored;
}

/** Applies the spec, reports healthy primary traffic, and waits until Flagger has initialized it. */
export async function initialize(spec: CanaryServiceSpec, client = adminClient()): Promise<CanaryPhase> {
  await applySpec(client, spec);
  await setTraffic(spec.namespace!, `${spec.name}-primary`, HEALTHY);
  return waitForPhase(client, spec.namespace!, spec.name, ['Initialized'], 120_000);
}

/** The same spec with a new image: what a release changes. */
export function withImage(spec: CanaryServiceSpec, image: string): CanaryServiceSpec {
  return { ...spec, workload: { ...spec.workload, image } };
}

/** The image of a Deployment's first container. */
export async function deploymentImage(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<string | undefined> {
  const d = await client.get('apps/v1', 'Deployment', namespace, name);
  const containers = (d?.spec as { template?: { spec?: { containers?: { image: string }[] } } })?.template
    ?.spec?.containers;
  return containers?.[0]?.image;
}
