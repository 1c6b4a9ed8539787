import { CanaryServiceSpec, TrafficSpec } from '../../spec';
import { DEFAULT_MODE, MAX_UNCONFIRMED_CANARY_WEIGHT } from '../../defaults';
import { isDnsLabel, isRfc3339, matchesFormat } from '../formats';
import { FORMATS } from '../patterns';
import { RangeKey } from '../ranges';
import { IssueCollector, join } from '../issues';
import { checkHeaderMatches } from './headers';
import { checkRequestMatch } from './request-match';
import { checkSpecNumber, inSpecRange } from './numbers';

/** Traffic fields that only `mesh` mode renders, with what to use in `flagger` mode instead. */
const MESH_ONLY: ReadonlyArray<[keyof TrafficSpec, string]> = [
  ['canaryWeight', 'Flagger sets the weights from metrics; tune analysis.stepWeight / maxWeight instead'],
  ['promoting', 'Flagger promotes after a successful analysis'],
  ['stages', 'use analysis.stepWeights'],
  ['stage', 'use analysis.stepWeights'],
  ['cohorts', 'use analysis.match (A/B testing)'],
  ['stickySession', 'use analysis.sessionAffinity'],
  ['mirrorPercentage', 'use analysis.mirror and analysis.mirrorWeight'],
  ['servedByHeader', 'Flagger writes the routes; use service.responseHeaders'],
  [
    'rollback',
    "Flagger rolls back by itself; to abort by hand, annotate the Canary with 'flagger.app/rollback'",
  ],
];

function checkWeight(path: string, value: unknown, key: RangeKey, issues: IssueCollector): boolean {
  if (typeof value !== 'number') return false;
  if (!inSpecRange(key, value)) {
    issues.add(
      path,
      value,
      'must be a whole percentage from 0 to 100; the stable share is derived as 100 minus it.',
    );
    return false;
  }
  return true;
}

function checkStages(traffic: TrafficSpec, issues: IssueCollector): void {
  const stages = traffic.stages ?? [];
  const seen = new Set<string>();
  let previous = -1;
  stages.forEach((stage, index) => {
    const path = join('traffic.stages', index);
    if (typeof stage.name === 'string') {
      if (!isDnsLabel(stage.name)) {
        issues.add(
          join(path, 'name'),
          stage.name,
          'is not a DNS-1123 label. Use lowercase letters, digits and "-".',
        );
      }
      if (seen.has(stage.name))
        issues.add(
          join(path, 'name'),
          stage.name,
          'repeats an earlier stage name. Give each stage its own name.',
        );
      seen.add(stage.name);
    }
    if (checkWeight(join(path, 'canaryWeight'), stage.canaryWeight, 'TrafficStage.canaryWeight', issues)) {
      if (stage.canaryWeight <= previous) {
        issues.add(
          join(path, 'canaryWeight'),
          stage.canaryWeight,
          `is not above the previous stage's ${previous}. Stages must raise the canary share step by step; a reversed share is the classic 99/1 typo.`,
        );
      }
      previous = stage.canaryWeight;
    }
  });
  if (traffic.stage !== undefined) {
    if (traffic.canaryWeight !== undefined) {
      issues.add(
        'traffic.stage',
        traffic.stage,
        'and traffic.canaryWeight are both set, so the share is ambiguous. Keep one: the stage (recommended) or the weight.',
      );
    }
    if (!stages.some((s) => s.name === traffic.stage)) {
      const names = stages.map((s) => `'${s.name}'`).join(', ');
      issues.add(
        'traffic.stage',
        traffic.stage,
        stages.length
          ? `is not one of traffic.stages (${names}). Use one of those names.`
          : 'needs traffic.stages. Declare the stages or use traffic.canaryWeight.',
      );
    }
  }
}

