import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { jsonItemLines } from '../../lib/manifests/json-file';
import { parseManifestText } from '../../lib/manifests/load';
import { lineInSource, locateField, manifestOrigin } from '../../lib/manifests/source-locations';
import { splitDocuments } from '../../lib/manifests/split-documents';

type Path = (string | number)[];

/** Every path into a value, the value's own `[]` first. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys = Object.keys(value);
  const child = (k: string): string | number => (Array.isArray(value) ? Number(k) : k);
  return [
    prefix,
    ...keys.flatMap((k) => pathsOf((value as Record<string, unknown>)[k], [...prefix, child(k)])),
  ];
}

const TEXT = [
  '# two documents; the second is a List with block and flow items',
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  name: s',
  'spec:',
  '  ports:',
  '    - port: 80',
  '      name: http',
  '  selector: {app: web,',
  '    tier: front}',
  '---',
  'apiVersion: v1',
  'kind: List',
  'items:',
  '  - apiVersion: v1',
  '    kind: ConfigMap',
  '    metadata:',
  '      name: a',
  '    data:',
  '      script: |',
  '        # not a comment',
  '        echo hi',
  '  - {apiVersion: v1, kind: ConfigMap,',
  '     metadata: {name: b}}',
].join('\n');

describe('locateField on manifests read by the fast path', () => {
  test('parses only the manifest, and gives the line a parse of the whole file gives', () => {
    const { manifests } = parseManifestText(TEXT, 'tree.yaml');
    assert.deepEqual(
      manifests.map((m) => `${m.line} ${m.manifest.metadata.name}`),
      ['2 s', '16 a', '24 b'],
    );
    let checked = 0;
    for (const { manifest } of manifests) {
      const origin = manifestOrigin(manifest);
      assert.ok(origin?.span, 'the fast path records where the manifest is');
      for (const path of [...pathsOf(manifest), ['spec', 'missing', 0], ['data', 'script', 'deeper']]) {
        const whole = lineInSource(origin.source, origin.documentIndex, [...origin.prefix, ...path]);
        assert.equal(
          locateField(manifest, path)?.line,
          whole ?? origin.line,
          `${manifest.metadata.name} ${path}`,
        );
        checked++;
      }
    }
    assert.ok(checked > 25);
  });

  test('a missing field reports its nearest parent, in a List item too', () => {
    const [service, a, b] = parseManifestText(TEXT, 'tree.yaml').manifests.map((m) => m.manifest);
    assert.deepEqual(locateField(service, ['spec', 'ports', 0, 'name']), { file: 'tree.yaml', line: 9 });
    assert.deepEqual(locateField(service, ['spec', 'selector', 'tier']), { file: 'tree.yaml', line: 11 });
    assert.deepEqual(locateField(a, ['data', 'script']), { file: 'tree.yaml', line: 21 });
    assert.deepEqual(locateField(a, ['spec', 'replicas']), { file: 'tree.yaml', line: 16 });
    assert.deepEqual(locateField(b, ['metadata', 'name']), { file: 'tree.yaml', line: 25 });
  });
});

describe('JSON List item lines', () => {
  const json =
    '{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}},\n\n    {\n      "apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b]"}}\n  ]\n}\n';

  test('come from a scan of the text and match the YAML parser', () => {
    assert.deepEqual(jsonItemLines(json), [5, 7]);
    const { manifests } = parseManifestText(json, 'l.json');
    assert.deepEqual(
      manifests.map((m) => m.line),
      [5, 7],
    );
    const origin = manifestOrigin(manifests[1].manifest);
    assert.ok(origin);
    assert.equal(lineInSource(origin.source, 0, ['items', 1]), 7);
  });

  test('are not guessed when `items` is there twice or escaped', () => {
    assert.equal(jsonItemLines('{"items": [{}], "items": [{}]}'), undefined);
    assert.equal(jsonItemLines('{"it\\u0065ms": [{}]}'), undefined);
    assert.equal(jsonItemLines('[{"items": [{}]}]'), undefined);
  });
});

describe('splitDocuments', () => {
  test('splits on --- lines and counts their lines', () => {
    const text = '# head\n---\na: 1\n--- # c\nb: ---\n---\n';
    assert.deepEqual(splitDocuments(text), [
      { start: 0, end: 7, line: 1, marked: false },
      { start: 7, end: 16, line: 2, marked: true },
      { start: 16, end: 31, line: 4, marked: true },
      { start: 31, end: 35, line: 6, marked: true },
    ]);
  });

  test('gives up where only a full parser knows where documents start', () => {
    assert.equal(splitDocuments('a: 1\n...\nb: 2\n'), undefined);
    assert.equal(splitDocuments('%YAML 1.1\n---\na: 1\n'), undefined);
    assert.equal(splitDocuments('a: 1\rb: 2\n'), undefined);
    assert.equal(splitDocuments('a: 1\n---#\nb: 2\n'), undefined);
    assert.equal(splitDocuments('----\na: 1\n'), undefined);
    assert.ok(splitDocuments('a: 1\r\n---\r\nb: 2\r\n'));
  });
});
