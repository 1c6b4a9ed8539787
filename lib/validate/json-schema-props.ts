import { suggestField } from '../util/suggest';
import { describeValue, jsonType, listWords } from './describe-value';
import type { SchemaIssue } from './finding';
import type { PathSegment } from './json-path';

/**
 * Validation of a CRD's `openAPIV3Schema` as the API server does it. The schema is a recursive
 * `JSONSchemaProps` (Kubernetes `staging/src/k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1/
 * types_jsonschema.go`), which the generic built-in-kind check cannot follow; these are its fields
 * and the static rules of `ValidateCustomResourceDefinitionOpenAPISchema` (same module,
 * `pkg/apis/apiextensions/validation/validation.go`) that need no cluster.
 */

type FieldKind =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'any'
  | 'strings'
  | 'schema'
  | 'schemas'
  | 'schema-map'
  | 'schema-or-array'
  | 'schema-or-bool'
  | 'dependencies'
  | 'external-docs'
  | 'validations';

/** Every field of JSONSchemaProps, by its JSON name, with what its value must be. */
const FIELDS: Readonly<Record<string, FieldKind>> = {
  id: 'string',
  $schema: 'string',
  $ref: 'string',
  description: 'string',
  type: 'string',
  format: 'string',
  title: 'string',
  default: 'any',
  maximum: 'number',
  exclusiveMaximum: 'boolean',
  minimum: 'number',
  exclusiveMinimum: 'boolean',
  maxLength: 'integer',
  minLength: 'integer',
  pattern: 'string',
  maxItems: 'integer',
  minItems: 'integer',
  uniqueItems: 'boolean',
  multipleOf: 'number',
  enum: 'any',
  maxProperties: 'integer',
  minProperties: 'integer',
  required: 'strings',
  items: 'schema-or-array',
  allOf: 'schemas',
  oneOf: 'schemas',
  anyOf: 'schemas',
  not: 'schema',
  properties: 'schema-map',
  additionalProperties: 'schema-or-bool',
  patternProperties: 'schema-map',
  dependencies: 'dependencies',
  additionalItems: 'schema-or-bool',
  definitions: 'schema-map',
  externalDocs: 'external-docs',
  example: 'any',
  nullable: 'boolean',
  'x-kubernetes-preserve-unknown-fields': 'boolean',
  'x-kubernetes-embedded-resource': 'boolean',
  'x-kubernetes-int-or-string': 'boolean',
  'x-kubernetes-list-map-keys': 'strings',
  'x-kubernetes-list-type': 'string',
  'x-kubernetes-map-type': 'string',
  'x-kubernetes-validations': 'validations',
};

const FIELD_NAMES = Object.keys(FIELDS);

/** `validation.go`: `openapiV3Types = sets.NewString("string", "number", "integer", "boolean", "array", "object")`. */
const TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object'];
const LIST_TYPES = ['atomic', 'set', 'map'];
const MAP_TYPES = ['granular', 'atomic'];

/** Fields of a `x-kubernetes-validations` rule (`ValidationRule` in types_jsonschema.go). */
const RULE_FIELDS: Readonly<Record<string, 'string' | 'boolean'>> = {
  rule: 'string',
  message: 'string',
  messageExpression: 'string',
  reason: 'string',
  fieldPath: 'string',
  optionalOldSelf: 'boolean',
};
/** `FieldValueErrorReason` values. */
const RULE_REASONS = [
  'FieldValueRequired',
  'FieldValueDuplicate',
  'FieldValueInvalid',
  'FieldValueForbidden',
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wrongType(path: readonly PathSegment[], expected: string, value: unknown): SchemaIssue {
  return { path, code: 'wrong-type', message: `expected ${expected}, got ${describeValue(value)}` };
}

function unknownField(path: readonly PathSegment[], name: string, known: readonly string[]): SchemaIssue {
  return {
    path: [...path, name],
    code: 'unknown-field',
    message: `unknown field '${name}' (the API server rejects a CRD schema keyword it does not know)${suggestField(name, known)}`,
  };
}

/**
 * Every problem in one `JSONSchemaProps` node and below it. `path` is where the node is in the CRD
 * object (e.g. `spec.versions[0].schema.openAPIV3Schema`).
 */
export function validateJsonSchemaProps(schema: unknown, path: readonly PathSegment[]): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  visitSchema(schema, path, issues);
  return issues;
}

