import { APP_LABEL, CANARY_VERSION, STABLE_VERSION, VERSION_LABEL } from '../names';
import { CanaryPlan } from '../plan';
import { compact, ControllerOwnedField, objectMeta, RenderedResource } from './resource';

/**
 * Flagger scales its target Deployment to zero once the primary runs the new version, and back up
 * when it detects a new revision (fluxcd/flagger, pkg/canary/deployment_controller.go); it writes
 * nothing else on objects canary-kit creates (on the Canary only `status`).
 */
const FLAGGER_OWNS_REPLICAS: ControllerOwnedField = {
  path: 'spec.replicas',
  owner: 'Flagger',
  reason: 'Flagger scales its target to zero after each promotion and back up for the next analysis',
};

/** The HorizontalPodAutoscaler writes the replicas of the Deployment it scales. */
const AUTOSCALER_OWNS_REPLICAS: ControllerOwnedField = {
  path: 'spec.replicas',
  owner: 'the HorizontalPodAutoscaler controller',
  reason: 'the autoscaler sets the replica count through the scale subresource',
};

/** In-cluster, the gate sizes the canary to the share it sets and scales it to zero on rollback. */
const GATE_OWNS_CANARY_REPLICAS: ControllerOwnedField = {
  path: 'spec.replicas',
  owner: 'the canary-kit gate',
  reason:
    'the gate scales the canary to the share it sets (canaryScaling: share) and to zero on rollback, through the scale subresource',
};

/**
 * Who writes the `mesh` canary's replicas in the cluster: its autoscaler (`canaryScaling:
 * autoscaler`), and with `automation` the gate (share sizing, rollback to zero).
 */
function canaryReplicasOwners(plan: CanaryPlan): ControllerOwnedField[] {
  const owners: ControllerOwnedField[] = [];
  if (plan.workload.canaryScaling === 'autoscaler') owners.push(AUTOSCALER_OWNS_REPLICAS);
  if (plan.automation) owners.push(GATE_OWNS_CANARY_REPLICAS);
  return owners;
}

/** Name of the application container in every rendered pod. */
export const CONTAINER_NAME = 'app';
/** Name of the container port; Istio detects HTTP from the `http` prefix. */
export const HTTP_PORT_NAME = 'http';

interface DeploymentShape {
  readonly id: string;
  readonly controllerOwned: readonly ControllerOwnedField[];
  readonly name: string;
  readonly image: string;
  readonly replicas: number | undefined;
  readonly selector: Readonly<Record<string, string>>;
}

function nonEmpty(map: Readonly<Record<string, string>>): Readonly<Record<string, string>> | undefined {
  return Object.keys(map).length > 0 ? map : undefined;
}

function podSpec(plan: CanaryPlan, image: string): Record<string, unknown> {
  const w = plan.workload;
  const probe = (path: string) => ({
    httpGet: { path, port: HTTP_PORT_NAME },
    initialDelaySeconds: w.probeInitialDelaySeconds,
    periodSeconds: 10,
  });
  const container = compact({
    name: CONTAINER_NAME,
    image,
    ports: [{ name: HTTP_PORT_NAME, containerPort: w.containerPort, protocol: 'TCP' }],
    env: w.env.length > 0 ? w.env.map(([name, value]) => ({ name, value })) : undefined,
    resources: compact({ requests: nonEmpty(w.resources.requests), limits: nonEmpty(w.resources.limits) }),
    readinessProbe: probe(w.readinessPath),
    livenessProbe: probe(w.livenessPath),
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: w.readOnlyRootFilesystem,
      runAsNonRoot: true,
    },
    volumeMounts: w.readOnlyRootFilesystem ? [{ name: 'tmp', mountPath: '/tmp' }] : undefined,
  });
  return compact({
    // No API token in app pods unless the spec asks (issue 16 item 6); Flagger copies the target's
    // pod spec to the primary as a whole (fluxcd/flagger pkg/canary/deployment_controller.go,
    // getPrimaryDeploymentTemplateSpec starts from the target's Spec.Template.Spec).
    automountServiceAccountToken: w.automountServiceAccountToken,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: w.runAsUser,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containers: [container],
    volumes: w.readOnlyRootFilesystem ? [{ name: 'tmp', emptyDir: {} }] : undefined,
  });
}

function deployment(plan: CanaryPlan, shape: DeploymentShape): RenderedResource {
  return {
    id: shape.id,
    dependsOn: [],
    ...(shape.controllerOwned.length > 0 ? { controllerOwned: shape.controllerOwned } : {}),
    manifest: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: objectMeta(plan, shape.name, { labels: { ...shape.selector } }),
      spec: compact({
        replicas: shape.replicas,
        selector: { matchLabels: { ...shape.selector } },
        template: {
          metadata: {
            labels: { ...plan.labels, ...shape.selector },
            annotations: {
              'prometheus.io/scrape': 'true',
              'prometheus.io/port': String(plan.workload.containerPort),
              'prometheus.io/path': plan.workload.metricsPath,
            },
          },
          spec: podSpec(plan, shape.image),
        },
      }),
    },
  };
}

/**
 * The Deployments the plan renders.
 * - flagger: the target `<name>`, selected by `app: <name>` (Flagger derives the primary from it).
 *   `replicas` is left out when an autoscaler owns the count.
 * - mesh: `<name>-stable` and `<name>-canary`, selected by `app` and a fixed `version` label
 *   (`stable`/`canary`), so that promotion changes images, never selectors (which are immutable).
 * - an existing Deployment: nothing.
 */
export function renderDeployments(plan: CanaryPlan): RenderedResource[] {
  if (!plan.workload.rendered) return [];
  const app = { [APP_LABEL]: plan.names.name };
  if (plan.mode === 'flagger') {
    return [
      deployment(plan, {
        id: 'deployment',
        controllerOwned: plan.workload.autoscaling
          ? [FLAGGER_OWNS_REPLICAS, AUTOSCALER_OWNS_REPLICAS]
          : [FLAGGER_OWNS_REPLICAS],
        name: plan.names.name,
        image: plan.workload.image,
        replicas: plan.workload.replicas,
        selector: app,
      }),
    ];
  }
  return [
    deployment(plan, {
      id: 'deployment-stable',
      controllerOwned: plan.workload.autoscaling ? [AUTOSCALER_OWNS_REPLICAS] : [],
      name: plan.names.stable,
      image: plan.workload.image,
      replicas: plan.workload.replicas,
      selector: { ...app, [VERSION_LABEL]: STABLE_VERSION },
    }),
    deployment(plan, {
      id: 'deployment-canary',
      controllerOwned: canaryReplicasOwners(plan),
      name: plan.names.canary,
      image: plan.workload.canaryImage,
      replicas: plan.workload.canaryReplicas,
      selector: { ...app, [VERSION_LABEL]: CANARY_VERSION },
    }),
  ];
}
