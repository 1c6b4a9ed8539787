/**
 * The size of a `mesh` canary that is sized to its share of traffic (`workload.canaryScaling:
 * share`): the same proportion of pods as of requests, so that each canary pod carries about the
 * load of a stable pod, and at least one pod so that a share of 0 still serves dark-launch and
 * mirrored requests.
 */

/** `max(1, ceil(stableReplicas x share / 100))`: the canary replicas a share needs. */
export function canaryReplicasForShare(stableReplicas: number, sharePercent: number): number {
  // Whole percentages and replica counts: compute in integers so that 10 x 10% is exactly 1.
  return Math.max(1, Math.ceil((stableReplicas * sharePercent) / 100));
}
