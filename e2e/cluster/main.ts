/**
 * `npm run cluster -- up|down|status`: the local control plane of the e2e tests, for users too.
 *
 * `up` builds the pinned real components if needed (e2e/tools/build.sh), then starts on 127.0.0.1
 * and free ports: kine and kube-apiserver (TLS, RBAC, service-account tokens), the CRDs, the traffic
 * exporter, Prometheus, Flagger, and the kubelet stand-in (the one simulated piece: it marks
 * Deployments ready). It writes `.e2e/kubeconfig` and `.e2e/state.json`. `down` stops, by process id,
 * what `up` started. docs/e2e.md explains what is real and what is not.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { KubeClient } from '../support/kube-client';
import { startApiServer } from './apiserver';
import { installCrds } from './crds';
import { startFlagger } from './flagger';
import { E2E_DIR, KUBECONFIG_PATH, LOG_DIR, REPO_ROOT, STATE_PATH } from './paths';
import { freePorts } from './ports';
import { isAlive, startProcess, StartedProcess, stopProcess, waitReady } from './processes';
import { startPrometheus } from './prometheus';
import { ClusterState, readState, writeState } from './state';

/** Builds the tools (reusing what is built). */
function buildTools(): void {
  const result = spawnSync('bash', [join(REPO_ROOT, 'e2e', 'tools', 'build.sh')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('e2e/tools/build.sh failed (see its output above)');
}

/** True when a recorded control plane is still running. */
export function isUp(state = readState()): boolean {
  return state !== undefined && state.processes.length > 0 && state.processes.every((p) => isAlive(p.pid));
}

/** Starts the control plane; returns its state. Stops what it started when a step fails. */
export async function up(): Promise<ClusterState> {
  const existing = readState();
  if (existing && isUp(existing)) return existing;
  if (existing) await down();
  buildTools();
  rmSync(E2E_DIR, { recursive: true, force: true });
  mkdirSync(join(E2E_DIR, 'pki'), { recursive: true });
  mkdirSync(LOG_DIR, { recursive: true });
  const started: StartedProcess[] = [];
  try {
    const [etcd, apiserverPort, exporterPort, prometheusPort, flaggerPort] = await freePorts(5);
    const api = await startApiServer({ etcd, apiserver: apiserverPort });
    started.push(...api.processes);
    const client = new KubeClient({ server: api.url, ca: api.ca, token: api.adminToken });
    const crds = await installCrds(client);
    console.log(`cluster: ${crds.length} CRDs established`);

    const exporter = startProcess('traffic-exporter', process.execPath, [
      join(__dirname, 'traffic-exporter.js'),
      String(exporterPort),
    ]);
    started.push(exporter);
    await waitReady(exporter, `http://127.0.0.1:${exporterPort}/ready`);
    const prometheus = await startPrometheus(prometheusPort, {
      exporter: exporterPort,
      flagger: flaggerPort,
    });
    started.push(prometheus);
    const prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
    const standin = startProcess('kubelet-standin', process.execPath, [
      join(__dirname, 'kubelet-standin.js'),
      KUBECONFIG_PATH,
    ]);
    started.push(standin);
    const flagger = await startFlagger(flaggerPort, prometheusUrl);
    started.push(flagger);
    const state: ClusterState = {
      processes: started,
      apiServerUrl: api.url,
      prometheusUrl,
      exporterUrl: `http://127.0.0.1:${exporterPort}`,
      flaggerUrl: `http://127.0.0.1:${flaggerPort}`,
      kubeconfig: KUBECONFIG_PATH,
    };
    writeState(state);
    return state;
  } catch (error) {
    for (const p of started.reverse()) await stopProcess(p.pid);
    throw error;
  }
}

/** Stops what `up` recorded, newest first. */
export async function down(): Promise<number> {
  const state = readState();
  if (!state) return 0;
  for (const p of [...state.processes].reverse()) await stopProcess(p.pid);
  rmSync(STATE_PATH, { force: true });
  return state.processes.length;
}

async function main(argv: string[]): Promise<number> {
  const command = argv[0];
  if (command === 'up') {
    const state = await up();
    console.log(`cluster: up
  kubeconfig  ${state.kubeconfig}   (export KUBECONFIG=${state.kubeconfig})
  API server  ${state.apiServerUrl}
  Prometheus  ${state.prometheusUrl}
  traffic     ${state.exporterUrl}   (PUT /workloads/<namespace>/<workload> {"rps":10,"errorPercent":0,"latencyMs":50})
  Flagger     ${state.flaggerUrl}
  logs        ${LOG_DIR}`);
    return 0;
  }
  if (command === 'down') {
    const stopped = await down();
    console.log(stopped > 0 ? `cluster: stopped ${stopped} processes` : 'cluster: nothing to stop');
    return 0;
  }
  if (command === 'status') {
    const state = readState();
    if (!state) {
      console.log('cluster: not started');
      return 1;
    }
    for (const p of state.processes)
      console.log(`${p.name.padEnd(18)} pid ${p.pid} ${isAlive(p.pid) ? 'running' : 'STOPPED'}  ${p.log}`);
    return isUp(state) ? 0 : 1;
  }
  console.error('usage: npm run cluster -- up|down|status');
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`cluster: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
