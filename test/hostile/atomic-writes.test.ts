import assert from 'node:assert/strict';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { parse } from 'yaml';
import { validate } from '../../lib';
import { runGate } from '../../lib/gate/run-gate';
import { writeFileAtomic } from '../../lib/util/atomic-file';
import { FAILING, fakePrometheusFetch, HEALTHY } from '../gate/support/fake-prometheus';
import { commentedSpecFile } from '../gate/support/specs';
import { cli } from '../support/cli';
import { GateWorkerRequest, GateWorkerResult } from './support/gate-worker';

// Issue 16.2: every write is atomic, exclusive and symlink-safe; concurrent gates serialize.

const WORKERS = 20;
const ROUNDS = Number(process.env.CANARY_KIT_CONCURRENCY_ROUNDS ?? 6);

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'canary-kit-writes-'));
}

function gitops(file: string, signals = HEALTHY) {
  return runGate(
    {
      specFile: file,
      prometheusUrl: 'http://prometheus.test:9090',
      apply: 'gitops',
      time: new Date('2026-11-24T18:00:00Z'),
    },
    { fetch: fakePrometheusFetch(signals), env: {} },
  );
}

test(`${WORKERS} concurrent gates x ${ROUNDS} rounds on one spec: valid YAML, one applied decision per round, no lost rollback`, async () => {
  const dir = scratch();
  const file = join(dir, 'checkout.yaml');
  const workers = Array.from(
    { length: WORKERS },
    () => new Worker(join(__dirname, 'support', 'gate-worker.js')),
  );
  const ask = (worker: Worker, request: GateWorkerRequest) =>
    new Promise<GateWorkerResult>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage(request);
    });
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const failing = round % 2 === 1;
      writeFileSync(file, commentedSpecFile('checkout'));
      const barrier = new Int32Array(new SharedArrayBuffer(8));
      barrier[1] = WORKERS;
      const signals = failing ? FAILING : HEALTHY;
      const results = await Promise.all(workers.map((w) => ask(w, { file, signals, barrier })));
      const text = readFileSync(file, 'utf8');
      const spec = parse(text) as { traffic: { stage?: string; canaryWeight?: number; rollback?: unknown } };
      assert.deepEqual(validate(spec), [], `round ${round}: the file is a valid spec`);
      const applied = results.filter((r) => r.status === 'applied');
      assert.equal(applied.length, 1, `round ${round}: ${JSON.stringify(results)}`);
      for (const other of results.filter((r) => r.status !== 'applied')) {
        assert.equal(other.status, 'conflict', `round ${round}: ${JSON.stringify(other)}`);
        assert.equal(other.exitCode, 3, 'a run that wrote nothing exits 3 (hold)');
      }
      if (failing) {
        assert.equal(applied[0].decision, 'rollback');
        assert.equal(applied[0].exitCode, 1);
        assert.equal(spec.traffic.canaryWeight, 0, `round ${round}: the rollback is in the file`);
        assert.ok(spec.traffic.rollback, `round ${round}: the rollback record is in the file`);
      } else {
        assert.equal(applied[0].decision, 'advance');
        assert.equal(spec.traffic.stage, 'half', `round ${round}: advanced by exactly one stage`);
      }
      assert.deepEqual(readdirSync(dir), ['checkout.yaml'], 'no temporary or lock file left behind');
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
});

