/**
 * Every PromQL expression canary-kit emits parses with the Prometheus grammar (no error node):
 * MetricTemplate queries after Flagger's substitution, PrometheusRule expressions and the Grafana
 * dashboard's targets.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { CanarySpecError, synthesize } from '../../lib';
import { parsePromQL } from '../../lib/promql';
import { emittedQueries, type EmittedQuery } from '../support/prometheus/emitted-queries';
import { arbitrarySpec, propertySettings, QUERY_SPECS } from '../support/prometheus/spec-variants';

function syntaxErrors(queries: readonly EmittedQuery[]): string[] {
  return queries.flatMap((one) =>
    parsePromQL(one.query).errors.map((error) => `${one.where}: ${error.message}\n    ${one.query}`),
  );
}

describe('every emitted PromQL expression parses', () => {
  for (const { title, spec } of QUERY_SPECS) {
    test(title, () => {
      const manifests = synthesize(spec);
      const { queries, problems } = emittedQueries(manifests);
      assert.deepEqual(problems, []);
      const count = (source: EmittedQuery['source']) => queries.filter((q) => q.source === source).length;
      const mode = spec.mode ?? 'flagger';
      // Guard against a vacuous pass: the queries must actually have been found.
      assert.ok(count('alert') >= 2, `only ${count('alert')} alert expressions found`);
      assert.ok(count('dashboard') >= 6, `only ${count('dashboard')} dashboard targets found`);
      if (mode === 'flagger') assert.ok(count('metric-template') >= 2, 'no MetricTemplate query found');
      else assert.equal(count('metric-template'), 0);
      assert.deepEqual(syntaxErrors(queries), []);
    });
  }

  test('MetricTemplate queries contain no template action after substitution', () => {
    const { queries } = emittedQueries(synthesize(QUERY_SPECS[1].spec));
    const templates = queries.filter((q) => q.source === 'metric-template');
    assert.ok(templates.length >= 3);
    for (const one of templates) assert.doesNotMatch(one.query, /\{\{|\}\}/, one.where);
  });

  test('random valid specs emit only parsable PromQL', () => {
    let synthesized = 0;
    let rejected = 0;
    fc.assert(
      fc.property(arbitrarySpec, (spec) => {
        let manifests;
        try {
          manifests = synthesize(spec);
        } catch (error) {
          if (!(error instanceof CanarySpecError)) throw error;
          rejected++;
          return;
        }
        synthesized++;
        const { queries, problems } = emittedQueries(manifests);
        assert.deepEqual(problems, []);
        assert.deepEqual(syntaxErrors(queries), []);
      }),
      propertySettings(300),
    );
    assert.ok(
      synthesized > rejected,
      `only ${synthesized} of ${synthesized + rejected} random specs synthesized`,
    );
  });
});
