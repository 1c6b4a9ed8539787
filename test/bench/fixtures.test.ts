import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { synthesize } from '../../lib';
import { loadManifests } from '../../lib/manifests/load';
import { writeManifestTree } from '../../bench/fixtures/tree';
import { benchSpecs } from '../../bench/specs';

describe('bench inputs', () => {
  test('benchmark services are valid and distinct in name, namespace and host', () => {
    for (const mode of ['flagger', 'mesh'] as const) {
      const specs = benchSpecs(mode, 3);
      const objects = specs.map((spec) => synthesize(spec));
      assert.equal(new Set(specs.map((s) => s.name)).size, 3);
      assert.equal(new Set(specs.map((s) => s.namespace)).size, 3);
      assert.equal(new Set(specs.map((s) => JSON.stringify(s.service?.hosts))).size, 3);
      assert.ok(objects.every((list) => list.length === objects[0].length && list.length > 5));
    }
  });

  test('the lint/validate tree holds exactly the requested number of objects, all loadable', () => {
    const root = mkdtempSync(join(tmpdir(), 'bench-tree-'));
    try {
      const summary = writeManifestTree(root, 300);
      assert.equal(summary.objects, 300);
      const loaded = loadManifests([root]);
      assert.deepEqual(loaded.problems, []);
      assert.equal(loaded.manifests.length, 300);
      assert.ok(summary.mutated > 0, 'some objects are mutated so that lint and validate report findings');
      const files = new Set(loaded.manifests.map((m) => m.file.slice(m.file.lastIndexOf('.'))));
      assert.deepEqual([...files].sort(), ['.json', '.yaml']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