function visitSchema(schema: unknown, path: readonly PathSegment[], issues: SchemaIssue[]): void {
  if (!isRecord(schema)) {
    issues.push(wrongType(path, 'a schema (an object)', schema));
    return;
  }
  for (const [name, value] of Object.entries(schema)) {
    const kind = Object.prototype.hasOwnProperty.call(FIELDS, name) ? FIELDS[name] : undefined;
    if (kind === undefined) issues.push(unknownField(path, name, FIELD_NAMES));
    else visitField(kind, value, [...path, name], issues);
  }
  staticRules(schema, path, issues);
}

function visitField(
  kind: FieldKind,
  value: unknown,
  path: readonly PathSegment[],
  issues: SchemaIssue[],
): void {
  if (value === null && kind !== 'any') return; // Go's decoder reads null as "not set"
  switch (kind) {
    case 'string':
    case 'number':
    case 'boolean':
      if (typeof value !== kind) issues.push(wrongType(path, `a ${kind}`, value));
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value))
        issues.push(wrongType(path, 'an integer', value));
      return;
    case 'any':
      return;
    case 'strings':
      if (!Array.isArray(value)) issues.push(wrongType(path, 'an array of strings', value));
      else
        value.forEach(
          (item, i) => typeof item !== 'string' && issues.push(wrongType([...path, i], 'a string', item)),
        );
      return;
    case 'schema':
      visitSchema(value, path, issues);
      return;
    case 'schemas':
      if (!Array.isArray(value)) issues.push(wrongType(path, 'an array of schemas', value));
      else value.forEach((item, i) => visitSchema(item, [...path, i], issues));
      return;
    case 'schema-map':
      if (!isRecord(value)) issues.push(wrongType(path, 'a map of schemas', value));
      else for (const [key, item] of Object.entries(value)) visitSchema(item, [...path, key], issues);
      return;
    case 'schema-or-array':
      if (Array.isArray(value)) value.forEach((item, i) => visitSchema(item, [...path, i], issues));
      else visitSchema(value, path, issues);
      return;
    case 'schema-or-bool':
      if (typeof value !== 'boolean') visitSchema(value, path, issues);
      return;
    case 'dependencies':
      if (!isRecord(value)) issues.push(wrongType(path, 'a map of schemas or string arrays', value));
      else
        for (const [key, item] of Object.entries(value)) {
          if (Array.isArray(item)) visitField('strings', item, [...path, key], issues);
          else visitSchema(item, [...path, key], issues);
        }
      return;
    case 'external-docs':
      visitRecord(value, path, { description: 'string', url: 'string' }, issues);
      return;
    case 'validations':
      if (!Array.isArray(value)) {
        issues.push(wrongType(path, 'an array of validation rules', value));
        return;
      }
      value.forEach((rule, i) => {
        const at = [...path, i];
        if (!visitRecord(rule, at, RULE_FIELDS, issues)) return;
        if (typeof rule.rule !== 'string' || rule.rule.trim() === '') {
          issues.push({
            path: [...at, 'rule'],
            code: 'missing-field',
            message: 'a validation rule needs a non-empty rule (a CEL expression)',
          });
        }
        if (typeof rule.reason === 'string' && !RULE_REASONS.includes(rule.reason)) {
          issues.push({
            path: [...at, 'reason'],
            code: 'invalid-value',
            message: `reason ${JSON.stringify(rule.reason)} is not one of ${listWords(RULE_REASONS)}`,
          });
        }
      });
      return;
  }
}

