import { DEFAULT_CONTAINER_PORT } from './defaults';
import { SpecIssue } from './errors';
import { CanaryServiceSpec } from './spec';

/** The label Flagger's target must select its pods by, with the service's name as value. */
export const TARGET_SELECTOR_LABEL = 'app';

/** The fields of a Deployment manifest this check reads (any apps/v1 Deployment object fits). */
interface DeploymentShape {
  readonly metadata?: { readonly name?: unknown };
  readonly spec?: {
    readonly selector?: { readonly matchLabels?: Readonly<Record<string, unknown>> };
    readonly template?: {
      readonly metadata?: { readonly labels?: Readonly<Record<string, unknown>> };
      readonly spec?: {
        readonly containers?: readonly { readonly ports?: readonly { readonly containerPort?: unknown }[] }[];
      };
    };
  };
}

function labelsText(labels: Readonly<Record<string, unknown>> | undefined): string {
  const entries = Object.entries(labels ?? {});
  return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${k}: ${String(v)}`).join(', ')} }`;
}

/**
 * Checks the Deployment that `workload.existingDeployment` names against what Flagger and the mesh
 * need, and returns every problem (path `workload.existingDeployment`), each with its fix:
 *
 * - its selector must carry `app: <name>`: Flagger builds the primary's selector from the target's
 *   `spec.selector.matchLabels` and fails without one of its selector labels (fluxcd/flagger
 *   pkg/canary/deployment_controller.go, `getSelectorLabel`); canary-kit's objects assume `app`;
 * - its pod template must carry that label (Kubernetes rejects a selector that misses the pods);
 * - a container must listen on `workload.containerPort`: the Canary's `service.targetPort`, to which
 *   the Services Flagger creates send traffic (lib/core/render/flagger-canary.ts).
 *
 * Pure: the cdk8s construct runs it at synth time on the cdk8s-plus Deployment; `lint` runs the same
 * rules on plain YAML.
 */
export function checkExistingDeployment(spec: CanaryServiceSpec, deployment: unknown): SpecIssue[] {
  const d = (deployment ?? {}) as DeploymentShape;
  const name = spec.name;
  const path = 'workload.existingDeployment';
  const value = typeof d.metadata?.name === 'string' ? d.metadata.name : spec.workload?.existingDeployment;
  const issues: SpecIssue[] = [];
  const cdk8sPlusFix =
    `With cdk8s-plus: new kplus.Deployment(scope, id, { select: false, podMetadata: { labels: { app: '${name}' } }, ... }) ` +
    `and deployment.select(kplus.LabelSelector.of({ labels: { app: '${name}' } })).`;
  const selector = d.spec?.selector?.matchLabels;
  if (selector?.[TARGET_SELECTOR_LABEL] !== name) {
    issues.push({
      path,
      value,
      message:
        `selects its pods by ${labelsText(selector)}, but Flagger needs spec.selector.matchLabels to hold app: ${name} ` +
        `(it builds the primary's selector from it; cdk8s-plus's default label cdk8s.io/metadata.addr cannot be used). ${cdk8sPlusFix}`,
    });
  }
  const podLabels = d.spec?.template?.metadata?.labels;
  if (podLabels?.[TARGET_SELECTOR_LABEL] !== name) {
    issues.push({
      path,
      value,
      message: `has pods labelled ${labelsText(podLabels)}, without app: ${name}. Add the label to the pod template. ${cdk8sPlusFix}`,
    });
  }
  const port = spec.workload?.containerPort ?? DEFAULT_CONTAINER_PORT;
  const ports = (d.spec?.template?.spec?.containers ?? []).flatMap((container) =>
    (container.ports ?? []).map((p) => p.containerPort),
  );
  if (!ports.includes(port)) {
    const declared = ports.length === 0 ? 'no container port' : `container ports ${ports.join(', ')}`;
    issues.push({
      path,
      value,
      message:
        `declares ${declared}, but the Services Flagger creates send traffic to port ${port} (workload.containerPort${spec.workload?.containerPort === undefined ? `, default ${DEFAULT_CONTAINER_PORT}` : ''}). ` +
        `Set workload.containerPort to the port the container listens on, or declare it (cdk8s-plus: containers: [{ portNumber: ${port}, ... }]).`,
    });
  }
  return issues;
}