describe('gate --apply gitops', () => {
  test('a symlinked spec updates its target and stays a link', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'checkout.yaml'), commentedSpecFile('checkout'));
    symlinkSync(join('real', 'checkout.yaml'), join(dir, 'checkout.yaml'));
    const { record } = await gitops(join(dir, 'checkout.yaml'));
    assert.equal(record.apply.status, 'applied');
    assert.ok(lstatSync(join(dir, 'checkout.yaml')).isSymbolicLink());
    assert.match(readFileSync(join(dir, 'real', 'checkout.yaml'), 'utf8'), /stage: half/);
  });

  test('a read-only spec is refused, not rewritten', async () => {
    const dir = scratch();
    const file = join(dir, 'checkout.yaml');
    writeFileSync(file, commentedSpecFile('checkout'));
    chmodSync(file, 0o444);
    const { record, exitCode } = await gitops(file);
    assert.equal(record.apply.status, 'failed');
    assert.match(record.apply.detail, /is read-only \(mode 0444\); nothing written/);
    assert.equal(exitCode, 3);
    assert.equal(readFileSync(file, 'utf8'), commentedSpecFile('checkout'));
  });

  test('a symlink planted at the old temporary name is not written through', async () => {
    const dir = scratch();
    const file = join(dir, 'checkout.yaml');
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    writeFileSync(file, commentedSpecFile('checkout'));
    symlinkSync(victim, `${file}.canary-kit-gate.tmp`);
    const { record } = await gitops(file);
    assert.equal(record.apply.status, 'applied');
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
  });

  test('a file changed between the read and the write is left alone (exit 3, conflict)', async () => {
    const dir = scratch();
    const file = join(dir, 'checkout.yaml');
    writeFileSync(file, commentedSpecFile('checkout'));
    const fetch = fakePrometheusFetch(FAILING);
    const { record, exitCode } = await runGate(
      { specFile: file, prometheusUrl: 'http://prometheus.test:9090', apply: 'gitops' },
      {
        fetch: (async (input: string | URL | Request, init?: RequestInit) => {
          writeFileSync(file, commentedSpecFile('checkout').replace('stage: ten', 'stage: one'));
          return fetch(input, init);
        }) as typeof globalThis.fetch,
        env: {},
      },
    );
    assert.equal(record.apply.status, 'conflict');
    assert.equal(exitCode, 3);
    assert.match(readFileSync(file, 'utf8'), /stage: one/);
  });
});

describe('synth -o', () => {
  const spec = (name: string) =>
    `name: ${name}\nnamespace: shop\nworkload:\n  image: ghcr.io/acme/${name}:1\n`;

  test('a symlink in the output directory is replaced, never written through', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'checkout.yaml'), spec('checkout'));
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'outside.txt'), 'precious\n');
    symlinkSync(join(dir, 'outside.txt'), join(dir, 'out', 'checkout.k8s.yaml'));
    const run = await cli(['synth', 'checkout.yaml', '-o', 'out'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(readFileSync(join(dir, 'outside.txt'), 'utf8'), 'precious\n');
    assert.ok(lstatSync(join(dir, 'out', 'checkout.k8s.yaml')).isFile());
  });

  test('an error on the second output writes neither', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'a.yaml'), spec('alpha'));
    writeFileSync(join(dir, 'b.yaml'), spec('beta'));
    mkdirSync(join(dir, 'out', 'beta.k8s.yaml'), { recursive: true });
    const run = await cli(['synth', 'a.yaml', 'b.yaml', '-o', 'out'], dir);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /beta\.k8s\.yaml is not a regular file; nothing written/);
    assert.deepEqual(readdirSync(join(dir, 'out')), ['beta.k8s.yaml']);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });
});

describe('writeFileAtomic', () => {
  test('keeps the mode of the file it replaces and leaves no temporary file', () => {
    const dir = scratch();
    const file = join(dir, 'f.yaml');
    writeFileSync(file, 'a: 1\n', { mode: 0o640 });
    chmodSync(file, 0o640);
    writeFileAtomic(file, 'a: 2\n');
    assert.equal(readFileSync(file, 'utf8'), 'a: 2\n');
    assert.equal(lstatSync(file).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dir), ['f.yaml']);
  });

  test('replaces a symbolic link by default and follows it on request', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'target.yaml'), 'a: 1\n');
    symlinkSync('target.yaml', join(dir, 'link.yaml'));
    writeFileAtomic(join(dir, 'link.yaml'), 'a: 2\n', { followSymlink: true });
    assert.equal(readlinkSync(join(dir, 'link.yaml')), 'target.yaml');
    assert.equal(readFileSync(join(dir, 'target.yaml'), 'utf8'), 'a: 2\n');
    writeFileAtomic(join(dir, 'link.yaml'), 'a: 3\n');
    assert.ok(lstatSync(join(dir, 'link.yaml')).isFile());
    assert.equal(readFileSync(join(dir, 'target.yaml'), 'utf8'), 'a: 2\n');
  });
});
