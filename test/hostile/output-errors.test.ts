import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

// Issue 16.5 and 11.16: EPIPE ends quietly with the command's own exit code; other write errors
// print one line and exit 2 (the gate keeps the exit code of what it applied). No stack trace.

const BIN = join(__dirname, '..', '..', '..', 'bin', 'canary-kit.js');

/** A directory with 800 ConfigMaps that each have an unknown field: lots of output. */
function manyFindings(): string {
  const dir = mkdtempSync(join(tmpdir(), 'canary-kit-pipe-'));
  const docs = Array.from(
    { length: 800 },
    (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}, namespace: x}\nbogus: ${i}\n`,
  );
  writeFileSync(join(dir, 'bad.yaml'), docs.join('---\n'));
  return dir;
}

/** Runs the bin with standard output piped, closes the pipe after the first chunk (like `head -1`). */
function firstChunkThenClose(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

const STACK = /\n\s+at |node:events|Unhandled/;

test("validate | head -1 exits quietly with validate's exit code (1: errors found)", async () => {
  const { code, stderr } = await firstChunkThenClose(['validate', 'bad.yaml'], manyFindings());
  assert.equal(code, 1);
  assert.doesNotMatch(stderr, STACK);
  assert.doesNotMatch(stderr, /EPIPE/);
});

/** 400 VirtualServices whose weights sum to 110: one lint error each, an 800 KB JSON report. */
function manyLintFindings(): string {
  const dir = mkdtempSync(join(tmpdir(), 'canary-kit-pipe-'));
  const docs = Array.from(
    { length: 400 },
    (_, i) =>
      `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: vs${i}, namespace: shop}\nspec:\n  hosts: [cart${i}]\n  http:\n    - route:\n        - destination: {host: cart${i}, subset: v1}\n          weight: 90\n        - destination: {host: cart${i}, subset: v2}\n          weight: 20\n`,
  );
  writeFileSync(join(dir, 'vs.yaml'), docs.join('---\n'));
  return dir;
}

test("lint --format json | head exits quietly with lint's exit code (1: errors found)", async () => {
  const { code, stderr } = await firstChunkThenClose(
    ['lint', 'vs.yaml', '--format', 'json'],
    manyLintFindings(),
  );
  assert.equal(code, 1);
  assert.doesNotMatch(stderr, STACK);
});

const devFull = existsSync('/dev/full');

test(
  'a write error on standard output (/dev/full): one line on stderr, exit 2',
  { skip: !devFull && 'no /dev/full' },
  () => {
    const run = spawnSync(process.execPath, [BIN, 'validate', 'bad.yaml'], {
      cwd: manyFindings(),
      stdio: ['ignore', openSync('/dev/full', 'w'), 'pipe'],
    });
    assert.equal(run.status, 2);
    const stderr = run.stderr.toString();
    assert.equal(stderr, 'canary-kit: cannot write to standard output (ENOSPC); the output is incomplete\n');
  },
);

test(
  'gate with standard output on /dev/full keeps the exit code of what it applied',
  { skip: !devFull && 'no /dev/full' },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'canary-kit-pipe-'));
    writeFileSync(
      join(dir, 'checkout.yaml'),
      'name: checkout\nnamespace: shop\nmode: mesh\nworkload: {image: "a:1", canaryImage: "a:2"}\ntraffic: {canaryWeight: 5}\n',
    );
    // Nothing listens on port 9 (discard): the query fails, the gate holds (exit 3), nothing written.
    const run = spawnSync(
      process.execPath,
      [BIN, 'gate', '--spec', 'checkout.yaml', '--prometheus', 'http://127.0.0.1:9', '--timeout', '2s'],
      {
        cwd: dir,
        stdio: ['ignore', openSync('/dev/full', 'w'), 'pipe'],
      },
    );
    assert.equal(run.status, 3);
    assert.match(run.stderr.toString(), /cannot write to standard output \(ENOSPC\)/);
    assert.doesNotMatch(run.stderr.toString(), STACK);
  },
);
