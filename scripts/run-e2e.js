#!/usr/bin/env node
// `npm run e2e`: starts the local control plane (building the pinned real components if needed),
// runs every compiled e2e test (build/e2e/tests/**/*.test.js) with Node's test runner, then stops
// the control plane (keep it running with CANARY_KIT_E2E_KEEP=1). Optional arguments filter the
// test files by substring, e.g. `npm run e2e -- rollout`.
'use strict';
const { findTests } = require('./find-tests');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..');
const cluster = join(root, 'build', 'e2e', 'cluster', 'main.js');

function run(args) {
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
  return result.status === null ? 1 : result.status;
}

const filters = process.argv.slice(2);
const files = findTests(join(root, 'build', 'e2e', 'tests')).filter(
  (file) => filters.length === 0 || filters.some((f) => file.includes(f)),
);
if (files.length === 0) {
  console.error('No e2e test files found under build/e2e/tests (did the build run?)');
  process.exit(1);
}
if (run([cluster, 'up']) !== 0) process.exit(1);
let status = 1;
try {
  status = run(['--test', '--test-reporter=spec', '--test-concurrency=4', ...files]);
} finally {
  if (process.env.CANARY_KIT_E2E_KEEP !== '1') run([cluster, 'down']);
}
process.exit(status);
