/**
 * The real Flagger v1.44.0, with the Istio provider, reading the local Prometheus. Flags are those of
 * fluxcd/flagger cmd/flagger/main.go: `-kubeconfig`, `-mesh-provider`, `-metrics-server` (the default
 * Prometheus for the built-in metrics; canary-kit's MetricTemplates name their own address),
 * `-port` (serves /metrics and /healthz, pkg/server), `-log-level`, `-zap-encoding`.
 * Flagger needs no istiod: its Istio router only reads and writes VirtualServices and
 * DestinationRules through the API server (pkg/router/istio.go).
 */
import { KUBECONFIG_PATH, tool } from './paths';
import { startProcess, StartedProcess, waitReady } from './processes';

/** Starts Flagger and waits for `/healthz`. */
export async function startFlagger(port: number, prometheusUrl: string): Promise<StartedProcess> {
  const proc = startProcess('flagger', tool('flagger'), [
    `-kubeconfig=${KUBECONFIG_PATH}`,
    '-mesh-provider=istio',
    `-metrics-server=${prometheusUrl}`,
    `-port=${port}`,
    '-log-level=info',
    '-zap-encoding=json',
    '-cluster-name=canary-kit-e2e',
  ]);
  await waitReady(proc, `http://127.0.0.1:${port}/healthz`, { timeoutMs: 60_000 });
  return proc;
}
