import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CanaryServiceSpec, KubeManifest, synthesize, validate } from '../../lib';
import { validateManifests } from '../../lib/validate';
import { MINIMAL_FLAGGER as F } from '../fixtures/specs';

/** Flagger's tutorial custom metric: the canary's share of 404 responses, in percent. */
export const NOT_FOUND_QUERY =
  '100 - sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="{{ namespace }}",destination_workload="{{ target }}",response_code!="404"}[{{ interval }}])) / sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="{{ namespace }}",destination_workload="{{ target }}"}[{{ interval }}])) * 100';

const APP_ERRORS =
  'sum(rate(http_errors_total{namespace="{{ namespace }}",pod=~"{{ target }}-[0-9a-z]+-[0-9a-z]+",code="{{ variables.code }}"}[{{ interval }}]))';

const SPEC: CanaryServiceSpec = {
  ...F,
  slo: {
    metrics: [
      { name: 'not-found-percentage', query: NOT_FOUND_QUERY, max: 5, interval: '2m', unit: 'percent' },
      {
        name: 'app-errors',
        query: APP_ERRORS,
        templateVariables: { code: '500' },
        min: 0,
        max: 1,
        gating: false,
      },
    ],
  },
};

function find(manifests: KubeManifest[], kind: string, name?: string): KubeManifest {
  const found = manifests.find((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  assert.ok(found, `${kind} ${name ?? ''} not emitted`);
  return found;
}

function problems(spec: unknown): { path: string; message: string }[] {
  return validate(spec).map(({ path, message }) => ({ path, message }));
}

describe('custom metrics: one number, four places (issue 14.1)', () => {
  const manifests = synthesize(SPEC);

  test('a gating metric becomes a MetricTemplate with the query verbatim and a Canary metric with its threshold', () => {
    const template = find(manifests, 'MetricTemplate', 'checkout-not-found-percentage');
    assert.equal((template.spec as { query: string }).query, NOT_FOUND_QUERY);
    const metrics = (
      find(manifests, 'Canary').spec as { analysis: { metrics: Array<Record<string, unknown>> } }
    ).analysis.metrics;
    assert.deepEqual(
      metrics.find((m) => m.name === 'not-found-percentage'),
      {
        name: 'not-found-percentage',
        templateRef: { name: 'checkout-not-found-percentage', namespace: 'shop' },
        thresholdRange: { max: 5 },
        interval: '2m',
      },
    );
  });

  test('a non-gating metric is no Flagger check, but has its alert and panel', () => {
    assert.equal(
      manifests.find((m) => m.metadata.name === 'checkout-app-errors'),
      undefined,
    );
    const metrics = (find(manifests, 'Canary').spec as { analysis: { metrics: Array<{ name: string }> } })
      .analysis.metrics;
    assert.ok(!metrics.some((m) => m.name === 'app-errors'));
  });

  test('the alert uses the same query, rendered for this canary, and the same threshold', () => {
    const rules = (
      find(manifests, 'PrometheusRule').spec as { groups: Array<{ rules: Array<Record<string, unknown>> }> }
    ).groups[0].rules;
    const notFound = rules.find((r) => r.alert === 'CanaryMetricNotFoundPercentage');
    assert.ok(notFound);
    const rendered = NOT_FOUND_QUERY.replace(/\{\{ namespace \}\}/g, 'shop')
      .replace(/\{\{ target \}\}/g, 'checkout')
      .replace(/\{\{ interval \}\}/g, '2m');
    assert.equal(notFound.expr, `(${rendered}) > 5`);
    const appErrors = rules.find((r) => r.alert === 'CanaryMetricAppErrors');
    assert.ok(appErrors);
    assert.match(
      String(appErrors.expr),
      /^\(\(sum\(rate\(http_errors_total\{namespace="shop",pod=~"checkout-\[0-9a-z\]\+-\[0-9a-z\]\+",code="500"\}\[1m\]\)\)\) < 0\) or \(.*\) > 1\)$/,
    );
  });

  test('the dashboard draws the threshold lines of the same numbers', () => {
    const configMap = find(manifests, 'ConfigMap');
    const model = JSON.parse(Object.values(configMap.data as Record<string, string>)[0]) as {
      panels: Array<{
        title: string;
        fieldConfig: {
          defaults: {
            unit: string;
            thresholds: { steps: unknown[] };
            custom: { thresholdsStyle: { mode: string } };
          };
        };
      }>;
    };
    const notFound = model.panels.find((p) => p.title === 'not-found-percentage');
    assert.ok(notFound);
    assert.equal(notFound.fieldConfig.defaults.unit, 'percent');
    assert.equal(notFound.fieldConfig.defaults.custom.thresholdsStyle.mode, 'line');
    assert.deepEqual(notFound.fieldConfig.defaults.thresholds.steps, [
      { color: 'green', value: null },
      { color: 'red', value: 5 },
    ]);
    const appErrors = model.panels.find((p) => p.title === 'app-errors (not gating)');
    assert.ok(appErrors);
    assert.deepEqual(appErrors.fieldConfig.defaults.thresholds.steps, [
      { color: 'red', value: null },
      { color: 'green', value: 0 },
      { color: 'red', value: 1 },
    ]);
  });

  test('the output is valid against the Flagger and prometheus-operator CRDs', () => {
    assert.deepEqual(
      validateManifests(manifests).filter((f) => f.severity === 'error'),
      [],
    );
  });

  test('mesh mode: alert and panel, no Flagger objects', () => {
    const mesh = synthesize({
      ...F,
      mode: 'mesh',
      slo: {
        metrics: [
          {
            name: 'app-errors',
            query:
              'sum(rate(http_errors_total{namespace="{{ namespace }}",version="canary"}[{{ interval }}]))',
            max: 1,
          },
        ],
      },
    });
    assert.equal(
      mesh.find((m) => m.kind === 'MetricTemplate'),
      undefined,
    );
    const rules = (
      find(mesh, 'PrometheusRule').spec as {
        groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
      }
    ).groups[0].rules;
    assert.deepEqual(
      rules.filter((r) => r.alert === 'CanaryMetricAppErrors').map((r) => r.expr),
      ['(sum(rate(http_errors_total{namespace="shop",version="canary"}[1m]))) > 1'],
    );
  });
});

describe('custom metrics: validation (issue 14.1)', () => {
  const metric = (overrides: Record<string, unknown>, mode: 'flagger' | 'mesh' = 'flagger') =>
    problems({ ...F, mode, slo: { metrics: [{ name: 'm', query: NOT_FOUND_QUERY, max: 1, ...overrides }] } });

  test('a flagger query that ignores the canary', () => {
    assert.deepEqual(
      metric({ query: 'sum(rate(istio_requests_total{destination_workload="{{ target }}-primary"}[1m]))' }),
      [
        {
          path: 'slo.metrics[0].query',
          message:
            'does not select the canary, so it would judge the wrong pods (or all of them). Select the canary through Flagger\'s {{ target }}, e.g. destination_workload="{{ target }}" or pod=~"{{ target }}-[0-9a-z]+-[0-9a-z]+" (not only {{ target }}-primary).',
        },
      ],
    );
  });

  test('a mesh query that ignores the track', () => {
    assert.deepEqual(metric({ query: 'sum(rate(x{destination_version=~"canary|stable"}[1m]))' }, 'mesh'), [
      {
        path: 'slo.metrics[0].query',
        message:
          'does not select the canary, so it would judge the wrong pods (or all of them). Select the canary track, e.g. destination_version="canary".',
      },
    ]);
  });

  test('PromQL that does not parse after substitution', () => {
    assert.deepEqual(metric({ query: 'sum(rate(x{pod="{{ target }}"}[{{ interval }}])' }), [
      {
        path: 'slo.metrics[0].query',
        message:
          'is not valid PromQL after Flagger\'s substitution ("sum(rate(x{pod=\\"checkout\\"}[1m])"): syntax error at 1:32: the expression ends too early (unclosed bracket or missing operand?).',
      },
    ]);
  });

  test('a template variable the metric does not define', () => {
    assert.deepEqual(
      metric({ query: 'x{pod="{{ target }}",c="{{ variables.code }}"}' }).map((p) => p.path),
      ['slo.metrics[0].query'],
    );
  });

  test('names: DNS label, not a built-in, not Flagger-reserved, unique', () => {
    assert.deepEqual(
      problems({
        ...F,
        slo: {
          metrics: [
            { name: 'Bad_Name', query: NOT_FOUND_QUERY, max: 1 },
            { name: 'success-rate', query: NOT_FOUND_QUERY, max: 1 },
            { name: 'request-success-rate', query: NOT_FOUND_QUERY, max: 1 },
            { name: 'a', query: NOT_FOUND_QUERY, max: 1 },
            { name: 'a', query: NOT_FOUND_QUERY, max: 1 },
          ],
        },
      }).map((p) => p.path),
      ['slo.metrics[0].name', 'slo.metrics[1].name', 'slo.metrics[2].name', 'slo.metrics[4].name'],
    );
  });

  test('a threshold is required and min may not exceed max', () => {
    assert.deepEqual(metric({ max: undefined }), [
      {
        path: 'slo.metrics[0]',
        message: 'has no threshold. Set min (lowest acceptable value), max (highest), or both.',
      },
    ]);
    assert.deepEqual(metric({ min: 2 }), [
      { path: 'slo.metrics[0].min', message: 'is above max (1), so no value could pass. Swap them.' },
    ]);
  });
});
