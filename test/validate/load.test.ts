import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadManifests, parseManifestText } from '../../lib/manifests/load';
import { locateField } from '../../lib/manifests/source-locations';
import { fixture, shown } from './fixtures';

/** `file:line#index Kind name` for each loaded object. */
function summary(paths: readonly string[]): { objects: string[]; problems: string[] } {
  const result = loadManifests(paths, process.cwd());
  return {
    objects: result.manifests.map(
      (m) => `${m.file}:${m.line}#${m.index} ${m.manifest.kind} ${m.manifest.metadata.name}`,
    ),
    problems: result.problems.map(
      (p) => `${p.file}${p.line === undefined ? '' : `:${p.line}`}: ${p.message}`,
    ),
  };
}

describe('loadManifests', () => {
  test('walks a directory in sorted order: multi-document YAML, Lists, JSON; bad files do not stop the others', () => {
    const dir = shown('loader');
    assert.deepEqual(summary([dir, 'test/fixtures/validate/does-not-exist.yaml']), {
      objects: [
        `${dir}/bad.yaml:9#1 ConfigMap after-broken`,
        `${dir}/list.yaml:4#0 ServiceAccount one`,
        `${dir}/list.yaml:8#0 ServiceAccount two`,
        `${dir}/multi.yaml:3#0 ConfigMap first`,
        `${dir}/multi.yaml:11#3 ConfigMap second`,
        `${dir}/nested/object.json:5#0 Service from-json`,
      ],
      problems: [
        `${dir}/bad.yaml:7: YAML syntax error at column 3: Map keys must be unique. Fix the YAML (other documents and files are still checked).`,
        `${dir}/nested/broken.json:4: JSON syntax error: Expected double-quoted property name in JSON at position 77. Fix the JSON (other files are still checked).`,
        'test/fixtures/validate/does-not-exist.yaml: no such file or directory',
      ],
    });
  });

  test('items of a typed list take the list kind and apiVersion when they omit them', () => {
    const [loaded] = loadManifests([fixture('loader', 'nested', 'object.json')]).manifests;
    assert.equal(loaded.manifest.apiVersion, 'v1');
    assert.equal(loaded.manifest.kind, 'Service');
  });

  test('overlapping paths load each file once; an explicitly named file is read whatever its extension', () => {
    const dir = shown('loader');
    const both = summary([`${dir}/list.yaml`, dir]);
    assert.equal(both.objects.filter((o) => o.includes('ServiceAccount one')).length, 1);
    const txt = summary([`${dir}/nested/notes.txt`]);
    assert.deepEqual(txt.objects, []);
    assert.equal(txt.problems.length, 1);
    assert.match(txt.problems[0], /notes\.txt:1: document 1 is a string .*not a Kubernetes object/);
  });

  test('absolute paths are reported as given', () => {
    const file = fixture('loader', 'list.yaml');
    assert.equal(loadManifests([file]).manifests[0].file, file);
  });

  test('parseManifestText: empty text and comment-only documents give nothing; sequences are problems', () => {
    assert.deepEqual(parseManifestText('', 'a.yaml'), { manifests: [], problems: [] });
    assert.deepEqual(parseManifestText('# nothing\n---\n', 'a.yaml'), { manifests: [], problems: [] });
    assert.deepEqual(parseManifestText('- a\n- b\n', 'a.yaml').problems, [
      {
        file: 'a.yaml',
        line: 1,
        message: 'document 1 is a sequence, not a Kubernetes object (a mapping with apiVersion and kind).',
      },
    ]);
  });

  test('parseManifestText reads YAML like kubectl: octal modes, timestamps stay strings, merge keys', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: c',
      '  annotations:',
      '    when: 2024-01-01',
      'defaults: &d {mode: 0644}',
      'merged:',
      '  <<: *d',
    ].join('\n');
    const [loaded] = parseManifestText(text, 'c.yaml').manifests;
    assert.equal((loaded.manifest.metadata.annotations ?? {}).when, '2024-01-01');
    assert.deepEqual(loaded.manifest.merged, { mode: 420 });
  });

  test('an alias inside its own anchor (a cycle) is a problem, as in kubectl', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: x\n  self: *m\n';
    assert.deepEqual(parseManifestText(text, 'c.yaml'), {
      manifests: [],
      problems: [
        {
          file: 'c.yaml',
          line: 1,
          message:
            'document 1 contains an alias inside its own anchor (a cycle), which kubectl rejects; expand the alias.',
        },
      ],
    });
  });

  test('locateField finds the line of a field, or of its nearest existing parent', () => {
    const text = [
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: s',
      'spec:',
      '  ports:',
      '    - port: 80',
      '      name: http',
    ].join('\n');
    const [loaded] = parseManifestText(text, 's.yaml').manifests;
    assert.deepEqual(locateField(loaded.manifest, ['spec', 'ports', 0, 'name']), { file: 's.yaml', line: 8 });
    assert.deepEqual(locateField(loaded.manifest, ['spec', 'selector']), { file: 's.yaml', line: 5 });
    assert.equal(locateField({ ...loaded.manifest }, ['spec']), undefined);
  });

  test('loads 2,000 objects from one file with one entry each', () => {
    const docs = Array.from(
      { length: 2000 },
      (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`,
    );
    const result = parseManifestText(docs.join('---\n'), 'many.yaml');
    assert.equal(result.manifests.length, 2000);
    assert.equal(result.manifests[1999].line, 1999 * 5 + 1);
    assert.equal(result.manifests[1999].index, 1999);
  });
});
