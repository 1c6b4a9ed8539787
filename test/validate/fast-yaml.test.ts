import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { synthesize, toYaml } from '../../lib';
import { parseYamlExact } from '../../lib/manifests/exact-yaml';
import { PLAIN_TAGS } from '../../lib/manifests/fast-schema';
import { parseYamlFast } from '../../lib/manifests/fast-yaml';
import { LoadResult, parseManifestText } from '../../lib/manifests/load';
import { FULL_FLAGGER, FULL_MESH, MINIMAL_FLAGGER, SHADOW_MESH } from '../fixtures/specs';

/** A load result as plain data (drops nothing: file, line, index, object; problems). */
function plain(result: LoadResult | undefined): unknown {
  return result && { manifests: result.manifests.map((m) => ({ ...m })), problems: result.problems };
}

/** Both parsers' results for one YAML text. */
function both(text: string, file = 'm.yaml'): { fast: unknown; exact: unknown } {
  return { fast: plain(parseYamlFast({ file, text })), exact: plain(parseYamlExact({ file, text })) };
}

/** Every `.yaml`/`.yml` file under a folder of the repo, recursively. */
function yamlFiles(folder: string): string[] {
  const root = resolve(process.cwd(), folder);
  return (readdirSync(root, { recursive: true }) as string[])
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => resolve(root, name));
}

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n';

describe('parseYamlFast', () => {
  test('reads synthesized output exactly as the exact parser does', () => {
    for (const spec of [MINIMAL_FLAGGER, FULL_FLAGGER, FULL_MESH, SHADOW_MESH]) {
      const { fast, exact } = both(toYaml(synthesize(spec)));
      assert.notEqual(fast, undefined, `${spec.name}: the fast path should read synthesized YAML`);
      assert.deepEqual(fast, exact);
    }
  });

  test('gives what the exact parser gives for every YAML file under test/fixtures and test/golden', () => {
    let read = 0;
    for (const path of [...yamlFiles('test/fixtures'), ...yamlFiles('test/golden')]) {
      const { fast, exact } = both(readFileSync(path, 'utf8'), path);
      if (fast === undefined) continue;
      read++;
      assert.deepEqual(fast, exact, path);
    }
    assert.ok(read > 30, `only ${read} files read fast`);
  });

  test('resolves plain scalars the way kubectl (YAML 1.1) does', () => {
    const text = `${CONFIG_MAP}data:\n  a: on\n  b: y\n  c: 0644\n  d: 0x1F\n  e: 1e3\n  f: ~\n  g: 2024-01-01\n  h: 1:20\n  i: "on"\n  j: 1_000\n  k: .inf\n`;
    const fast = parseYamlFast({ file: 'c.yaml', text });
    assert.ok(fast);
    assert.deepEqual(fast.manifests[0].manifest.data, {
      a: true,
      b: true,
      c: 420,
      d: 31,
      e: 1000,
      f: null,
      g: '2024-01-01',
      h: '1:20',
      i: 'on',
      j: 1000,
      k: Infinity,
    });
    assert.deepEqual(plain(fast), plain(parseYamlExact({ file: 'c.yaml', text })));
  });

  test("uses the exact parser's scalar patterns, as reviewed for its quick pre-check (update both together)", () => {
    assert.deepEqual(
      PLAIN_TAGS.map((tag) => tag.test?.source),
      [
        '^(?:~|[Nn]ull|NULL)?$',
        '^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$',
        '^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$',
        '^[-+]?0b[0-1_]+$',
        '^[-+]?0[0-7_]+$',
        '^[-+]?[0-9][0-9_]*$',
        '^[-+]?0x[0-9a-fA-F_]+$',
        '^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$',
        '^[-+]?(?:[0-9][0-9_]*)?(?:\\.[0-9_]*)?[eE][-+]?[0-9]+$',
        '^[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*$',
        '^<<$',
      ],
    );
  });

  test('keeps document indexes, start lines and List item lines', () => {
    const text = [
      '# comment only: no document',
      '---',
      CONFIG_MAP.trim(),
      '---',
      '---',
      '# empty document 2',
      '---',
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: Secret',
      '  metadata: {name: s}',
      '-',
      '  # the item starts on the next line',
      '  apiVersion: v1',
      '  kind: Secret',
      '  metadata: {name: t}',
    ].join('\n');
    const fast = parseYamlFast({ file: 'm.yaml', text });
    assert.ok(fast);
    assert.deepEqual(
      fast.manifests.map((m) => `${m.line}#${m.index} ${m.manifest.metadata.name}`),
      ['3#0 c', '14#3 s', '19#3 t'],
    );
    assert.deepEqual(plain(fast), plain(parseYamlExact({ file: 'm.yaml', text })));
  });
});

