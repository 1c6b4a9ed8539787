import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { collectFiles } from '../../lib/manifests/collect-files';

const root = mkdtempSync(join(tmpdir(), 'canary-kit-collect-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('walks real entries without extra system calls and still follows, dedupes and reports symlinks', () => {
  mkdirSync(join(root, 'sub'));
  mkdirSync(join(root, '.hidden'));
  for (const file of ['a.yaml', 'b.json', 'c.txt', 'sub/d.yml', '.hidden/e.yaml'])
    writeFileSync(join(root, file), '');
  symlinkSync(join(root, 'sub'), join(root, 'link-dir'));
  symlinkSync(join(root, 'a.yaml'), join(root, 'link-file.yaml'));
  symlinkSync(join(root, 'missing.yaml'), join(root, 'dangling.yaml'));
  symlinkSync(join(root, 'missing.txt'), join(root, 'dangling.txt'));
  const real = realpathSync(root);
  const { files, problems } = collectFiles(root, '/', new Set());
  assert.deepEqual(files, [
    { path: join(real, 'a.yaml'), display: join(root, 'a.yaml') },
    { path: join(real, 'b.json'), display: join(root, 'b.json') },
    // `link-dir` sorts before `sub`: the directory is read through the link, then skipped as seen.
    { path: join(real, 'sub', 'd.yml'), display: join(root, 'link-dir', 'd.yml') },
  ]);
  assert.deepEqual(problems, [
    { file: join(root, 'dangling.yaml'), message: 'broken symbolic link (its target does not exist)' },
  ]);
});
