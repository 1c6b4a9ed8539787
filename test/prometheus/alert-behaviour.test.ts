/**
 * Alert behaviour with `promtool test rules`: for every alert canary-kit emits, series generated
 * from the spec's SLO that must fire it and series that must not (see `alert-cases.ts`).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolvePlan, synthesize, type CanaryServiceSpec, type KubeManifest } from '../../lib';
import { alertCases, promtoolAlertTest, type AlertRuleWire } from '../support/prometheus/alert-cases';
import { describeResult, testRules } from '../support/prometheus/promtool';
import { describeWithPrometheusTools } from '../support/prometheus/require-tools';
import { QUERY_SPECS } from '../support/prometheus/spec-variants';
import { tracksFromManifests } from '../support/prometheus/tracks';

function alertRules(manifests: readonly KubeManifest[]): AlertRuleWire[] {
  return manifests
    .filter((m) => m.kind === 'PrometheusRule')
    .flatMap((m) => (m.spec as { groups: Array<{ rules: AlertRuleWire[] }> }).groups)
    .flatMap((group) => group.rules);
}

function expectedAlerts(spec: CanaryServiceSpec): string[] {
  const plan = resolvePlan(spec);
  const names = ['CanaryHighErrorRate', 'CanaryHighLatency', 'CanaryIstioMetricsAbsent'];
  if (plan.slo.maxLatencyRatio !== undefined) names.push('CanaryLatencyRegression');
  if (plan.mode === 'flagger' || plan.traffic.canaryWeight > 0) names.push('CanaryNoTraffic');
  return names.sort();
}

describeWithPrometheusTools('alert behaviour (promtool test rules)', () => {
  for (const { title, spec } of QUERY_SPECS) {
    describe(title, () => {
      const manifests = synthesize(spec);
      const plan = resolvePlan(spec);
      const rules = alertRules(manifests);
      const tracks = tracksFromManifests(manifests);

      test('emits the alerts its SLO and traffic ask for', () => {
        assert.deepEqual(rules.map((rule) => rule.alert).sort(), expectedAlerts(spec));
      });

      for (const rule of rules) {
        const cases = alertCases(rule, tracks, plan.slo, plan.observability.alertFor);
        if (!cases) {
          test(`${rule.alert}: has a behaviour test`, () =>
            assert.fail(`no behaviour cases for alert ${rule.alert}`));
          continue;
        }
        for (const one of cases) {
          test(`${rule.alert}: ${one.title}`, async () => {
            const result = await testRules(
              { groups: [{ name: 'under-test', rules: [rule] }] },
              promtoolAlertTest(rule, one, plan.observability.alertFor),
            );
            assert.equal(result.exitCode, 0, `${describeResult(result)}\nexpr: ${rule.expr}`);
          });
        }
      }
    });
  }
});