describe('documents the fast path hands to the exact parser', () => {
  const cases: [string, string][] = [
    ['an anchor and a merge key', `${CONFIG_MAP}base: &b {x: 1}\ndata:\n  <<: *b\n`],
    ['an explicit tag', `${CONFIG_MAP}data:\n  a: !!str 1\n`],
    ['a null key (js-yaml names it "null", the exact parser "")', `${CONFIG_MAP}data:\n  ~: x\n`],
    ['an explicit key (it may be a collection)', `${CONFIG_MAP}data:\n  ? a\n  : x\n`],
    ['text that looks like a collection key', `${CONFIG_MAP}data:\n  a: "[x]: y"\n`],
    ['a comment right after a quoted value', `${CONFIG_MAP}data:\n  a: "10s"#c\n`],
    ['content on the --- line', `--- apiVersion: v1\nkind: ConfigMap\n`],
    ['a comment line before a plain value', `${CONFIG_MAP}data:\n  a:\n  #c\n    b\n  d: e\n`],
    ['an empty item before a less indented one', `${CONFIG_MAP}data:\n  a:\n    -\n  - x\n`],
    ['a root block scalar with an indentation indicator', '|2\n  x\n'],
    ['a ... document end', `${CONFIG_MAP}...\n`],
    ['a %YAML directive', `%YAML 1.1\n---\n${CONFIG_MAP}`],
    ['a byte order mark inside the text', `${CONFIG_MAP}---\n\uFEFF${CONFIG_MAP}`],
    ['a lone carriage return', `${CONFIG_MAP}data:\r  a: b\n`],
    ['a key too long for the exact parser', `${CONFIG_MAP}data:\n  ${'k'.repeat(1030)}: v\n`],
    ['a duplicate key', `${CONFIG_MAP}data:\n  a: 1\n  a: 2\n`],
  ];
  for (const [name, text] of cases) {
    test(name, () => {
      assert.equal(parseYamlFast({ file: 'x.yaml', text }), undefined);
      assert.deepEqual(
        plain(parseManifestText(text, 'x.yaml')),
        plain(parseYamlExact({ file: 'x.yaml', text })),
      );
    });
  }

  test('the exact parser reports what js-yaml would have let through', () => {
    const quoted = parseManifestText(`${CONFIG_MAP}data:\n  a: "10s"#c\n`, 'q.yaml');
    assert.deepEqual(
      quoted.problems.map((p) => `${p.file}:${p.line}`),
      ['q.yaml:6'],
    );
    assert.match(quoted.problems[0].message, /^YAML syntax error at column \d+: Comments must be separated/);
    const nullKey = parseManifestText(`${CONFIG_MAP}data:\n  ~: x\n`, 'n.yaml');
    assert.deepEqual(nullKey.manifests[0].manifest.data, { '': 'x' });
    const merged = parseManifestText(`${CONFIG_MAP}base: &b {x: 1}\ndata:\n  <<: *b\n  z: 2\n`, 'm.yaml');
    assert.deepEqual(merged.manifests[0].manifest.data, { x: 1, z: 2 });
  });
});
