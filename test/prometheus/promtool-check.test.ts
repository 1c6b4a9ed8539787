/**
 * `promtool check rules` accepts the groups of every PrometheusRule canary-kit emits (expressions,
 * durations, label names and annotation templates, as Prometheus itself loads them).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CanarySpecError, synthesize, type KubeManifest } from '../../lib';
import { checkRules, describeResult } from '../support/prometheus/promtool';
import { describeWithPrometheusTools } from '../support/prometheus/require-tools';
import { arbitrarySpec, propertySettings, QUERY_SPECS } from '../support/prometheus/spec-variants';
import { spec, MINIMAL_FLAGGER } from '../fixtures/specs';

interface RuleGroup {
  name: string;
  rules: unknown[];
}

function ruleGroups(manifests: readonly KubeManifest[]): RuleGroup[] {
  return manifests
    .filter((m) => m.kind === 'PrometheusRule')
    .flatMap((m) => (m.spec as { groups: RuleGroup[] }).groups);
}

describeWithPrometheusTools('promtool check rules on every PrometheusRule', () => {
  for (const { title, spec: one } of QUERY_SPECS) {
    test(title, async () => {
      const groups = ruleGroups(synthesize(one));
      assert.ok(groups.length > 0 && groups.every((g) => g.rules.length > 0), 'no rule group emitted');
      const result = await checkRules({ groups });
      assert.equal(result.exitCode, 0, describeResult(result));
      assert.match(result.stdout, /SUCCESS: \d+ rules found/);
    });
  }

  test('a spec window of zero is rejected or yields valid rules (Prometheus refuses a [0s] range)', async () => {
    for (const window of ['0s', '0m']) {
      let manifests: KubeManifest[];
      try {
        manifests = synthesize(spec({ slo: { window } }, MINIMAL_FLAGGER));
      } catch (error) {
        assert.ok(error instanceof CanarySpecError, String(error));
        assert.ok(
          error.issues.some((issue) => issue.path === 'slo.window'),
          error.message,
        );
        continue;
      }
      const result = await checkRules({ groups: ruleGroups(manifests) });
      assert.equal(result.exitCode, 0, `slo.window "${window}" was accepted but:\n${describeResult(result)}`);
    }
  });

  test('random valid specs emit rules that promtool accepts (one batched run)', async () => {
    const groups: RuleGroup[] = [];
    fc.assert(
      fc.property(arbitrarySpec, (one) => {
        try {
          ruleGroups(synthesize(one)).forEach((group) =>
            groups.push({ ...group, name: `${groups.length}-${group.name}` }),
          );
        } catch (error) {
          if (!(error instanceof CanarySpecError)) throw error;
        }
      }),
      propertySettings(200),
    );
    assert.ok(groups.length > 50, `only ${groups.length} rule groups from random specs`);
    const result = await checkRules({ groups });
    assert.equal(result.exitCode, 0, describeResult(result));
  });
});
