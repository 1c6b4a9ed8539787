// Builds the JSON Schema of `CanaryServiceSpec` from lib/core/spec.ts with ts-json-schema-generator.
// Prose defaults (`@default - ...`) describe behaviour, not values: they move to `x-default-description`.
'use strict';
const { join } = require('node:path');
const { createGenerator } = require('ts-json-schema-generator');
const { loadTsModule } = require('./load-ts-module');

/** The exports of a lib/core/validate/ file without imports (ranges.ts, patterns.ts). */
function loadTable(root, file) {
  return loadTsModule(root, join('lib', 'core', 'validate', file));
}

/**
 * The schema node a key of SPEC_PATTERNS or SPEC_RANGES names: `Interface.field` (the field),
 * `Interface.field[]` (its items), `Interface.field{}` (its map values), `Interface.field{key}` and
 * `Interface{key}` (the keys of a map). Returns the node and where in it the keywords go.
 */
function locate(schema, table, key) {
  const match = /^([A-Za-z]+)(?:\.([A-Za-z0-9]+))?(\[\]|\{\}|\{key\})?$/.exec(key);
  if (!match)
    throw new Error(
      `${table}: ${key} is not Interface.field, Interface.field[], Interface.field{} or Interface.field{key}`,
    );
  const [, definition, field, part] = match;
  // The generator may share one object between several places (every `Record<string, string>`):
  // copy each node on the way so that a keyword lands in this place only.
  const owner = schema.definitions?.[definition];
  if (!owner || (field !== undefined && !owner.properties?.[field])) {
    throw new Error(`${table}: ${key} is not a field of the spec (lib/core/spec.ts)`);
  }
  let property = owner;
  if (field !== undefined) {
    property = { ...owner.properties[field] };
    owner.properties[field] = property;
  }
  if (part === '[]') {
    if (property.type !== 'array' || !property.items) throw new Error(`${table}: ${key} is not a list`);
    property.items = { ...property.items };
    return property.items;
  }
  if (part === '{}' || part === '{key}') {
    if (property.type !== 'object' || typeof property.additionalProperties !== 'object') {
      throw new Error(`${table}: ${key} is not a map`);
    }
    if (part === '{}') {
      property.additionalProperties = { ...property.additionalProperties };
      return property.additionalProperties;
    }
    property.propertyNames = { ...(property.propertyNames ?? {}) };
    return property.propertyNames;
  }
  return property;
}

/** Writes each string format into its place: `pattern`, and `maxLength` where the format has one. */
function applyPatterns(schema, patterns) {
  for (const [key, format] of Object.entries(patterns)) {
    const node = locate(schema, 'SPEC_PATTERNS', key);
    if (!key.endsWith('{key}') && node.type !== 'string') {
      throw new Error(`SPEC_PATTERNS: ${key} is not a string field of the spec (lib/core/spec.ts)`);
    }
    node.pattern = format.pattern;
    if (format.maxLength !== undefined) node.maxLength = format.maxLength;
  }
}

/**
 * Writes each range into its field: `minimum` (or `exclusiveMinimum`), `maximum`, and
 * `multipleOf: 1` for whole numbers.
 */
function applyRanges(schema, ranges) {
  for (const [key, range] of Object.entries(ranges)) {
    const node = locate(schema, 'SPEC_RANGES', key);
    if (node.type !== 'number') {
      throw new Error(`SPEC_RANGES: ${key} is not a number field of the spec (lib/core/spec.ts)`);
    }
    if (range.exclusiveMin) node.exclusiveMinimum = range.min;
    else node.minimum = range.min;
    node.maximum = range.max;
    if (range.integer) node.multipleOf = 1;
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
