/**
 * `canary-kit plan`: the rollout a `mesh` spec describes, as the gate will run it: each stage with
 * its share, canary size, minimum time and the criteria to advance and to roll back, and the
 * worst-case times to full promotion and to rollback. Pure: same spec, same plan.
 */
import { canaryReplicasForShare } from '../core/canary-size';
import { cronMaxGapSeconds } from '../core/cron';
import { CanaryPlan } from '../core/plan';
import { PromotionCriteriaPlan } from '../core/promotion-criteria';
import { rollbackBound } from '../core/rollback-sla';
import { CanaryServiceSpec } from '../core/spec';
import { durationSeconds, formatSeconds } from '../core/validate/formats';
import { MAX_UNCONFIRMED_CANARY_WEIGHT } from '../core/defaults';
import { DEFAULT_CONFIDENCE } from './thresholds';
import { WEIGHT_LADDER } from './position';

/** One stage of the rollout. */
export interface RolloutStage {
  /** Stage name, or null for a share of the gate's ladder (no `traffic.stages`). */
  readonly name: string | null;
  /** Canary share, percent. */
  readonly canaryWeight: number;
  /** Stable share, percent. */
  readonly stableWeight: number;
  /** Canary replicas at this share (`canaryScaling: share` or `fixed`), or null with an autoscaler. */
  readonly canaryReplicas: number | null;
  /** Minimum time at the stage, e.g. `30m`, and in seconds. */
  readonly minDuration: string;
  readonly minDurationSeconds: number;
  /** The criteria to advance from it. */
  readonly advanceWhen: string;
  /** The criteria that roll it back. */
  readonly rollbackWhen: string;
  /** True when this stage is the current one of the spec. */
  readonly current: boolean;
}

/** The whole rollout. */
export interface RolloutPlan {
  readonly kind: 'CanaryRolloutPlan';
  readonly version: 1;
  readonly service: { readonly name: string; readonly namespace: string };
  /** How the canary is sized. */
  readonly canaryScaling: string;
  /** The gate's run interval in seconds (`automation.schedule`), or null without automation. */
  readonly gateIntervalSeconds: number | null;
  readonly stages: readonly RolloutStage[];
  /** After the last stage: promotion (canary image becomes stable). */
  readonly promotion: {
    /** Worst case from the first stage to promotion for a healthy canary, seconds (null: unknown). */
    readonly worstCaseSeconds: number | null;
    /** Best case: the sum of the minimum times. */
    readonly bestCaseSeconds: number;
    /** The arithmetic. */
    readonly explanation: string;
  };
  /** Worst case from a canary going bad to its rollback. */
  readonly rollback: { readonly worstCaseSeconds: number | null; readonly explanation: string };
}

function advanceText(plan: CanaryPlan, criteria: PromotionCriteriaPlan, minDuration: string): string {
  const parts = [
    `success >= ${criteria.successRatePercent}%`,
    `p99 <= ${criteria.p99LatencyMs} ms`,
    ...(criteria.maxLatencyRatio !== undefined ? [`p99 <= ${criteria.maxLatencyRatio}x stable`] : []),
    `error rate not significantly above stable`,
    `>= ${criteria.minRequests} canary requests in ${plan.slo.window}`,
  ];
  return `${parts.join(', ')}; at least ${minDuration} after the stage began`;
}

function rollbackText(plan: CanaryPlan): string {
  const s = plan.slo;
  const parts = [
    `success < ${s.successRatePercent}%`,
    `p99 > ${s.p99LatencyMs} ms`,
    ...(s.maxLatencyRatio !== undefined ? [`p99 > ${s.maxLatencyRatio}x stable`] : []),
    `error rate significantly above stable (z-test, ${DEFAULT_CONFIDENCE * 100}%)`,
  ];
  const failures = plan.automation?.failuresBeforeRollback ?? 1;
  return `${parts.join(' or ')}, over >= ${s.minRequests} canary requests in ${s.window}${failures > 1 ? `, at ${failures} runs in a row` : ''}; at once, whatever the stage time`;
}

