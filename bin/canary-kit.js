#!/usr/bin/env node
// Entry point of the `canary-kit` command: runs the compiled CLI.
require('../build/lib/cli/main.js')
  .runCli(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
