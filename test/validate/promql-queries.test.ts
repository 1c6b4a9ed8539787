import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseManifestText } from '../../lib/manifests/load';
import { validateManifests } from '../../lib/validate';

const TEXT = `apiVersion: flagger.app/v1beta1
kind: MetricTemplate
metadata: { name: error-rate, namespace: test }
spec:
  provider: { type: prometheus, address: "http://prometheus:9090" }
  query: |
    100 - sum(rate(istio_requests_total{
        destination_workload_namespace="{{ namespace }}",
        destination_workload="{{ variables.workload }}"
      }[{{ interval }}])) by (destination_workload
---
apiVersion: flagger.app/v1beta1
kind: MetricTemplate
metadata: { name: ok, namespace: test }
spec:
  provider: { address: "http://prometheus:9090" }
  query: sum(rate(x{a="{{ target }}"}[{{ interval }}])) / {{ variables.divisor }}
---
apiVersion: flagger.app/v1beta1
kind: MetricTemplate
metadata: { name: datadog, namespace: test }
spec:
  provider: { type: datadog, address: "https://api.datadoghq.com" }
  query: avg:trace.http.request.errors{service:{{ name }}}.as_count()
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: { name: rules, namespace: test }
spec:
  groups:
    - name: g
      rules:
        - alert: Good
          expr: sum(rate(x[5m])) > 1
        - alert: Bad
          expr: sum(rate(x[5m]) > 1
---
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: { name: success-rate, namespace: test }
spec:
  metrics:
    - name: good
      provider:
        prometheus:
          query: sum(irate(x{svc=~"{{args.service-name}}"}[{{args.window}}])) >= {{ args.threshold }}
    - name: bad
      provider:
        prometheus:
          query: rate(x[{{args.window}}]) by (a)
`;

test('validate parses every PromQL query after template substitution and reports object, path and position (issue 11 item 18)', () => {
  const loaded = parseManifestText(TEXT, 'queries.yaml');
  assert.deepEqual(loaded.problems, []);
  const findings = validateManifests(loaded.manifests.map((m) => m.manifest)).filter((f) =>
    f.message.startsWith('PromQL'),
  );
  assert.deepEqual(
    findings.map((f) => `${f.line} ${f.object} ${f.path}: ${f.message}`),
    [
      '6 MetricTemplate test/error-rate spec.query: PromQL syntax error at 5:1 of the query: the expression ends too early (unclosed bracket or missing operand?); Prometheus would reject this query',
      '36 PrometheusRule test/rules spec.groups[0].rules[1].expr: PromQL syntax error at 1:20 of the query: the expression ends too early (unclosed bracket or missing operand?); Prometheus would reject this query',
      '50 AnalysisTemplate test/success-rate spec.metrics[1].provider.prometheus.query: PromQL syntax error at 1:26 of the query: unexpected "by" (and 1 more); Prometheus would reject this query',
    ],
  );
});
