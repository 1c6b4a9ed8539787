/**
 * renderFlaggerTemplate follows Flagger's Go-template semantics: functions, `variables.key`,
 * whitespace and trim markers, and an error (never an empty string) for anything unknown.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderFlaggerTemplate, renderFlaggerTemplateOrThrow } from '../../lib/promql';

const model = {
  name: 'checkout',
  namespace: 'shop',
  target: 'checkout',
  interval: '1m',
  variables: { cluster: 'dev' },
};

describe('renderFlaggerTemplate', () => {
  test("renders Flagger's own examples", () => {
    assert.equal(
      renderFlaggerTemplateOrThrow('envoy_cluster_name=~"{{ namespace }}_{{ target }}"', model),
      'envoy_cluster_name=~"shop_checkout"',
    );
    assert.equal(
      renderFlaggerTemplateOrThrow('x{cluster="{{ variables.cluster }}"}[{{ interval }}]', model),
      'x{cluster="dev"}[1m]',
    );
  });

  test('tolerates any blanks inside the braces, like Go templates', () => {
    for (const text of ['{{namespace}}', '{{ namespace }}', '{{   namespace\t}}', '{{\n namespace\n}}']) {
      assert.equal(renderFlaggerTemplateOrThrow(`a/${text}/b`, model), 'a/shop/b', text);
    }
    assert.equal(renderFlaggerTemplateOrThrow('{{variables.cluster}}', model), 'dev');
  });

  test('applies the trim markers {{- and -}} and drops comments', () => {
    assert.equal(renderFlaggerTemplateOrThrow('a  \n {{- namespace -}} \n  b', model), 'ashopb');
    assert.equal(renderFlaggerTemplateOrThrow('a {{/* note */}}b', model), 'a b');
    assert.equal(renderFlaggerTemplateOrThrow('a {{- /* note */ -}} b', model), 'ab');
  });

  test('an unknown variable is an error naming the defined ones, not an empty string', () => {
    const result = renderFlaggerTemplate('x{c="{{ variables.region }}"}', model);
    assert.equal(result.ok, false);
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0].message, /unknown template variable "region".*"cluster"/);
    assert.deepEqual([result.errors[0].from, result.errors[0].to], [5, 27]);
  });

  test('unknown functions, data fields, missing model values and bad syntax are errors', () => {
    const cases: Array<[string, RegExp]> = [
      ['{{ targt }}', /not a Flagger template function/],
      ['{{ .Namespace }}', /no data/],
      ['{{ service }}', /no value given for "\{\{ service \}\}"/],
      ['{{ variables }}', /must name one key/],
      ['{{ variables.a.b }}', /must name one key/],
      ['{{ printf "%s" namespace }}', /unsupported template action/],
      ['{{ }}', /empty action/],
      ['x{{ namespace', /unclosed action/],
    ];
    for (const [text, expected] of cases) {
      const result = renderFlaggerTemplate(text, model);
      assert.equal(result.ok, false, text);
      assert.match(result.errors[0].message, expected, text);
    }
  });

  test('reports every bad action with its position and throws them all at once', () => {
    const result = renderFlaggerTemplate('{{ a }}\n{{ variables.b }}', {});
    assert.equal(result.errors.length, 2);
    assert.match(result.errors[1].message, /at 2:1/);
    assert.throws(
      () => renderFlaggerTemplateOrThrow('{{ a }} {{ b }}', {}),
      /"\{\{ a \}\}"[\s\S]*"\{\{ b \}\}"/,
    );
  });

  test('text without actions is returned unchanged (PromQL braces included)', () => {
    const promql = 'sum(rate(x{a="b"}[1m])) by (le)';
    assert.equal(renderFlaggerTemplateOrThrow(promql, {}), promql);
  });
});
