#!/usr/bin/env node
// `npm pack` / `npm publish` (prepack): a clean build of what the package ships, build/lib and
// build/imports, without source maps (their sources are not shipped) and without stale files.
'use strict';
const { rmSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..');
for (const dir of ['lib', 'imports']) rmSync(join(root, 'build', dir), { recursive: true, force: true });
const tsc = require.resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.package.json')], {
  stdio: 'inherit',
});
process.exit(result.status === null ? 1 : result.status);
