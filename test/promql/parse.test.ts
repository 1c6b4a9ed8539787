/**
 * parsePromQL: the Prometheus grammar accepts what Prometheus accepts and reports every error node.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePromQL } from '../../lib/promql';

describe('parsePromQL', () => {
  test('accepts the kinds of queries canary-kit emits', () => {
    for (const query of [
      'sum(rate(istio_requests_total{reporter="destination",response_code!~"5.*"}[1m]))',
      'histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket[1m])))',
      '100 - sum(rate(a[1m])) / sum(rate(b[1m])) * 100',
      '(sum(rate(a[5m])) or on() vector(0)) > 10 and on() sum(rate(b[5m])) > 1',
      'absent_over_time(a{x="y"}[10m])',
      'a\n  /\n  b',
    ]) {
      const result = parsePromQL(query);
      assert.deepEqual(result, { ok: true, errors: [] }, query);
    }
  });

  test('reports an unclosed parenthesis at the end with its position', () => {
    const result = parsePromQL('sum(rate(x[1m])');
    assert.equal(result.ok, false);
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0].from, 15);
    assert.match(result.errors[0].message, /1:16.*ends too early/);
  });

  test('reports unexpected text with its line and column', () => {
    const result = parsePromQL('sum(x)\n  ) + 1');
    assert.equal(result.ok, false);
    assert.match(result.errors[0].message, /at 2:3: unexpected "\)"/);
  });

  test('rejects unknown functions, unsubstituted templates and empty queries', () => {
    assert.equal(parsePromQL('rates(x[1m])').ok, false);
    assert.equal(parsePromQL('rate(x{a="b"}[{{ interval }}])').ok, false);
    assert.equal(parsePromQL('   ').ok, false);
    assert.match(parsePromQL('').errors[0].message, /empty query/);
  });
});
