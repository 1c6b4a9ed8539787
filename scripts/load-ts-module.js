// Loads the exports of one TypeScript file of the library that has no imports (lib/core/validate/
// ranges.ts, patterns.ts, lib/manifests/quoted-continuations.ts), transpiled on its own, so that the
// generators use the library's code without a build.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const ts = require('typescript');

/** The exports of `<root>/<path>`; throws if the file imports anything. */
function loadTsModule(root, path) {
  const source = readFileSync(join(root, path), 'utf8');
  if (/^\s*import\s/m.test(source)) throw new Error(`${path} has imports; it cannot be loaded on its own`);
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS } });
  const module = { exports: {} };
  new Function('exports', 'module', outputText)(module.exports, module);
  return module.exports;
}

module.exports = { loadTsModule };