/** The canary share, stages, dark launch, cohorts, stickiness, mirroring and rollback record. */
export function checkTraffic(spec: CanaryServiceSpec, issues: IssueCollector): void {
  const traffic = spec.traffic;
  if (!traffic) return;
  const mode = spec.mode ?? DEFAULT_MODE;
  if (mode === 'flagger') {
    for (const [field, instead] of MESH_ONLY) {
      if (traffic[field] !== undefined) {
        issues.add(
          join('traffic', field),
          traffic[field],
          `is a mesh-mode setting; in flagger mode ${instead}. Remove it or set mode: mesh.`,
        );
      }
    }
    if (traffic.darkLaunchHeaders !== undefined) {
      // Refused, not routed: Flagger scales the target to zero when it initializes a Canary, when a
      // promotion finishes and at a rollback, and leaves it there until the next revision
      // (fluxcd/flagger v1.44.0 pkg/controller/scheduler.go: `canaryController.ScaleToZero` in
      // `advanceCanary` for phases Initializing and Finalising, and in `rollback`), so
      // `<name>-canary` has no endpoints between rollouts and a header route to it answers 503. Istio routes cannot fall back from one destination to
      // another, and only A/B testing makes Flagger itself route matching requests to the canary
      // during an analysis and to the primary otherwise (pkg/router/istio.go: the `analysis.match`
      // route carries both destinations and SetRoutes moves their weights).
      issues.add(
        'traffic.darkLaunchHeaders',
        traffic.darkLaunchHeaders,
        'is not available in flagger mode: Flagger scales the canary to zero between rollouts, so a header route to <name>-canary would answer 503 whenever no rollout runs. For header-selected canary traffic use A/B testing (analysis.iterations with analysis.match: Flagger sends matching requests to the canary during the analysis and to the primary otherwise), or use mode: mesh. Remove darkLaunchHeaders.',
      );
    }
    if (traffic.darkLaunch !== undefined) {
      // The same reason as for darkLaunchHeaders above.
      issues.add(
        'traffic.darkLaunch',
        traffic.darkLaunch,
        'is not available in flagger mode: Flagger scales the canary to zero between rollouts, so a route to <name>-canary would answer 503 whenever no rollout runs. For canary traffic selected by headers, query parameters or source labels use A/B testing (analysis.iterations with analysis.match: Flagger sends matching requests to the canary during the analysis and to the primary otherwise), or use mode: mesh. Remove darkLaunch.',
      );
    }
  }
  if (traffic.darkLaunch !== undefined && traffic.darkLaunchHeaders !== undefined) {
    issues.add(
      'traffic.darkLaunchHeaders',
      traffic.darkLaunchHeaders,
      'and traffic.darkLaunch are both set; darkLaunchHeaders is the header-only form of darkLaunch. Move the headers into darkLaunch.headers.',
    );
  }
  if (checkWeight('traffic.canaryWeight', traffic.canaryWeight, 'TrafficSpec.canaryWeight', issues)) {
    const weight = traffic.canaryWeight as number;
    if (weight > MAX_UNCONFIRMED_CANARY_WEIGHT && traffic.promoting !== true) {
      issues.add(
        'traffic.canaryWeight',
        weight,
        `sends ${weight}% of traffic to the canary and only ${100 - weight}% to stable. Set traffic.promoting: true if you mean it, or did you mean ${100 - weight}?`,
      );
    }
  }
  checkStages(traffic, issues);
  checkHeaderMatches('traffic.darkLaunchHeaders', traffic.darkLaunchHeaders, issues);
  if (traffic.darkLaunch !== undefined)
    checkRequestMatch('traffic.darkLaunch', traffic.darkLaunch, 'mesh', issues);
  const cohortNames = new Set<string>();
  (traffic.cohorts ?? []).forEach((cohort, index) => {
    const path = join('traffic.cohorts', index);
    if (typeof cohort.name === 'string') {
      if (!isDnsLabel(cohort.name))
        issues.add(
          join(path, 'name'),
          cohort.name,
          'is not a DNS-1123 label. Use lowercase letters, digits and "-".',
        );
      if (cohortNames.has(cohort.name))
        issues.add(
          join(path, 'name'),
          cohort.name,
          'repeats an earlier cohort. Give each cohort its own name.',
        );
      cohortNames.add(cohort.name);
    }
    checkRequestMatch(path, cohort, 'mesh', issues);
    checkWeight(join(path, 'canaryWeight'), cohort.canaryWeight, 'CohortSpec.canaryWeight', issues);
  });
  const sticky = traffic.stickySession;
  if (sticky) {
    if (typeof sticky.cookieName === 'string' && !matchesFormat(FORMATS.cookieName, sticky.cookieName)) {
      issues.add(
        'traffic.stickySession.cookieName',
        sticky.cookieName,
        'is not a safe cookie name. Use letters, digits, "_" and "-".',
      );
    }
    checkSpecNumber(
      'traffic.stickySession.maxAgeSeconds',
      sticky.maxAgeSeconds,
      'StickySessionSpec.maxAgeSeconds',
      issues,
    );
  }
  checkSpecNumber(
    'traffic.mirrorPercentage',
    traffic.mirrorPercentage,
    'TrafficSpec.mirrorPercentage',
    issues,
    'It is the share of requests copied to the canary.',
  );
  const stageWeight = traffic.stages?.find((s) => s.name === traffic.stage)?.canaryWeight;
  const liveShare = traffic.canaryWeight ?? stageWeight ?? 0;
  if (typeof traffic.mirrorPercentage === 'number' && typeof liveShare === 'number' && liveShare > 0) {
    issues.add(
      'traffic.mirrorPercentage',
      traffic.mirrorPercentage,
      `is set while the canary already gets ${liveShare}% of live traffic: Istio mirrors every request of the route, so requests served by the canary would run on it twice. Mirror only in the shadow phase (canary share 0), then remove mirrorPercentage before shifting traffic.`,
    );
  }
  if (typeof traffic.mirrorPercentage === 'number') {
    (traffic.cohorts ?? []).forEach((cohort, index) => {
      if (typeof cohort.canaryWeight === 'number' && cohort.canaryWeight > 0) {
        issues.add(
          join(join('traffic.cohorts', index), 'canaryWeight'),
          cohort.canaryWeight,
          `sends live traffic to the canary while traffic.mirrorPercentage mirrors every route that serves stable, cohorts included: requests of this cohort served by the canary would run on it twice. Set the cohort's canaryWeight to 0 for the shadow phase, or remove mirrorPercentage.`,
        );
      }
    });
  }
  checkRollbackRecord(traffic, issues);
}

