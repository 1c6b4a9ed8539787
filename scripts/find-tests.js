// The compiled test files (*.test.js) below a folder, in a stable order; shared by run-tests.js and
// run-e2e.js.
'use strict';
const { readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

/** Every `*.test.js` below `dir`, depth first, names sorted. */
function findTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (entry.endsWith('.test.js')) found.push(path);
  }
  return found;
}

module.exports = { findTests };
