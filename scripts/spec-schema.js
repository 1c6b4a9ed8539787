// Builds the JSON Schema of `CanaryServiceSpec` from lib/core/spec.ts with ts-json-schema-generator.
// Prose defaults (`@default - ...`) describe behaviour, not values: they move to `x-default-description`.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { createGenerator } = require('ts-json-schema-generator');
const ts = require('typescript');

/** The exports of a lib/core/validate/ file without imports (ranges.ts, patterns.ts), transpiled on its own. */
function loadTable(root, file) {
  const source = readFileSync(join(root, 'lib', 'core', 'validate', file), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS } });
  const module = { exports: {} };
  new Function('exports', 'module', outputText)(module.exports, module);
  return module.exports;
}

/** Writes each pattern into its string field. */
function applyPatterns(schema, patterns) {
  for (const [key, pattern] of Object.entries(patterns)) {
    const [definition, field] = key.split('.');
    const property = schema.definitions?.[definition]?.properties?.[field];
    if (!property || property.type !== 'string') {
      throw new Error(`SPEC_PATTERNS: ${key} is not a string field of the spec (lib/core/spec.ts)`);
    }
    property.pattern = pattern;
  }
}

/** Writes each range into its field: `minimum`, `maximum`, and `multipleOf: 1` for whole numbers. */
function applyRanges(schema, ranges) {
  for (const [key, range] of Object.entries(ranges)) {
    const [definition, field] = key.split('.');
    const property = schema.definitions?.[definition]?.properties?.[field];
    if (!property || property.type !== 'number') {
      throw new Error(`SPEC_RANGES: ${key} is not a number field of the spec (lib/core/spec.ts)`);
    }
    property.minimum = range.min;
    property.maximum = range.max;
    if (range.integer) property.multipleOf = 1;
  }
}

function dropProseDefaults(node) {
  if (Array.isArray(node)) return node.forEach(dropProseDefaults);
  if (node === null || typeof node !== 'object') return;
  if (typeof node.default === 'string' && node.default.startsWith('- ')) {
    node['x-default-description'] = node.default.slice(2);
    delete node.default;
  }
  Object.values(node).forEach(dropProseDefaults);
}

function buildSpecSchema(root) {
  const generator = createGenerator({
    path: join(root, 'lib', 'core', 'spec.ts'),
    tsconfig: join(root, 'tsconfig.json'),
    type: 'CanaryServiceSpec',
    skipTypeCheck: true,
    additionalProperties: false,
  });
  const schema = generator.createSchema('CanaryServiceSpec');
  dropProseDefaults(schema);
  applyRanges(schema, loadTable(root, 'ranges.ts').SPEC_RANGES);
  applyPatterns(schema, loadTable(root, 'patterns.ts').SPEC_PATTERNS);
  schema.title = 'CanaryService spec (canary-kit)';
  return schema;
}

module.exports = { buildSpecSchema };
