/**
 * Whether the canary Deployment can take a share of traffic: rolled out (its latest spec observed,
 * every replica updated and available) with at least `max(1, ceil(stable replicas x share / 100))`
 * available replicas, stable's count being its live `spec.replicas`. The counts come from the
 * Kubernetes API or from kube-state-metrics in Prometheus (`readiness-sources.ts`); any count that
 * is missing makes the answer "not ready": the gate never gives a share without evidence.
 */
import { canaryReplicasForShare } from '../core/canary-size';
import { Reading } from './measurements';

/** Where the replica counts were read. */
export type ReadinessSource = 'prometheus' | 'kubernetes';

/** The readiness sources, for flag validation and help. */
export const READINESS_SOURCES: readonly ReadinessSource[] = ['prometheus', 'kubernetes'];

/** A Deployment's replica counts as read; null where there is no (valid) number. */
export interface DeploymentCounts {
  /** `spec.replicas`. */
  readonly desired: number | null;
  /** `status.updatedReplicas`. */
  readonly updated: number | null;
  /** `status.availableReplicas`. */
  readonly available: number | null;
  /** `metadata.generation`. */
  readonly generation: number | null;
  /** `status.observedGeneration`. */
  readonly observedGeneration: number | null;
}

/** What a source read: the counts, and why a count is missing. */
export interface ReplicaReading {
  /** The source. */
  readonly source: ReadinessSource;
  /** Stable's `spec.replicas`, or null. */
  readonly stableReplicas: number | null;
  /** The canary Deployment's counts. */
  readonly canary: DeploymentCounts;
  /** One sentence per missing count (empty when every count is there). */
  readonly problems: readonly string[];
  /** The PromQL readings (Prometheus source), the audit trail. @default [] */
  readonly queries?: readonly Reading[];
}

/** The readiness check of the decision record. */
export interface CanaryReadiness {
  /** Where the counts were read. */
  readonly source: ReadinessSource;
  /** The share the canary would take, percent. */
  readonly share: number;
  /** Canary replicas the share needs, or null without stable's count. */
  readonly required: number | null;
  /** Stable's replicas the requirement is computed from, or null. */
  readonly stableReplicas: number | null;
  /** The canary's counts. */
  readonly canary: DeploymentCounts;
  /** True only when every count is there and the canary is rolled out with `required` available. */
  readonly ready: boolean;
  /** Why, for people (also the hold's reason). */
  readonly detail: string;
  /** The queries evaluated (Prometheus source). */
  readonly queries: readonly Reading[];
}

/**
 * What to change when a rolled-out canary has fewer replicas than a share needs, by
 * `workload.canaryScaling` (appended to the reason).
 */
export function tooFewReplicasFix(scaling: 'share' | 'autoscaler' | 'fixed'): string {
  switch (scaling) {
    case 'fixed':
      return ' (workload.canaryScaling: fixed); raise workload.canaryReplicas or use canaryScaling: share';
    case 'autoscaler':
      return ' (workload.canaryScaling: autoscaler): its autoscaler has not scaled it up yet (workload.autoscaling bounds it)';
    default:
      return ' (workload.canaryScaling: share): workload.replicas differs from the live stable replicas, or the spec is not applied yet';
  }
}

/**
 * Judges a reading for `share`; `where` names the canary Deployment in messages, `fix` is appended
 * when the canary has too few replicas (what to change in the spec).
 */
export function assessReadiness(
  reading: ReplicaReading,
  share: number,
  where: string,
  fix = '',
): CanaryReadiness {
  const { stableReplicas, canary } = reading;
  const required = stableReplicas === null ? null : canaryReplicasForShare(stableReplicas, share);
  const base = {
    source: reading.source,
    share,
    required,
    stableReplicas,
    canary,
    queries: reading.queries ?? [],
  };
  const from = reading.source === 'prometheus' ? 'kube-state-metrics in Prometheus' : 'the Kubernetes API';
  if (reading.problems.length > 0 || required === null) {
    return {
      ...base,
      ready: false,
      detail: `cannot tell from ${from} whether ${where} has the replicas ${share}% needs: ${reading.problems.join('; ') || "stable's replicas are unknown"}`,
    };
  }
  const { desired, updated, available, generation, observedGeneration } = canary as {
    [K in keyof DeploymentCounts]: number;
  };
  const needs = `${share}% of stable's ${stableReplicas} replicas needs ${required}`;
  const not = (why: string) => ({ ...base, ready: false, detail: `${where} ${why} (${from})` });
  if (desired < 1) return not(`is scaled to 0 replicas, and ${needs}`);
  if (observedGeneration < generation) return not('has not observed its latest spec yet');
  if (updated < desired || available < desired) {
    return not(`is not rolled out: ${updated} updated and ${available} available of ${desired} replicas`);
  }
  if (available < required) return not(`has ${available} available replicas, and ${needs}${fix}`);
  return { ...base, ready: true, detail: `${where}: ${available} available replicas, ${needs} (${from})` };
}
