import {
  DEFAULT_MIN_REQUESTS,
  DEFAULT_MODE,
  DEFAULT_P99_LATENCY_MS,
  DEFAULT_SUCCESS_RATE_PERCENT,
} from '../../defaults';
import { CanaryServiceSpec, PromotionCriteriaSpec } from '../../spec';
import { durationSeconds, isRfc3339, PROMETHEUS_DURATION } from '../formats';
import { IssueCollector, join } from '../issues';
import { checkSpecNumber } from './numbers';

/** Longest minimum time at a stage: a week. Longer is a typo (e.g. `300h` for `300m`). */
const MAX_STAGE_SECONDS = 7 * 24 * 3600;

/** Stage timing, promotion criteria and canary sizing of a `mesh` rollout (issue: careful rollouts). */
export function checkRollout(spec: CanaryServiceSpec, issues: IssueCollector): void {
  const mesh = (spec.mode ?? DEFAULT_MODE) === 'mesh';
  const traffic = spec.traffic ?? {};
  const meshOnly = (path: string, value: unknown, what: string): void => {
    if (value !== undefined && !mesh) {
      issues.add(
        path,
        value,
        `is a mesh-mode setting (${what}); in flagger mode Flagger's analysis decides. Remove it or set mode: mesh.`,
      );
    }
  };
  meshOnly('traffic.stageStartedAt', traffic.stageStartedAt, 'read by the canary-kit gate');
  meshOnly('traffic.minStageDuration', traffic.minStageDuration, 'read by the canary-kit gate');
  meshOnly('traffic.promotionCriteria', traffic.promotionCriteria, 'read by the canary-kit gate');
  meshOnly('workload.canaryScaling', spec.workload?.canaryScaling, 'sizes the canary Deployment');
  meshOnly(
    'workload.scaleCanaryToZeroOnRollback',
    spec.workload?.scaleCanaryToZeroOnRollback,
    'applies to the mesh canary Deployment',
  );
  checkStageDuration('traffic.minStageDuration', traffic.minStageDuration, issues);
  if (typeof traffic.stageStartedAt === 'string' && !isRfc3339(traffic.stageStartedAt)) {
    issues.add(
      'traffic.stageStartedAt',
      traffic.stageStartedAt,
      'is not an RFC 3339 time. Use e.g. 2026-11-24T18:00:00Z (the time the current stage began).',
    );
  }
  checkCriteria(spec, 'traffic.promotionCriteria', traffic.promotionCriteria, issues);
  (traffic.stages ?? []).forEach((stage, index) => {
    if (!stage || typeof stage !== 'object') return;
    const path = join('traffic.stages', index);
    checkStageDuration(join(path, 'minDuration'), stage.minDuration, issues);
    checkCriteria(spec, join(path, 'promotionCriteria'), stage.promotionCriteria, issues);
  });
  checkCanaryScaling(spec, issues);
  meshOnly('traffic.nextCanaryWeight', traffic.nextCanaryWeight, 'sizes the canary ahead of its share');
  if (mesh) checkNextCanaryWeight(spec, issues);
}

/**
 * `traffic.nextCanaryWeight`: a whole percentage above the current share, only where it does
 * something (a canary sized to its share, no rollback recorded).
 */
function checkNextCanaryWeight(spec: CanaryServiceSpec, issues: IssueCollector): void {
  const traffic = spec.traffic ?? {};
  const next = traffic.nextCanaryWeight;
  if (typeof next !== 'number') return;
  const path = 'traffic.nextCanaryWeight';
  if (!Number.isInteger(next) || next < 1 || next > 100) {
    checkSpecNumber(path, next, 'TrafficSpec.nextCanaryWeight', issues);
    return;
  }
  const w = spec.workload ?? {};
  const scaling =
    w.canaryScaling ??
    (w.canaryReplicas !== undefined ? 'fixed' : w.autoscaling !== undefined ? 'autoscaler' : 'share');
  if (scaling !== 'share') {
    issues.add(
      path,
      next,
      `sizes a canary that follows its share, but workload.canaryScaling is ${scaling}. Remove nextCanaryWeight.`,
    );
    return;
  }
  if (traffic.rollback !== undefined) {
    issues.add(
      path,
      next,
      'is set while a rollback is recorded (traffic.rollback), which sizes the canary itself. Remove nextCanaryWeight.',
    );
    return;
  }
  const stage = (traffic.stages ?? []).find((s) => s && s.name === traffic.stage);
  const share = stage?.canaryWeight ?? traffic.canaryWeight ?? 0;
  if (typeof share === 'number' && next <= share) {
    issues.add(
      path,
      next,
      `is not above the current canary share (${share}%), so it sizes nothing ahead. Remove it (the gate removes it when it moves the share).`,
    );
  }
}

