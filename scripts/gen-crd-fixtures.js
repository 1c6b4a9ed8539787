#!/usr/bin/env node
// Copies the upstream CRD YAML of ../shared/crds (see its SOURCES.md) into test/fixtures/upstream-crds/,
// byte for byte, so that tests can run `validate` and `lint` on real CRD files (Istio's, Flagger's,
// prometheus-operator's, Argo Rollouts') without reading ../shared at run time. Each file is checked
// against the hash SOURCES.md records before it is copied; SOURCES.md is copied too (attribution:
// every file is Apache-2.0 licensed upstream).
//
// Run by `npm run gen:crd-fixtures` (called by `npm run gen`); the output is committed. Deterministic:
// running it twice writes the same bytes, and it removes files it no longer copies.
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');

const root = join(__dirname, '..');
const crdRoot = join(root, '..', 'shared', 'crds');
const outDir = join(root, 'test', 'fixtures', 'upstream-crds');

function fail(message) {
  console.error(`gen-crd-fixtures: ${message}`);
  process.exit(1);
}

/** The rows of SOURCES.md's table: file -> { kind: 'blob' | 'sha256', value }. */
function readHashes() {
  const hashes = new Map();
  for (const line of readFileSync(join(crdRoot, 'SOURCES.md'), 'utf8').split('\n')) {
    if (!line.startsWith('| `')) continue;
    const file = /^\| `([^`]+)`/.exec(line)[1];
    const hash = /(blob|sha256) `([0-9a-f]+)`/.exec(line);
    if (!hash) fail(`SOURCES.md: no hash for ${file}`);
    hashes.set(file, { kind: hash[1], value: hash[2] });
  }
  return hashes;
}

/** A git blob id, or the sha256 of the file (or of `"---\n" + file`, for Istio's cut documents). */
function matches(bytes, hash) {
  if (hash.kind === 'blob') {
    return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex') === hash.value;
  }
  const plain = createHash('sha256').update(bytes).digest('hex');
  const cut = createHash('sha256')
    .update(Buffer.concat([Buffer.from('---\n'), bytes]))
    .digest('hex');
  return plain === hash.value || cut === hash.value;
}

function main() {
  if (!existsSync(crdRoot))
    fail(`no CRDs at ${crdRoot} (this script needs the shared/ folder beside the repo)`);
  const hashes = readHashes();
  const written = new Map([['SOURCES.md', readFileSync(join(crdRoot, 'SOURCES.md'))]]);
  for (const [file, hash] of [...hashes].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const bytes = readFileSync(join(crdRoot, file));
    if (!matches(bytes, hash)) fail(`${file} does not match the ${hash.kind} in SOURCES.md`);
    written.set(file, bytes);
  }
  if (existsSync(outDir)) rmSync(outDir, { recursive: true });
  for (const [file, bytes] of written) {
    mkdirSync(dirname(join(outDir, file)), { recursive: true });
    writeFileSync(join(outDir, file), bytes);
  }
  console.log(`copied ${written.size} files to ${relative(root, outDir)}/`);
}

main();
