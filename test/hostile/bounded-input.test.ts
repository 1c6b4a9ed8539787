import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadManifests } from '../../lib/manifests/load';
import { cli } from '../support/cli';

// Issue 16.4: directory walks read regular files only, files have a size limit, a large document
// count cannot overflow the stack, the alias-bomb error names its file.

const CLEAN = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'lint', 'clean', 'mesh-checkout.yaml');

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'canary-kit-input-'));
}

function withFifo(): string {
  const dir = scratch();
  mkdirSync(join(dir, 'tree'));
  copyFileSync(CLEAN, join(dir, 'tree', 'mesh-checkout.yaml'));
  execFileSync('mkfifo', [join(dir, 'tree', 'pipe.yaml')]);
  return dir;
}

test('a FIFO named *.yaml in a directory is skipped with a note by validate and lint', async () => {
  const dir = withFifo();
  const validate = await cli(['validate', 'tree'], dir);
  assert.equal(validate.code, 0, validate.stderr);
  assert.match(validate.stderr, /tree\/pipe\.yaml: is a FIFO \(named pipe\), not a regular file: skipped/);
  const lint = await cli(['lint', 'tree'], dir);
  assert.equal(lint.code, 0, lint.stderr);
  assert.match(lint.stderr, /pipe\.yaml: is a FIFO/);
});

test('a FIFO named explicitly is an error, without blocking', async () => {
  const dir = withFifo();
  const run = await cli(['validate', join('tree', 'pipe.yaml')], dir);
  assert.equal(run.code, 2);
  assert.match(
    run.stderr,
    /pipe\.yaml: is a FIFO \(named pipe\), not a regular file; give a file or a directory/,
  );
  const synth = await cli(['synth', join('tree', 'pipe.yaml')], dir);
  assert.equal(synth.code, 2);
});

test('a file larger than the limit is refused at once with the limit and how to raise it', async () => {
  const dir = scratch();
  writeFileSync(join(dir, 'huge.yaml'), Buffer.alloc(65 * 1024 * 1024 + 1, 0x61));
  const started = Date.now();
  const synth = await cli(['synth', 'huge.yaml'], dir);
  assert.equal(synth.code, 2);
  assert.match(
    synth.stderr,
    /is 65 MiB, larger than the limit of 64 MiB; split it, or raise CANARY_KIT_MAX_FILE_MB/,
  );
  const validate = await cli(['validate', 'huge.yaml'], dir);
  assert.equal(validate.code, 2);
  assert.match(validate.stderr, /huge\.yaml: the file is 65 MiB, larger than the limit/);
  assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
});

test('a file of 150,000 documents loads (no call-stack overflow)', () => {
  const dir = scratch();
  const docs: string[] = [];
  for (let i = 0; i < 150_000; i++) docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\n`);
  writeFileSync(join(dir, 'many.yaml'), docs.join('---\n'));
  const loaded = loadManifests(['many.yaml'], dir);
  assert.equal(loaded.problems.length, 0);
  assert.equal(loaded.manifests.length, 150_000);
});

test('the alias-bomb error of a spec names its file', async () => {
  const dir = scratch();
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (const [prev, name] of [
    ['a', 'b'],
    ['b', 'c'],
    ['c', 'd'],
    ['d', 'e'],
    ['e', 'f'],
    ['f', 'g'],
    ['g', 'h'],
  ])
    levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  writeFileSync(join(dir, 'bomb.yaml'), `name: x\n${levels.join('\n')}\n`);
  const run = await cli(['synth', 'bomb.yaml'], dir);
  assert.equal(run.code, 1);
  assert.equal(run.stderr, 'bomb.yaml:1: Excessive alias count indicates a resource exhaustion attack\n');
});

test('lint on no objects exits 2 like validate', async () => {
  const dir = scratch();
  mkdirSync(join(dir, 'empty'));
  const run = await cli(['lint', 'empty'], dir);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /canary-kit lint: no Kubernetes objects found in empty\./);
});
