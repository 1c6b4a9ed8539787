/**
 * The replica counts of the stable and canary Deployments, from one of two sources:
 *
 * - **Prometheus**, from kube-state-metrics (the kube-prometheus-stack default), for a gate
 *   without access to the API server (a CI pipeline, `--apply gitops`). The series are
 *   `kube_deployment_spec_replicas`, `kube_deployment_status_replicas_updated`,
 *   `kube_deployment_status_replicas_available`, `kube_deployment_metadata_generation` and
 *   `kube_deployment_status_observed_generation`, each with the labels `namespace` and
 *   `deployment` (kubernetes/kube-state-metrics `internal/store/deployment.go`: one gauge per
 *   Deployment from `Spec.Replicas`, `Status.UpdatedReplicas`, `Status.AvailableReplicas`,
 *   `Generation`, `Status.ObservedGeneration`; the default labels are `namespace`, `deployment`).
 *   Several kube-state-metrics replicas (or scrape jobs) give duplicate series: counts the canary
 *   must reach are read with `max` (the largest claim), what it has with `min` (the smallest), so
 *   duplicates can only make the gate more careful. Series older than Prometheus' lookback
 *   (5 minutes by default) or gone stale return nothing: a hold.
 * - **the Kubernetes API** (`get` on the two Deployments: the gate's Role, or any read-only
 *   kubeconfig).
 */
import { CanaryPlan } from '../core/plan';
import { DeploymentCounts, ReplicaReading } from './canary-readiness';
import { ClusterApi, ClusterApiError } from './in-cluster/kube-client';
import { describeMissing, Reading } from './measurements';
import { PrometheusClientOptions, readNumber } from './prometheus-client';

/** A PromQL string literal (backslash and double quote escaped). */
function literal(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The kube-state-metrics query of one count: `<max|min>(<metric>{namespace=,deployment=})`. */
export function kubeStateMetricsQuery(
  metric: string,
  aggregation: 'max' | 'min',
  namespace: string,
  deployment: string,
): string {
  return `${aggregation}(${metric}{namespace=${literal(namespace)},deployment=${literal(deployment)}})`;
}

const REPLICA_COUNT = { min: 0, what: 'a replica count' } as const;

/** Reads the counts from kube-state-metrics at `timeSeconds`. Never throws. */
export async function readReplicasFromPrometheus(
  plan: CanaryPlan,
  client: PrometheusClientOptions,
  timeSeconds: number,
): Promise<ReplicaReading> {
  const { namespace, stable, canary } = plan.names;
  const queries: Reading[] = [];
  const problems: string[] = [];
  const read = async (metric: string, aggregation: 'max' | 'min', deployment: string, what: string) => {
    const query = kubeStateMetricsQuery(metric, aggregation, namespace, deployment);
    // After a failed request nothing else is asked: a dead server would only multiply the wait.
    const failed = queries.find((q) => q.problem === 'query-failed');
    const reading: Reading = failed
      ? { value: null, problem: 'query-failed', detail: failed.detail, query }
      : await readNumber(client, query, timeSeconds, REPLICA_COUNT);
    let value = reading.value;
    if (value !== null && !Number.isInteger(value)) {
      problems.push(`${what} is ${value}, not a whole number (${query})`);
      value = null;
    } else if (value === null) {
      problems.push(`${what}: ${describeMissing(reading)} (${query})`);
    }
    queries.push(reading);
    return value;
  };
  const stableReplicas = await read(
    'kube_deployment_spec_replicas',
    'max',
    stable,
    `${stable} spec.replicas`,
  );
  const counts: DeploymentCounts = {
    desired: await read('kube_deployment_spec_replicas', 'max', canary, `${canary} spec.replicas`),
    generation: await read('kube_deployment_metadata_generation', 'max', canary, `${canary} generation`),
    observedGeneration: await read(
      'kube_deployment_status_observed_generation',
      'min',
      canary,
      `${canary} observed generation`,
    ),
    updated: await read(
      'kube_deployment_status_replicas_updated',
      'min',
      canary,
      `${canary} updated replicas`,
    ),
    available: await read(
      'kube_deployment_status_replicas_available',
      'min',
      canary,
      `${canary} available replicas`,
    ),
  };
  return { source: 'prometheus', stableReplicas, canary: counts, problems, queries };
}

/** A whole number ≥ 0 at `path` of `object`, or null. */
function count(object: unknown, path: readonly string[], fallback?: number): number | null {
  let value: unknown = object;
  for (const key of path)
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  if (value === undefined && fallback !== undefined) return fallback;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}

/** The counts of a Deployment object; absent status counts are 0, as the API server omits zeros. */
export function deploymentCounts(deployment: unknown): DeploymentCounts {
  return {
    // spec.replicas defaults to 1 on the server; status fields are omitted while 0 (omitempty).
    desired: count(deployment, ['spec', 'replicas'], 1),
    updated: count(deployment, ['status', 'updatedReplicas'], 0),
    available: count(deployment, ['status', 'availableReplicas'], 0),
    generation: count(deployment, ['metadata', 'generation'], 0),
    observedGeneration: count(deployment, ['status', 'observedGeneration'], 0),
  };
}

/**
 * The reading of two Deployment objects as the API server returned them (the gitops source and
 * the in-cluster gate share it): a count that is not a whole number ≥ 0 is a problem.
 */
export function replicaReadingOf(
  plan: CanaryPlan,
  stableObject: unknown,
  canaryObject: unknown,
): ReplicaReading {
  const { namespace, stable, canary } = plan.names;
  const problems: string[] = [];
  const counts = deploymentCounts(canaryObject);
  const stableReplicas = count(stableObject, ['spec', 'replicas'], 1);
  for (const [key, value] of Object.entries(counts)) {
    if (value === null) problems.push(`Deployment ${namespace}/${canary} has no valid ${key} count`);
  }
  if (stableReplicas === null) problems.push(`Deployment ${namespace}/${stable} has no valid spec.replicas`);
  return { source: 'kubernetes', stableReplicas, canary: counts, problems };
}

/** Reads the counts from the API server (`get` on both Deployments). Never throws. */
export async function readReplicasFromKubernetes(api: ClusterApi, plan: CanaryPlan): Promise<ReplicaReading> {
  const { namespace, stable, canary } = plan.names;
  const problems: string[] = [];
  const get = async (name: string): Promise<unknown> => {
    try {
      return await api.getDeployment(namespace, name);
    } catch (error) {
      problems.push(
        error instanceof ClusterApiError
          ? error.message
          : `get Deployment ${namespace}/${name} failed: ${String(error)}`,
      );
      return undefined;
    }
  };
  const stableObject = await get(stable);
  const canaryObject = problems.length === 0 ? await get(canary) : undefined;
  if (problems.length > 0) {
    const none = {
      desired: null,
      updated: null,
      available: null,
      generation: null,
      observedGeneration: null,
    };
    return { source: 'kubernetes', stableReplicas: null, canary: none, problems };
  }
  return replicaReadingOf(plan, stableObject, canaryObject);
}