/** Checks a small fixed-shape object; false when it is not an object at all. */
function visitRecord(
  value: unknown,
  path: readonly PathSegment[],
  fields: Readonly<Record<string, 'string' | 'boolean'>>,
  issues: SchemaIssue[],
): value is Record<string, unknown> {
  if (!isRecord(value)) {
    issues.push(wrongType(path, 'an object', value));
    return false;
  }
  for (const [name, item] of Object.entries(value)) {
    const kind = Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : undefined;
    if (kind === undefined) issues.push(unknownField(path, name, Object.keys(fields)));
    else if (item !== null && typeof item !== kind)
      issues.push(wrongType([...path, name], `a ${kind}`, item));
  }
  return true;
}

/** The rules of `ValidateCustomResourceDefinitionOpenAPISchema` that hold for one node on its own. */
function staticRules(
  schema: Record<string, unknown>,
  path: readonly PathSegment[],
  issues: SchemaIssue[],
): void {
  const invalid = (field: string, message: string): void => {
    issues.push({ path: [...path, field], code: 'invalid-value', message });
  };
  const { type } = schema;
  if (typeof type === 'string' && type !== '' && type !== 'null' && !TYPES.includes(type)) {
    invalid('type', `type ${JSON.stringify(type)} is not one of ${listWords(TYPES)}`);
  }
  if (schema.uniqueItems === true) {
    invalid(
      'uniqueItems',
      'uniqueItems cannot be true in a CRD (the API server refuses it); use x-kubernetes-list-type: set',
    );
  }
  const additional = schema.additionalProperties;
  if (isRecord(schema.properties) && Object.keys(schema.properties).length > 0) {
    if (additional === false || isRecord(additional)) {
      invalid(
        'additionalProperties',
        'additionalProperties and properties are mutually exclusive in a CRD; keep one',
      );
    }
  }
  if (schema['x-kubernetes-preserve-unknown-fields'] === false) {
    invalid(
      'x-kubernetes-preserve-unknown-fields',
      'x-kubernetes-preserve-unknown-fields must be true or left out (false is forbidden)',
    );
  }
  const listType = schema['x-kubernetes-list-type'];
  if (typeof listType === 'string' && !LIST_TYPES.includes(listType)) {
    invalid(
      'x-kubernetes-list-type',
      `x-kubernetes-list-type ${JSON.stringify(listType)} is not one of ${listWords(LIST_TYPES)}`,
    );
  }
  const mapKeys = schema['x-kubernetes-list-map-keys'];
  if (listType === 'map' && !(Array.isArray(mapKeys) && mapKeys.length > 0)) {
    invalid(
      'x-kubernetes-list-type',
      'x-kubernetes-list-type: map needs x-kubernetes-list-map-keys (the keys that identify an item)',
    );
  }
  if (Array.isArray(mapKeys) && mapKeys.length > 0 && listType !== 'map') {
    invalid('x-kubernetes-list-map-keys', 'x-kubernetes-list-map-keys needs x-kubernetes-list-type: map');
  }
  const mapType = schema['x-kubernetes-map-type'];
  if (typeof mapType === 'string' && !MAP_TYPES.includes(mapType)) {
    invalid(
      'x-kubernetes-map-type',
      `x-kubernetes-map-type ${JSON.stringify(mapType)} is not one of ${listWords(MAP_TYPES)}`,
    );
  }
  if (jsonType(schema.enum) !== 'undefined' && schema.enum !== null && !Array.isArray(schema.enum)) {
    issues.push(wrongType([...path, 'enum'], 'an array of values', schema.enum));
  }
  // `specStandardValidatorV3.validate` in validation.go: JSON Schema keywords a CRD may not use.
  for (const field of UNSUPPORTED) {
    if (schema[field] !== undefined && schema[field] !== null) {
      invalid(field, `${field} is not supported in a CRD schema (the API server refuses the CRD); remove it`);
    }
  }
  if (type === 'null') invalid('type', 'type cannot be null in a CRD schema; use nullable: true');
  if (Array.isArray(schema.items)) {
    invalid('items', 'items must be one schema, not an array of schemas, in a CRD');
  }
}

/** Fields of JSONSchemaProps that `specStandardValidatorV3` forbids. */
const UNSUPPORTED = ['id', 'additionalItems', 'patternProperties', 'definitions', 'dependencies', '$ref'];
