import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadSpecFile, SpecFileError } from '../../lib/spec-file';
import { duplicateJsonKeys } from '../../lib/manifests/json-duplicate-keys';
import { loadManifests } from '../../lib/manifests/load';
import { cli } from '../support/cli';

// Issue 16 item 7: a key written twice in a JSON manifest is an error, as in YAML.

const CONFIG_MAP = `{
  "apiVersion": "v1",
  "kind": "ConfigMap",
  "metadata": { "name": "flags", "namespace": "shop" },
  "data": {
    "mode": "safe",
    "mode": "unsafe"
  }
}
`;

function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'canary-kit-json-')), name);
  writeFileSync(file, text);
  return file;
}

describe('duplicate keys in JSON', () => {
  test('finds each repeated key of one object with both lines, at any depth, keys compared decoded', () => {
    assert.deepEqual(duplicateJsonKeys(CONFIG_MAP), [{ key: 'mode', line: 7, column: 5, firstLine: 6 }]);
    assert.deepEqual(
      duplicateJsonKeys('{"a":1,"\\u0061":2}').map((d) => d.key),
      ['a'],
    );
    assert.deepEqual(
      duplicateJsonKeys('{"__proto__":{},"__proto__":{}}').map((d) => d.key),
      ['__proto__'],
    );
    assert.deepEqual(
      duplicateJsonKeys('{"x":[{"a":[{"b":1,"b":2}]}]}').map((d) => d.key),
      ['b'],
    );
    // Equal keys in different objects, and equal strings as values, are fine.
    assert.deepEqual(duplicateJsonKeys('{"a":{"a":"a"},"b":[{"a":1},{"a":2}],"c":"a"}'), []);
  });

  test('a JSON manifest with a duplicate key is unreadable, with file and line, like YAML', () => {
    const file = tempFile('flags.json', CONFIG_MAP);
    const loaded = loadManifests([file]);
    assert.deepEqual(loaded.manifests, []);
    assert.equal(loaded.problems.length, 1);
    assert.equal(loaded.problems[0].line, 7);
    assert.match(loaded.problems[0].message, /duplicate key "mode" \(first at line 6\)/);
  });

  test('validate and lint exit 2 on it and name the key', async () => {
    const file = tempFile('flags.json', CONFIG_MAP);
    for (const command of ['validate', 'lint']) {
      const run = await cli([command, file]);
      assert.equal(run.code, 2, command);
      assert.match(run.stdout + run.stderr, /flags\.json:7: .*duplicate key "mode"/, command);
    }
  });

  test('a JSON spec file with a duplicate key is refused with its line', () => {
    const file = tempFile(
      'checkout.json',
      '{\n  "name": "checkout",\n  "workload": { "image": "ghcr.io/acme/checkout:1.4.2" },\n  "name": "payments"\n}\n',
    );
    assert.throws(
      () => loadSpecFile(file),
      (error: unknown) =>
        error instanceof SpecFileError &&
        /checkout\.json:4: .*unique/i.test(String((error as Error).message)),
    );
  });
});
