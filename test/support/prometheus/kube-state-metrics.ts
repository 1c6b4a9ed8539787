/**
 * kube-state-metrics series of a Deployment, as constant gauges of a backfilled scenario: the
 * names and labels of kubernetes/kube-state-metrics `internal/store/deployment.go` (labels
 * `namespace`, `deployment`; values from spec.replicas, status.updatedReplicas,
 * status.availableReplicas, metadata.generation, status.observedGeneration).
 */
import { ConstantGauge } from './istio-telemetry';

/** A Deployment's counts; `updated` and `available` default to `replicas`, generations to 1. */
export interface DeploymentState {
  readonly replicas: number;
  readonly updated?: number;
  readonly available?: number;
  readonly generation?: number;
  readonly observedGeneration?: number;
}

/** The kube-state-metrics gauges of one Deployment. */
export function deploymentGauges(
  namespace: string,
  deployment: string,
  state: DeploymentState,
): ConstantGauge[] {
  const labels = { namespace, deployment };
  const values: Record<string, number> = {
    kube_deployment_spec_replicas: state.replicas,
    kube_deployment_status_replicas_updated: state.updated ?? state.replicas,
    kube_deployment_status_replicas_available: state.available ?? state.replicas,
    kube_deployment_status_replicas_ready: state.available ?? state.replicas,
    kube_deployment_metadata_generation: state.generation ?? 1,
    kube_deployment_status_observed_generation: state.observedGeneration ?? state.generation ?? 1,
  };
  return Object.entries(values).map(([name, value]) => ({ name, labels, value }));
}

/** The gauges of a mesh service's two Deployments, `<name>-stable` and `<name>-canary`. */
export function meshDeploymentGauges(
  namespace: string,
  name: string,
  stable: DeploymentState,
  canary: DeploymentState,
): ConstantGauge[] {
  return [
    ...deploymentGauges(namespace, `${name}-stable`, stable),
    ...deploymentGauges(namespace, `${name}-canary`, canary),
  ];
}
