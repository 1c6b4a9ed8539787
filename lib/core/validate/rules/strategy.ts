import { DEFAULT_AFFINITY_COOKIE, DEFAULT_MODE } from '../../defaults';
import { strategyOf } from '../../flagger/strategy';
import { CanaryServiceSpec } from '../../spec';
import { matchesFormat } from '../formats';
import { FORMATS } from '../patterns';
import { IssueCollector } from '../issues';
import { checkSpecNumber } from './numbers';

/**
 * Flagger's strategies and their options: Blue/Green named explicitly, options Flagger ignores for
 * a strategy, promotion steps, readiness thresholds, the primary's autoscaler bounds and the
 * affinity cookie's attributes.
 */
export function checkStrategy(spec: CanaryServiceSpec, issues: IssueCollector): void {
  const a = spec.analysis;
  if (!a || (spec.mode ?? DEFAULT_MODE) === 'mesh') return; // reported by checkAnalysis
  const strategy = strategyOf(a);
  if (strategy === 'blue-green') {
    if (a.iterations === undefined) {
      issues.add(
        'analysis.iterations',
        undefined,
        'is required with analysis.strategy: blue-green: Flagger runs that many checks before it switches all traffic. Set e.g. iterations: 10.',
      );
    }
    if ((a.match ?? []).length > 0) {
      issues.add(
        'analysis.match',
        a.match,
        'routes requests to the canary, which Blue/Green never does. Remove match, or set analysis.strategy: ab-testing.',
      );
    }
  } else if (strategy === 'canary' && a.iterations !== undefined) {
    issues.add(
      'analysis.iterations',
      a.iterations,
      'conflicts with analysis.strategy: canary, which shifts weights instead of counting iterations. Remove iterations, or set strategy: blue-green or ab-testing.',
    );
  } else if (strategy === 'ab-testing' && a.mirror === true) {
    // runAB routes the matched requests to the canary and never mirrors (pkg/controller/scheduler.go).
    issues.add(
      'analysis.mirror',
      a.mirror,
      'has no effect in A/B testing: Flagger routes the matched requests to the canary and mirrors nothing. Remove it, or use strategy: blue-green.',
    );
  }
  checkSpecNumber(
    'analysis.stepWeightPromotion',
    a.stepWeightPromotion,
    'AnalysisSpec.stepWeightPromotion',
    issues,
  );
  checkSpecNumber(
    'analysis.primaryReadyThreshold',
    a.primaryReadyThreshold,
    'AnalysisSpec.primaryReadyThreshold',
    issues,
  );
  checkSpecNumber(
    'analysis.canaryReadyThreshold',
    a.canaryReadyThreshold,
    'AnalysisSpec.canaryReadyThreshold',
    issues,
  );
  const scaler = a.primaryScalerReplicas;
  if (scaler) {
    if (!spec.workload?.autoscaling) {
      issues.add(
        'analysis.primaryScalerReplicas',
        scaler,
        "applies to the primary's autoscaler, and there is none. Set workload.autoscaling, or remove it.",
      );
    }
    checkSpecNumber(
      'analysis.primaryScalerReplicas.minReplicas',
      scaler.minReplicas,
      'PrimaryScalerReplicasSpec.minReplicas',
      issues,
    );
    checkSpecNumber(
      'analysis.primaryScalerReplicas.maxReplicas',
      scaler.maxReplicas,
      'PrimaryScalerReplicasSpec.maxReplicas',
      issues,
    );
    if (
      typeof scaler.minReplicas === 'number' &&
      typeof scaler.maxReplicas === 'number' &&
      scaler.minReplicas > scaler.maxReplicas
    ) {
      issues.add(
        'analysis.primaryScalerReplicas.minReplicas',
        scaler.minReplicas,
        `is above maxReplicas (${scaler.maxReplicas}). Lower it.`,
      );
    }
  }
  const cookie = a.sessionAffinity;
  if (cookie) {
    for (const [field, why] of [
      ['sameSite', 'SameSite=None'],
      ['partitioned', 'Partitioned'],
    ] as const) {
      const set = field === 'sameSite' ? cookie.sameSite === 'None' : cookie.partitioned === true;
      if (set && cookie.secure !== true) {
        issues.add(
          `analysis.sessionAffinity.${field}`,
          cookie[field],
          `needs secure: true: browsers drop a ${why} cookie without Secure, so users would not stay on the canary. Set analysis.sessionAffinity.secure: true.`,
        );
      }
    }
    if (typeof cookie.domain === 'string' && !matchesFormat(FORMATS.cookieDomain, cookie.domain)) {
      issues.add('analysis.sessionAffinity.domain', cookie.domain, 'is not a domain. Use e.g. example.com.');
    }
    if (typeof cookie.primaryCookieName === 'string') {
      if (!matchesFormat(FORMATS.cookieName, cookie.primaryCookieName)) {
        issues.add(
          'analysis.sessionAffinity.primaryCookieName',
          cookie.primaryCookieName,
          'is not a safe cookie name. Use letters, digits, "_" and "-".',
        );
      } else if (cookie.primaryCookieName === (cookie.cookieName ?? DEFAULT_AFFINITY_COOKIE)) {
        issues.add(
          'analysis.sessionAffinity.primaryCookieName',
          cookie.primaryCookieName,
          'is the canary cookie name too. Use a different name.',
        );
      }
    }
  }
}