function checkRollbackRecord(traffic: TrafficSpec, issues: IssueCollector): void {
  const rollback = traffic.rollback;
  if (!rollback) return;
  const stageWeight = traffic.stages?.find((s) => s.name === traffic.stage)?.canaryWeight;
  const effective = traffic.canaryWeight ?? stageWeight ?? 0;
  if (effective !== 0) {
    issues.add(
      'traffic.rollback',
      rollback,
      `is recorded but the canary still gets ${effective}%. A rollback is canaryWeight: 0 (the canary destination stays for a quick re-enable). Set traffic.canaryWeight: 0, or remove the record to resume.`,
    );
  }
  if (typeof rollback.reason === 'string' && rollback.reason.trim() === '') {
    issues.add(
      'traffic.rollback.reason',
      rollback.reason,
      'is empty. Say why the canary was rolled back: it is the audit trail.',
    );
  }
  if (typeof rollback.at === 'string' && !isRfc3339(rollback.at)) {
    issues.add('traffic.rollback.at', rollback.at, 'is not an RFC 3339 time. Use e.g. 2026-11-24T18:00:00Z.');
  }
  checkWeight(
    'traffic.rollback.previousCanaryWeight',
    rollback.previousCanaryWeight,
    'RollbackRecord.previousCanaryWeight',
    issues,
  );
}
