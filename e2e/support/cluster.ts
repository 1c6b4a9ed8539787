/**
 * What the e2e tests use of the running control plane (`npm run cluster -- up`, which `npm run e2e`
 * starts): an admin client, the traffic exporter, Prometheus, Flagger's log.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { KUBECONFIG_PATH } from '../cluster/paths';
import { ClusterState, readState } from '../cluster/state';
import { WorkloadTraffic } from '../cluster/traffic-exporter';
import { connectionFromKubeconfig, KubeClient } from './kube-client';

/** The running control plane; throws with the command to start it when there is none. */
export function clusterState(): ClusterState {
  const state = readState();
  if (!state)
    throw new Error(
      'no local control plane: run `npm run cluster -- up` (or `npm run e2e`, which starts it)',
    );
  return state;
}

/** An admin client (system:masters) of the running control plane. */
export function adminClient(): KubeClient {
  clusterState();
  return new KubeClient(connectionFromKubeconfig(KUBECONFIG_PATH));
}

function call(url: string, method: string, body?: unknown): Promise<void> {
  return new Promise((resolveCall, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      url,
      { method, timeout: 5000, headers: payload ? { 'content-type': 'application/json' } : {} },
      (res) => {
        res.resume();
        res.on('end', () =>
          (res.statusCode ?? 0) < 300
            ? resolveCall()
            : reject(new Error(`${method} ${url}: ${res.statusCode}`)),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: timeout`)));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** Sets the traffic the exporter reports for one workload. */
export function setTraffic(namespace: string, workload: string, traffic: WorkloadTraffic): Promise<void> {
  return call(`${clusterState().exporterUrl}/workloads/${namespace}/${workload}`, 'PUT', traffic);
}

/** Stops reporting a workload's traffic. */
export function removeTraffic(namespace: string, workload: string): Promise<void> {
  return call(`${clusterState().exporterUrl}/workloads/${namespace}/${workload}`, 'DELETE');
}

/** Flagger's log lines (JSON) that mention `name` in `namespace`, for failure messages. */
export function flaggerLog(namespace: string, name: string, limit = 40): string {
  const flagger = clusterState().processes.find((p) => p.name === 'flagger');
  if (!flagger) return '(no flagger log)';
  const lines = readFileSync(flagger.log, 'utf8')
    .split('\n')
    .filter(
      (line) => line.includes(`"canary":"${name}.${namespace}"`) || line.includes(`${name}.${namespace}`),
    );
  return lines.slice(-limit).join('\n');
}

/**
 * A suffix unique to this test run, for namespaces: a kept cluster (CANARY_KIT_E2E_KEEP=1) can run the
 * same cases again without meeting the previous run's objects.
 */
export const RUN_ID = Date.now().toString(36).slice(-5);