/** The rollout of a validated `mesh` plan (`spec` for the rollback bound). */
export function rolloutPlan(spec: CanaryServiceSpec, plan: CanaryPlan): RolloutPlan {
  const w = plan.workload;
  const replicas = (share: number): number | null =>
    w.canaryScaling === 'share'
      ? canaryReplicasForShare(w.replicas ?? 1, share)
      : w.canaryScaling === 'fixed'
        ? (w.fixedCanaryReplicas ?? null)
        : null;
  const rollbackWhen = rollbackText(plan);
  const declared = plan.traffic.stages;
  const stages: RolloutStage[] =
    declared.length > 0
      ? declared.map((s) => ({
          name: s.name,
          canaryWeight: s.canaryWeight,
          stableWeight: 100 - s.canaryWeight,
          canaryReplicas: replicas(s.canaryWeight),
          minDuration: s.minDuration,
          minDurationSeconds: s.minDurationSeconds,
          advanceWhen: advanceText(plan, s.promotionCriteria, s.minDuration),
          rollbackWhen,
          current: s.name === plan.traffic.stage,
        }))
      : WEIGHT_LADDER.map((share) => ({
          name: null,
          canaryWeight: share,
          stableWeight: 100 - share,
          canaryReplicas: replicas(share),
          minDuration: plan.traffic.minStageDuration,
          minDurationSeconds: durationSeconds(plan.traffic.minStageDuration) ?? 0,
          advanceWhen: `${advanceText(plan, plan.traffic.promotionCriteria, plan.traffic.minStageDuration)}${share > MAX_UNCONFIRMED_CANARY_WEIGHT ? ' (promoting: true)' : ''}`,
          rollbackWhen,
          current: share === plan.traffic.canaryWeight && plan.traffic.stage === undefined,
        }));
  const gap = plan.automation ? (cronMaxGapSeconds(plan.automation.schedule) ?? null) : null;
  const best = stages.reduce((sum, s) => sum + s.minDurationSeconds, 0);
  const worst = gap === null ? null : best + gap * stages.length;
  const explanation =
    gap === null
      ? `the minimum times add up to ${formatSeconds(best)}; each stage also waits for the next run of your pipeline (no automation.schedule to bound it)`
      : `${stages.length} stages x (minimum time + one gate interval of ${formatSeconds(gap)}) = ${formatSeconds(best)} + ${stages.length} x ${formatSeconds(gap)} = ${formatSeconds(worst as number)}, plus the time new canary pods take to become available`;
  const bound = rollbackBound(spec);
  return {
    kind: 'CanaryRolloutPlan',
    version: 1,
    service: { name: plan.names.name, namespace: plan.names.namespace },
    canaryScaling: w.canaryScaling,
    gateIntervalSeconds: gap,
    stages,
    promotion: { worstCaseSeconds: worst, bestCaseSeconds: best, explanation },
    rollback: { worstCaseSeconds: bound.seconds ?? null, explanation: bound.explanation },
  };
}

function stageLabel(stage: RolloutStage, index: number): string {
  return `${index + 1}. ${stage.name ?? `${stage.canaryWeight}%`}${stage.current ? ' (current)' : ''}`;
}

/** The plan as text for people. */
export function formatRolloutText(p: RolloutPlan): string {
  const lines = [`Rollout of ${p.service.namespace}/${p.service.name} (canaryScaling: ${p.canaryScaling})`];
  p.stages.forEach((s, i) => {
    lines.push(
      `${stageLabel(s, i)}: canary ${s.canaryWeight}% / stable ${s.stableWeight}%${s.canaryReplicas !== null ? `, ${s.canaryReplicas} canary replicas` : ''}, at least ${s.minDuration}`,
      `   advance when: ${s.advanceWhen}`,
      `   roll back when: ${s.rollbackWhen}`,
    );
  });
  lines.push(`then: promotion (workload.image := workload.canaryImage)`);
  lines.push(
    `worst-case time to full promotion: ${p.promotion.worstCaseSeconds === null ? 'unbounded' : formatSeconds(p.promotion.worstCaseSeconds)} (${p.promotion.explanation})`,
  );
  lines.push(
    `worst-case time to rollback: ${p.rollback.worstCaseSeconds === null ? 'no automated rollback' : formatSeconds(p.rollback.worstCaseSeconds)} (${p.rollback.explanation})`,
  );
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The plan as a Markdown table, for a pull-request comment. */
export function formatRolloutMarkdown(p: RolloutPlan): string {
  const lines = [
    `### Rollout of \`${p.service.namespace}/${p.service.name}\``,
    '',
    '| # | stage | canary / stable | canary replicas | min. time | advance when | roll back when |',
    '|---|---|---|---|---|---|---|',
    ...p.stages.map(
      (s, i) =>
        `| ${i + 1} | ${cell(s.name ?? '-')}${s.current ? ' **(current)**' : ''} | ${s.canaryWeight}% / ${s.stableWeight}% | ${s.canaryReplicas ?? 'autoscaler'} | ${s.minDuration} | ${cell(s.advanceWhen)} | ${cell(s.rollbackWhen)} |`,
    ),
    '',
    `After the last stage: promotion (the canary image becomes stable).`,
    '',
    `- **Worst-case time to full promotion:** ${p.promotion.worstCaseSeconds === null ? 'unbounded' : formatSeconds(p.promotion.worstCaseSeconds)} (${cell(p.promotion.explanation)})`,
    `- **Worst-case time to rollback:** ${p.rollback.worstCaseSeconds === null ? 'no automated rollback' : formatSeconds(p.rollback.worstCaseSeconds)} (${cell(p.rollback.explanation)})`,
  ];
  return `${lines.join('\n')}\n`;
}
