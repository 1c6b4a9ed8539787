#!/usr/bin/env node
// Runs every compiled test file (build/test/**/*.test.js) with Node's built-in test runner.
// Optional arguments filter the files by substring, e.g. `node scripts/run-tests.js lint`.
'use strict';
const { findTests } = require('./find-tests');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const filters = process.argv.slice(2);
const files = findTests(join(__dirname, '..', 'build', 'test')).filter(
  (file) => filters.length === 0 || filters.some((f) => file.includes(f)),
);
if (files.length === 0) {
  console.error('No test files found under build/test (did the build run?)');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
process.exit(result.status === null ? 1 : result.status);
