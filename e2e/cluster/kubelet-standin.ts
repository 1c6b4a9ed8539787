/**
 * The one simulated piece of the local control plane: nothing here runs pods (there is no kubelet
 * and no deployment controller), so this loop writes the status that they would report for every
 * Deployment: `observedGeneration = generation` and every replica count equal to `spec.replicas`
 * (0 when scaled to zero), with the `Available` and `Progressing` conditions of a finished rollout.
 *
 * That is what Flagger reads to decide that a workload is ready (fluxcd/flagger v1.44.0,
 * pkg/canary/deployment_ready.go: generation <= observedGeneration, updatedReplicas >= replicas,
 * replicas <= updatedReplicas, availableReplicas >= updatedReplicas x threshold / 100, and no
 * `ProgressDeadlineExceeded`). Everything else, the API server, Flagger, Prometheus, is real.
 */
import { KubeClient, KubeObject, connectionFromKubeconfig } from '../support/kube-client';

interface DeploymentLike extends KubeObject {
  metadata: KubeObject['metadata'] & { generation?: number };
  spec: { replicas?: number };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    availableReplicas?: number;
    updatedReplicas?: number;
  };
}

/** The status a finished rollout of `d` reports. */
export function readyStatus(d: DeploymentLike, now: string): Record<string, unknown> {
  // The API server defaults spec.replicas to 1 when it is left out.
  const replicas = d.spec.replicas ?? 1;
  return {
    observedGeneration: d.metadata.generation ?? 1,
    replicas,
    updatedReplicas: replicas,
    readyReplicas: replicas,
    availableReplicas: replicas,
    conditions: [
      {
        type: 'Available',
        status: 'True',
        reason: 'MinimumReplicasAvailable',
        message: 'simulated by the e2e kubelet stand-in',
        lastUpdateTime: now,
        lastTransitionTime: now,
      },
      {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
        message: 'simulated by the e2e kubelet stand-in',
        lastUpdateTime: now,
        lastTransitionTime: now,
      },
    ],
  };
}

/** True when `d`'s status already says what {@link readyStatus} would write. */
export function isReported(d: DeploymentLike): boolean {
  const replicas = d.spec.replicas ?? 1;
  const s = d.status ?? {};
  return (
    s.observedGeneration === (d.metadata.generation ?? 1) &&
    (s.replicas ?? 0) === replicas &&
    (s.updatedReplicas ?? 0) === replicas &&
    (s.availableReplicas ?? 0) === replicas
  );
}

/** One pass: reports every Deployment whose status is behind. Returns how many it updated. */
export async function reportOnce(client: KubeClient): Promise<number> {
  const deployments = (await client.list('apps/v1', 'Deployment')) as DeploymentLike[];
  let updated = 0;
  for (const d of deployments) {
    if (isReported(d)) continue;
    try {
      await client.patch(
        'apps/v1',
        'Deployment',
        d.metadata.namespace,
        d.metadata.name,
        { status: readyStatus(d, new Date().toISOString()) },
        'merge',
        'status',
      );
      updated++;
    } catch (error) {
      console.error(`status of ${d.metadata.namespace}/${d.metadata.name}: ${String(error)}`);
    }
  }
  return updated;
}

if (require.main === module) {
  const client = new KubeClient(connectionFromKubeconfig(process.argv[2]), 10_000);
  const loop = async (): Promise<void> => {
    for (;;) {
      try {
        await reportOnce(client);
      } catch (error) {
        console.error(`kubelet stand-in: ${String(error)}`);
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  console.log('kubelet stand-in: reporting Deployments ready');
  void loop();
}
