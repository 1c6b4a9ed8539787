/**
 * Which workloads Istio reports as the canary and the stable track of a synthesized CanaryService,
 * derived from the emitted objects (not from the core's naming code), so that telemetry generated
 * for a test carries the labels a real cluster would report.
 *
 * Facts used:
 * - Flagger (Istio provider) runs the canary pods in the target Deployment (`spec.targetRef.name`)
 *   and the stable pods in `<target>-primary`, whose `app` label it rewrites to `<app>-primary`;
 *   it routes to the Services `<service>-canary` and `<service>-primary` (`<service>` is
 *   `spec.service.name`, else the target name), which Istio reports as `destination_service_name`.
 * - In `mesh` mode the VirtualService routes to the DestinationRule subsets `canary` and `stable`;
 *   Istio reports the pods' `version` label as `destination_version` (`unknown` without one) and
 *   the Deployment as `destination_workload`.
 */
import type { KubeManifest } from '../../../lib';
import type { WorkloadTraffic, TrafficProfile } from './istio-telemetry';

/** The labels Istio puts on one track's requests. */
export interface TrackWorkload {
  /** `destination_workload`: the Deployment's name. */
  readonly workload: string;
  /** `destination_workload_namespace`. */
  readonly namespace: string;
  /** `destination_service_name`. */
  readonly service: string;
  /** `destination_app`. */
  readonly app: string;
  /** `destination_version`. */
  readonly version: string;
}

/** The canary and stable workloads of one synthesized CanaryService. */
export interface Tracks {
  /** Who owns routing in this output. */
  readonly mode: 'flagger' | 'mesh';
  /** The canary track (Flagger's target Deployment, or the `canary` subset). */
  readonly canary: TrackWorkload;
  /** The stable track (Flagger's primary, or the `stable` subset). */
  readonly stable: TrackWorkload;
}

interface DeploymentLike {
  metadata: { name: string; namespace?: string };
  spec: { template: { metadata: { labels?: Record<string, string> } } };
}

/** Finds the canary and stable workloads in a CanaryService's manifests; throws when it cannot. */
export function tracksFromManifests(manifests: readonly KubeManifest[]): Tracks {
  const canary = manifests.find((m) => m.kind === 'Canary');
  const deployments = manifests.filter((m) => m.kind === 'Deployment') as unknown as DeploymentLike[];
  if (canary) {
    const spec = canary.spec as { targetRef: { name: string }; service?: { name?: string } };
    const namespace = canary.metadata.namespace ?? 'default';
    const target = spec.targetRef.name;
    const service = spec.service?.name ?? target;
    const deployment = deployments.find((d) => d.metadata.name === target);
    const labels = deployment?.spec.template.metadata.labels ?? { app: target };
    const version = labels.version ?? 'unknown';
    const app = labels.app ?? target;
    return {
      mode: 'flagger',
      canary: { workload: target, namespace, service: `${service}-canary`, app, version },
      stable: {
        workload: `${target}-primary`,
        namespace,
        service: `${service}-primary`,
        app: `${app}-primary`,
        version,
      },
    };
  }
  const rule = manifests.find((m) => m.kind === 'DestinationRule');
  const service = manifests.find((m) => m.kind === 'Service');
  if (!rule || !service)
    throw new Error('no Canary, and no DestinationRule and Service: cannot tell the tracks apart');
  const subsets = (rule.spec as { subsets: Array<{ name: string; labels: Record<string, string> }> }).subsets;
  const selector = (service.spec as { selector: Record<string, string> }).selector;
  const track = (name: string): TrackWorkload => {
    const subset = subsets.find((s) => s.name === name);
    if (!subset) throw new Error(`DestinationRule has no subset "${name}"`);
    const wanted = { ...selector, ...subset.labels };
    const matching = deployments.filter((d) =>
      Object.entries(wanted).every(([key, value]) => d.spec.template.metadata.labels?.[key] === value),
    );
    if (matching.length !== 1) {
      throw new Error(`subset "${name}" selects ${matching.length} Deployments (${JSON.stringify(wanted)})`);
    }
    const labels = matching[0].spec.template.metadata.labels ?? {};
    return {
      workload: matching[0].metadata.name,
      namespace: matching[0].metadata.namespace ?? 'default',
      service: service.metadata.name,
      app: labels.app ?? service.metadata.name,
      version: labels.version ?? 'unknown',
    };
  };
  return { mode: 'mesh', canary: track('canary'), stable: track('stable') };
}

/** Traffic to one track, with every Istio label of that track. */
export function trackTraffic(
  track: TrackWorkload,
  profile: TrafficProfile & Partial<Omit<WorkloadTraffic, keyof TrackWorkload>>,
): WorkloadTraffic {
  return { ...profile, ...track };
}
