// Builds the JSON Schema of `CanaryServiceSpec` from lib/core/spec.ts with ts-json-schema-generator.
// Prose defaults (`@default - ...`) describe behaviour, not values: they move to `x-default-description`.
'use strict';
const { join } = require('node:path');
const { createGenerator } = require('ts-json-schema-generator');

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
  schema.title = 'CanaryService spec (canary-kit)';
  return schema;
}

module.exports = { buildSpecSchema };
