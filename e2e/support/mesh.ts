/** `mesh`-mode helpers: a spec with the gate, its traffic, running the real CLI. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { CanaryServiceSpec } from '../../lib';
import { REPO_ROOT } from '../cluster/paths';
import { clusterState, setTraffic } from './cluster';
import { KubeClient, KubeObject } from './kube-client';

/** A mesh-mode spec with automation, reading the local Prometheus. */
export function meshSpec(name: string, namespace: string): CanaryServiceSpec {
  return {
    name,
    namespace,
    mode: 'mesh',
    workload: { image: `ghcr.io/acme/${name}:1.0.0`, canaryImage: `ghcr.io/acme/${name}:1.1.0`, replicas: 2 },
    traffic: {
      stages: [
        { name: 'ten', canaryWeight: 10 },
        { name: 'half', canaryWeight: 50 },
      ],
      stage: 'ten',
      // The gate holds a stage for traffic.minStageDuration from traffic.stageStartedAt (issue 15):
      // the stage began an hour ago, longer than the 5 minutes it must hold.
      minStageDuration: '5m',
      stageStartedAt: new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    },
    slo: { successRatePercent: 99, p99LatencyMs: 500, minRequests: 20, window: '30s' },
    automation: { image: 'ghcr.io/acme/canary-kit-gate:0.1.0', prometheusUrl: clusterState().prometheusUrl },
  };
}

/** Healthy traffic on both subsets of a mesh-mode service. */
export async function healthyMeshTraffic(spec: CanaryServiceSpec): Promise<void> {
  for (const track of ['stable', 'canary'] as const) {
    await setTraffic(spec.namespace!, `${spec.name}-${track}`, {
      rps: 20,
      errorPercent: 0,
      latencyMs: 40,
      service: spec.name,
      version: track,
    });
  }
}

/** Writes a spec file (YAML). */
export function writeSpecFile(dir: string, spec: CanaryServiceSpec): string {
  const file = join(dir, `${spec.name}.yaml`);
  writeFileSync(file, YAML.stringify(spec));
  return file;
}

/** Runs `canary-kit <args>` (the built CLI) and returns its exit code and output. */
export function canaryKit(args: readonly string[]): {
  status: number | null;
  stdout: string;
  stderr: string;
} {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'canary-kit.js'), ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs `canary-kit gate <args> --format json` until it decides something other than hold (exit 3):
 * right after the traffic starts, the window holds fewer than `slo.minRequests` canary requests.
 * Gives up after about a minute and returns the last run.
 */
export async function gateUntilDecided(args: readonly string[]): Promise<ReturnType<typeof canaryKit>> {
  let run = canaryKit(['gate', ...args, '--format', 'json']);
  for (let i = 0; i < 30 && run.status === 3; i++) {
    await new Promise((r) => setTimeout(r, 2000));
    run = canaryKit(['gate', ...args, '--format', 'json']);
  }
  return run;
}

/** Writes a kubeconfig for one bearer token of the same cluster. */
export function writeTokenKubeconfig(file: string, client: KubeClient, token: string): void {
  const { server, ca } = client.connection;
  writeFileSync(
    file,
    YAML.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'e2e',
          cluster: { server, 'certificate-authority-data': Buffer.from(ca).toString('base64') },
        },
      ],
      users: [{ name: 'sa', user: { token } }],
      contexts: [{ name: 'sa', context: { cluster: 'e2e', user: 'sa' } }],
      'current-context': 'sa',
    }),
    { mode: 0o600 },
  );
}

/** A short-lived token of a ServiceAccount, from the TokenRequest API. */
export async function serviceAccountToken(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<string> {
  const path = `${await client.path('v1', 'ServiceAccount', namespace, name)}/token`;
  const answer = (await client.request('POST', path, {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: { expirationSeconds: 600 },
  })) as { status: { token: string } };
  return answer.status.token;
}

/** The weights of the `default` route of a mesh-mode VirtualService, by subset. */
export function defaultRouteWeights(vs: KubeObject | undefined): Record<string, number> {
  const http =
    (
      vs?.spec as {
        http?: { name?: string; route?: { destination: { subset?: string }; weight?: number }[] }[];
      }
    )?.http ?? [];
  const route = http.find((r) => r.name === 'default')?.route ?? [];
  return Object.fromEntries(route.map((r) => [r.destination.subset ?? '', r.weight ?? 0]));
}