function checkStageDuration(path: string, value: unknown, issues: IssueCollector): void {
  if (typeof value !== 'string') return;
  const seconds = PROMETHEUS_DURATION.test(value) ? durationSeconds(value) : undefined;
  if (seconds === undefined) {
    issues.add(path, value, 'is not a duration. Use whole seconds, minutes or hours, e.g. "30m" or "2h".');
  } else if (seconds > MAX_STAGE_SECONDS) {
    issues.add(path, value, 'is longer than a week. Use at most "168h" per stage.');
  }
}

/** Promotion criteria must be at least as strict as the SLO: looser ones would never matter. */
function checkCriteria(
  spec: CanaryServiceSpec,
  path: string,
  criteria: PromotionCriteriaSpec | undefined,
  issues: IssueCollector,
): void {
  if (!criteria || typeof criteria !== 'object') return;
  const slo = spec.slo ?? {};
  const sloSuccess = slo.successRatePercent ?? DEFAULT_SUCCESS_RATE_PERCENT;
  const sloP99 = slo.p99LatencyMs ?? DEFAULT_P99_LATENCY_MS;
  const sloMin = slo.minRequests ?? DEFAULT_MIN_REQUESTS;
  const s = criteria.successRatePercent;
  checkSpecNumber(
    join(path, 'successRatePercent'),
    s,
    'PromotionCriteriaSpec.successRatePercent',
    issues,
    'It is a success rate in percent.',
  );
  if (typeof s === 'number' && s < sloSuccess) {
    issues.add(
      join(path, 'successRatePercent'),
      s,
      `is looser than slo.successRatePercent (${sloSuccess}): the SLO would roll such a canary back before it could advance. Use at least ${sloSuccess}, or remove it.`,
    );
  }
  const p = criteria.p99LatencyMs;
  checkSpecNumber(
    join(path, 'p99LatencyMs'),
    p,
    'PromotionCriteriaSpec.p99LatencyMs',
    issues,
    'It is a latency in milliseconds.',
  );
  if (typeof p === 'number' && p > sloP99) {
    issues.add(
      join(path, 'p99LatencyMs'),
      p,
      `is looser than slo.p99LatencyMs (${sloP99}). Use at most ${sloP99}, or remove it.`,
    );
  }
  const r = criteria.maxLatencyRatio;
  checkSpecNumber(
    join(path, 'maxLatencyRatio'),
    r,
    'PromotionCriteriaSpec.maxLatencyRatio',
    issues,
    'It is canary p99 divided by stable p99.',
  );
  if (typeof r === 'number' && slo.maxLatencyRatio !== undefined && r > slo.maxLatencyRatio) {
    issues.add(
      join(path, 'maxLatencyRatio'),
      r,
      `is looser than slo.maxLatencyRatio (${slo.maxLatencyRatio}). Use at most ${slo.maxLatencyRatio}, or remove it.`,
    );
  }
  const m = criteria.minRequests;
  checkSpecNumber(join(path, 'minRequests'), m, 'PromotionCriteriaSpec.minRequests', issues);
  if (typeof m === 'number' && m < sloMin) {
    issues.add(
      join(path, 'minRequests'),
      m,
      `is below slo.minRequests (${sloMin}), which every verdict needs anyway. Use at least ${sloMin}, or remove it.`,
    );
  }
}

function checkCanaryScaling(spec: CanaryServiceSpec, issues: IssueCollector): void {
  const w = spec.workload;
  if (!w || typeof w !== 'object') return;
  const scaling = w.canaryScaling;
  if (scaling === undefined) return;
  if (scaling !== 'fixed' && w.canaryReplicas !== undefined) {
    issues.add(
      'workload.canaryReplicas',
      w.canaryReplicas,
      `conflicts with workload.canaryScaling: ${scaling}, which sizes the canary itself. Remove canaryReplicas, or set canaryScaling: fixed.`,
    );
  }
  if (scaling === 'share' && w.autoscaling !== undefined) {
    issues.add(
      'workload.canaryScaling',
      scaling,
      'needs a fixed stable size (workload.replicas), but workload.autoscaling scales stable. Use canaryScaling: autoscaler (the canary gets its own autoscaler) or remove workload.autoscaling.',
    );
  }
  if (scaling === 'autoscaler' && w.autoscaling === undefined) {
    issues.add(
      'workload.canaryScaling',
      scaling,
      "gives the canary an autoscaler like stable's, and needs workload.autoscaling (its maxReplicas and CPU target). Add workload.autoscaling, or use canaryScaling: share.",
    );
  }
}
