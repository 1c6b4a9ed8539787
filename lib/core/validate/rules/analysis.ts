import { AnalysisSpec, CanaryServiceSpec } from '../../spec';
import { DEFAULT_MAX_WEIGHT, DEFAULT_MODE } from '../../defaults';
import { durationSeconds, FLAGGER_DURATION, isHttpUrl, matchesFormat } from '../formats';
import { FORMATS } from '../patterns';
import { IssueCollector, join } from '../issues';
import { checkRequestMatch } from './request-match';
import { checkSpecNumber, inSpecRange } from './numbers';

/** Records an issue unless `value` is absent or a Flagger duration (`^[0-9]+(m|s)`). */
export function checkFlaggerDuration(path: string, value: unknown, issues: IssueCollector): void {
  if (typeof value === 'string' && !FLAGGER_DURATION.test(value)) {
    issues.add(
      path,
      value,
      'is not a Flagger duration. Use whole seconds or minutes, e.g. "30s" or "1m" (Flagger rejects "1h" and "90").',
    );
  }
}

function checkWeights(analysis: AnalysisSpec, issues: IssueCollector): void {
  const abTesting = analysis.iterations !== undefined;
  if (analysis.stepWeight !== undefined && analysis.stepWeights !== undefined) {
    issues.add(
      'analysis.stepWeights',
      analysis.stepWeights,
      'and analysis.stepWeight are both set; Flagger takes one. Keep stepWeights (explicit steps) or stepWeight.',
    );
  }
  if (abTesting) {
    for (const field of [
      'stepWeight',
      'stepWeights',
      'maxWeight',
      'sessionAffinity',
      'mirrorWeight',
    ] as const) {
      if (analysis[field] !== undefined) {
        issues.add(
          join('analysis', field),
          analysis[field],
          'conflicts with analysis.iterations: A/B testing routes by analysis.match, not by weight. Remove one of them.',
        );
      }
    }
    if ((analysis.match ?? []).length === 0 && (analysis.strategy ?? 'ab-testing') === 'ab-testing') {
      issues.add(
        'analysis.match',
        analysis.match,
        'is required with analysis.iterations: A/B testing needs the headers or cookie that select the canary. For Blue/Green (no match), set analysis.strategy: blue-green.',
      );
    }
  } else if ((analysis.match ?? []).length > 0) {
    issues.add(
      'analysis.match',
      analysis.match,
      'only applies to A/B testing. Set analysis.iterations, or remove match.',
    );
  }
  const maxWeight = analysis.maxWeight ?? DEFAULT_MAX_WEIGHT;
  checkSpecNumber('analysis.maxWeight', analysis.maxWeight, 'AnalysisSpec.maxWeight', issues);
  checkSpecNumber('analysis.stepWeight', analysis.stepWeight, 'AnalysisSpec.stepWeight', issues);
  if (typeof analysis.stepWeight === 'number' && analysis.stepWeight > maxWeight) {
    issues.add(
      'analysis.stepWeight',
      analysis.stepWeight,
      `is above analysis.maxWeight (${maxWeight}), so the first step would overshoot. Lower it.`,
    );
  }
  let previous = 0;
  (analysis.stepWeights ?? []).forEach((weight, index) => {
    const path = join('analysis.stepWeights', index);
    if (typeof weight !== 'number') return;
    if (!inSpecRange('AnalysisSpec.stepWeights[]', weight)) {
      issues.add(path, weight, 'must be a whole percentage from 1 to 100.');
    } else if (weight <= previous) {
      issues.add(path, weight, `is not above the previous step (${previous}). Steps must increase.`);
    }
    previous = weight;
  });
}

/** Flagger's analysis: schedule, weights or A/B, mirroring, affinity, webhooks. */
export function checkAnalysis(spec: CanaryServiceSpec, issues: IssueCollector): void {
  const analysis = spec.analysis;
  if (!analysis) return;
  if ((spec.mode ?? DEFAULT_MODE) === 'mesh') {
    issues.add(
      'analysis',
      analysis,
      'configures Flagger, which does not run in mesh mode. Remove it (use traffic.stages and automation), or set mode: flagger.',
    );
    return;
  }
  checkFlaggerDuration('analysis.interval', analysis.interval, issues);
  const intervalSeconds =
    typeof analysis.interval === 'string' ? durationSeconds(analysis.interval) : undefined;
  if (
    intervalSeconds !== undefined &&
    FLAGGER_DURATION.test(String(analysis.interval)) &&
    intervalSeconds < 10
  ) {
    issues.add(
      'analysis.interval',
      analysis.interval,
      'is below Flagger\'s shortest interval, 10s. Use e.g. "30s" or "1m".',
    );
  }
  checkSpecNumber('analysis.threshold', analysis.threshold, 'AnalysisSpec.threshold', issues);
  checkSpecNumber('analysis.iterations', analysis.iterations, 'AnalysisSpec.iterations', issues);
  checkWeights(analysis, issues);
  (analysis.match ?? []).forEach((match, index) =>
    checkRequestMatch(join('analysis.match', index), match, 'flagger', issues),
  );
  checkSpecNumber('analysis.mirrorWeight', analysis.mirrorWeight, 'AnalysisSpec.mirrorWeight', issues);
  if (analysis.mirrorWeight !== undefined && analysis.mirror !== true) {
    issues.add(
      'analysis.mirrorWeight',
      analysis.mirrorWeight,
      'has no effect without analysis.mirror: true. Set mirror, or remove mirrorWeight.',
    );
  }
  const affinity = analysis.sessionAffinity;
  if (analysis.mirror === true && affinity !== undefined) {
    // fluxcd/flagger v1.44.0 pkg/router/istio.go: with session affinity SetRoutes returns the sticky
    // cookie route first (getSessionAffinityRouteRules), then puts the mirror on `Spec.Http[0]`, the
    // sticky route; GetRoutes reads `mirrored` from the last route holding the canary host, the
    // weighted one, which has no mirror. pkg/controller/scheduler.go runCanary then mirrors again
    // at every interval instead of shifting: the canary stays at weight 0 until the deadline.
    issues.add(
      'analysis.mirror',
      analysis.mirror,
      'cannot be combined with analysis.sessionAffinity: Flagger puts the mirror on the sticky-cookie route and then reads the weighted route, never sees the mirror and repeats the mirror step at every interval, so the canary never leaves weight 0. Remove mirror (or sessionAffinity).',
    );
  }
  if (affinity) {
    if (typeof affinity.cookieName === 'string' && !matchesFormat(FORMATS.cookieName, affinity.cookieName)) {
      issues.add(
        'analysis.sessionAffinity.cookieName',
        affinity.cookieName,
        'is not a safe cookie name. Use letters, digits, "_" and "-".',
      );
    }
    checkSpecNumber('analysis.sessionAffinity.maxAge', affinity.maxAge, 'SessionAffinitySpec.maxAge', issues);
  }
  checkSpecNumber(
    'analysis.progressDeadlineSeconds',
    analysis.progressDeadlineSeconds,
    'AnalysisSpec.progressDeadlineSeconds',
    issues,
  );
  if (typeof analysis.prometheusAddress === 'string' && !isHttpUrl(analysis.prometheusAddress)) {
    issues.add(
      'analysis.prometheusAddress',
      analysis.prometheusAddress,
      'is not an http(s) URL. Use e.g. http://prometheus.istio-system:9090.',
    );
  }
}
