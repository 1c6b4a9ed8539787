import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { stringify, ToStringOptions } from 'yaml';
import { parseYamlExact } from '../../lib/manifests/exact-yaml';
import { parseYamlFast } from '../../lib/manifests/fast-yaml';
import { LoadResult } from '../../lib/manifests/load';

const RUNS = Number(process.env.CANARY_KIT_PROPERTY_RUNS ?? 300);

/** Scalars whose meaning differs between YAML versions and parsers, and strings that need quoting. */
const scalar = fc.oneof(
  fc.constantFrom('on', 'off', 'y', 'N', 'yes', 'TRUE', '0644', '0x1F', '0b11', '1_000', '+12', '1e3', 'E5'),
  fc.constantFrom(
    '.5',
    '.inf',
    '.NaN',
    '~',
    'null',
    '',
    ' lead',
    'trail ',
    'a: b',
    '- x',
    '#c',
    'a #c',
    '*',
    '&a',
  ),
  fc.constantFrom(
    'multi\nline',
    'two\n\nparas\n',
    'tab\there',
    '"q"',
    "'s'",
    '2024-01-01',
    '12:30',
    '<<',
    '日本',
  ),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.boolean(),
  fc.constant(null),
);
const key = fc.constantFrom('name', 'on', 'y', '1', '0644', 'a b', 'k.io/x', '', 'data', 'items');
const value = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value;
const manifest = fc.record({
  apiVersion: fc.constant('v1'),
  kind: fc.constant('ConfigMap'),
  metadata: fc.record({ name: fc.constantFrom('a', 'b') }),
  data: value,
});
const options = fc.record<ToStringOptions>(
  {
    indentSeq: fc.boolean(),
    lineWidth: fc.constantFrom(0, 20, 80),
    defaultStringType: fc.constantFrom(
      'PLAIN',
      'QUOTE_DOUBLE',
      'QUOTE_SINGLE',
      'BLOCK_LITERAL',
      'BLOCK_FOLDED',
    ),
    collectionStyle: fc.constantFrom('any', 'block', 'flow'),
  },
  { requiredKeys: [] },
);

function plain(result: LoadResult): unknown {
  return { manifests: result.manifests.map((m) => ({ ...m })), problems: result.problems };
}

test('whatever the fast path reads, it reads exactly as the exact parser does', () => {
  let readFast = 0;
  fc.assert(
    fc.property(fc.array(fc.tuple(manifest, options), { minLength: 1, maxLength: 3 }), (documents) => {
      const text = documents.map(([m, o]) => `---\n${stringify(m, o)}`).join('');
      const fast = parseYamlFast({ file: 'p.yaml', text });
      if (!fast) return;
      readFast++;
      assert.deepEqual(plain(fast), plain(parseYamlExact({ file: 'p.yaml', text })));
    }),
    { numRuns: RUNS },
  );
  assert.ok(readFast > RUNS / 2, `only ${readFast} of ${RUNS} streams read fast`);
});
