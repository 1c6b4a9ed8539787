#!/usr/bin/env node
// Entry point of the `canary-kit` command: runs the compiled CLI with standard output guarded
// (EPIPE ends quietly with the command's exit code; other write errors: one line, exit 2).
const args = process.argv.slice(2);
const guard = require('../build/lib/cli/output-guard.js');
guard.installOutputGuard(args);
require('../build/lib/cli/main.js')
  .runCli(args)
  .then((code) => {
    process.exitCode = guard.exitCodeAfterOutput(code);
  });
