import {
  BUILT_IN_METRIC_NAMES,
  FLAGGER_BUILT_IN_METRIC_NAMES,
  selectsCanary,
  TARGET_SENTINEL,
} from '../../custom-metrics';
import { DEFAULT_MODE, DEFAULT_NAMESPACE } from '../../defaults';
import { CanaryServiceSpec, CustomMetricSpec, RoutingMode } from '../../spec';
import { parsePromQL } from '../../../promql/parse';
import { renderFlaggerTemplate } from '../../../promql/flagger-template';
import { isDnsLabel } from '../formats';
import { IssueCollector, join } from '../issues';
import { checkFlaggerDuration } from './analysis';

const SELECTOR_FIX: Readonly<Record<RoutingMode, string>> = {
  flagger:
    'Select the canary through Flagger\'s {{ target }}, e.g. destination_workload="{{ target }}" or pod=~"{{ target }}-[0-9a-z]+-[0-9a-z]+" (not only {{ target }}-primary).',
  mesh: 'Select the canary track, e.g. destination_version="canary".',
};

function checkQuery(
  path: string,
  metric: CustomMetricSpec,
  spec: CanaryServiceSpec,
  issues: IssueCollector,
): void {
  if (typeof metric.query !== 'string') return;
  const mode = spec.mode ?? DEFAULT_MODE;
  const render = (target: string) =>
    renderFlaggerTemplate(metric.query, {
      name: String(spec.name),
      namespace: spec.namespace ?? DEFAULT_NAMESPACE,
      target,
      service: target,
      interval: metric.interval ?? spec.slo?.window ?? '1m',
      variables: metric.templateVariables ?? {},
    });
  // Rendered as Flagger renders it for this canary: positions refer to that text.
  const rendered = render(String(spec.name));
  if (!rendered.ok) {
    issues.add(
      path,
      metric.query,
      `is not a valid Flagger query template: ${rendered.errors.map((e) => e.message).join('; ')}.`,
    );
    return;
  }
  const parsed = parsePromQL(rendered.query);
  if (!parsed.ok) {
    issues.add(
      path,
      metric.query,
      `is not valid PromQL after Flagger's substitution (${JSON.stringify(rendered.query)}): ${[...new Set(parsed.errors.map((e) => e.message))].join('; ')}.`,
    );
    return;
  }
  // In flagger mode `{{ target }}` gets a sentinel, so that the check can tell whether the canary
  // is selected through it rather than by a literal name.
  const probe = mode === 'flagger' ? render(TARGET_SENTINEL) : rendered;
  if (probe.ok && !selectsCanary(mode, probe.query)) {
    issues.add(
      path,
      metric.query,
      `does not select the canary, so it would judge the wrong pods (or all of them). ${SELECTOR_FIX[mode]}`,
    );
  }
}

/**
 * Custom metrics: names (DNS labels, unique, not a built-in check), a threshold, the window, and
 * the query: a Flagger template that renders, PromQL that parses, and a selector of the canary.
 */
export function checkCustomMetrics(spec: CanaryServiceSpec, issues: IssueCollector): void {
  const metrics = spec.slo?.metrics ?? [];
  const seen = new Map<string, number>();
  metrics.forEach((metric, index) => {
    const path = join('slo.metrics', index);
    if (typeof metric.name === 'string') {
      if (!isDnsLabel(metric.name)) {
        issues.add(
          join(path, 'name'),
          metric.name,
          'is not a DNS-1123 label. Use lowercase letters, digits and "-", e.g. error-budget.',
        );
      } else if (BUILT_IN_METRIC_NAMES.includes(metric.name)) {
        issues.add(
          join(path, 'name'),
          metric.name,
          `is the name of a built-in check. Rename it, or set the built-in through slo.successRatePercent, slo.p99LatencyMs or slo.maxLatencyRatio.`,
        );
      } else if (FLAGGER_BUILT_IN_METRIC_NAMES.includes(metric.name)) {
        issues.add(
          join(path, 'name'),
          metric.name,
          'is a name Flagger reserves: it runs its own built-in query for a metric of that name. Rename it, e.g. error-budget.',
        );
      } else if (seen.has(metric.name)) {
        issues.add(
          join(path, 'name'),
          metric.name,
          `is also the name of slo.metrics[${seen.get(metric.name)}]. Give every metric its own name.`,
        );
      } else {
        seen.set(metric.name, index);
      }
    }
    if (metric.min === undefined && metric.max === undefined) {
      issues.add(
        path,
        metric.name,
        'has no threshold. Set min (lowest acceptable value), max (highest), or both.',
      );
    } else if (typeof metric.min === 'number' && typeof metric.max === 'number' && metric.min > metric.max) {
      issues.add(
        join(path, 'min'),
        metric.min,
        `is above max (${metric.max}), so no value could pass. Swap them.`,
      );
    }
    for (const bound of ['min', 'max'] as const) {
      const value = metric[bound];
      if (typeof value === 'number' && !Number.isFinite(value)) {
        issues.add(join(path, bound), value, 'must be a finite number.');
      }
    }
    checkFlaggerDuration(join(path, 'interval'), metric.interval, issues);
    checkQuery(join(path, 'query'), metric, spec, issues);
  });
}
