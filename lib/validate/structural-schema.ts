import type { SchemaType, StructuralSchema } from '../../imports/crd-schemas/types';
import { describeAnyOfFailure, describeNotFailure, describeOneOfFailure } from './combinators';
import { describeValue, typeHint } from './describe-value';
import type { SchemaIssue } from './finding';
import type { PathSegment } from './json-path';
import { suggestField } from '../util/suggest';
import { checkArray, checkScalar } from './value-checks';

/** The message every unknown field gets, before the suggestion. */
export const UNKNOWN_FIELD_MESSAGE = 'the API server would prune it silently';

/** Fields every Kubernetes object has whether or not its schema declares them. */
const OBJECT_ROOT_FIELDS: readonly string[] = ['apiVersion', 'kind', 'metadata'];

interface Mode {
  /**
   * True on the structural part of the schema, where undeclared fields are pruned and nulls dropped.
   * False inside allOf/anyOf/oneOf/not, which in a structural schema only add value validations.
   */
  readonly structural: boolean;
}

const STRUCTURAL: Mode = { structural: true };
const VALUE_ONLY: Mode = { structural: false };

/**
 * Validates a custom resource against its CRD's structural openAPIV3Schema the way the API server
 * does, and reports every undeclared field (which the API server prunes silently) as an error.
 * `apiVersion`, `kind` and `metadata` are always known at the root; `metadata` is not checked here
 * (see object-meta.ts). Returns the issues in document order.
 *
 * Kubernetes extensions: `x-kubernetes-int-or-string` accepts an integer or a string;
 * `x-kubernetes-preserve-unknown-fields` keeps undeclared fields (no unknown-field errors below it,
 * declared fields are still checked); `x-kubernetes-embedded-resource` adds apiVersion/kind/metadata;
 * `nullable: false` (the default) makes the API server drop a `null` field, reported as a warning
 * (or as a missing field when it is required); `x-kubernetes-list-type: set|map` rejects duplicates.
 * `x-kubernetes-validations` (CEL rules) are NOT evaluated: canary-kit has no CEL interpreter, so
 * rules such as Istio's cross-field checks are left to the API server. Formats other than
 * `date-time` and `byte` are not checked (the API server ignores `int32`, `int64`, `double`, `string`).
 */
export function validateCustomResource(
  object: Readonly<Record<string, unknown>>,
  schema: StructuralSchema,
): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  validateObject(object, schema, [], issues, STRUCTURAL, OBJECT_ROOT_FIELDS, true);
  return issues;
}

function validateNode(
  value: unknown,
  schema: StructuralSchema,
  path: PathSegment[],
  issues: SchemaIssue[],
  mode: Mode,
): void {
  if (value === null && schema.nullable) return;
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  if (intOrString) {
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))) {
      issues.push({
        path,
        code: 'wrong-type',
        message: `expected integer or string, got ${describeValue(value)}${typeHint(['integer', 'string'], value)}`,
      });
      return;
    }
  } else if (schema.type !== undefined && !hasType(value, schema.type)) {
    issues.push({
      path,
      code: 'wrong-type',
      message: `expected ${article(schema.type)}, got ${describeValue(value)}${typeHint([schema.type], value)}`,
    });
    return;
  }
  if (Array.isArray(value)) {
    checkArray(value, schema, path, issues);
    if (schema.items) {
      const items = schema.items;
      value.forEach((item, index) => validateNode(item, items, [...path, index], issues, mode));
    }
  } else if (value !== null && typeof value === 'object') {
    const embedded = schema['x-kubernetes-embedded-resource'] === true;
    validateObject(
      value as Record<string, unknown>,
      schema,
      path,
      issues,
      mode,
      embedded ? OBJECT_ROOT_FIELDS : [],
      false,
    );
  } else {
    checkScalar(value, schema, path, issues);
  }
  validateCombinators(value, schema, path, issues);
}

function validateObject(
  object: Readonly<Record<string, unknown>>,
  schema: StructuralSchema,
  path: PathSegment[],
  issues: SchemaIssue[],
  mode: Mode,
  implicitFields: readonly string[],
  isRoot: boolean,
): void {
  const properties = schema.properties ?? {};
  for (const name of schema.required ?? []) {
    const present = object[name];
    const droppedNull = present === null && !properties[name]?.nullable;
    if (present === undefined || droppedNull) {
      issues.push({
        path: [...path, name],
        code: 'missing-field',
        message: droppedNull
          ? `required field '${name}' is null, and the API server drops null values; set a value`
          : `missing required field '${name}'`,
      });
    }
  }
  const count = Object.keys(object).length;
  if (schema.minProperties !== undefined && count < schema.minProperties) {
    issues.push({
      path,
      code: 'invalid-value',
      message: `has ${count} fields; at least ${schema.minProperties} required`,
    });
  }
  if (schema.maxProperties !== undefined && count > schema.maxProperties) {
    issues.push({
      path,
      code: 'invalid-value',
      message: `has ${count} fields; at most ${schema.maxProperties} allowed`,
    });
  }
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const additional = schema.additionalProperties;
  for (const [name, value] of Object.entries(object)) {
    if (value === undefined) continue;
    const fieldPath = [...path, name];
    if (isRoot && name === 'metadata') continue;
    const declared = Object.prototype.hasOwnProperty.call(properties, name) ? properties[name] : undefined;
    const fieldSchema = declared ?? (typeof additional === 'object' ? additional : undefined);
    if (fieldSchema) {
      if (value === null && !fieldSchema.nullable) {
        const required = schema.required?.includes(name) ?? false;
        if (mode.structural && !required) {
          issues.push({
            path: fieldPath,
            code: 'null-value',
            severity: 'warning',
            message: `is null, and the API server drops null values here (the field is not nullable); remove it or set a value`,
          });
        }
        continue;
      }
      validateNode(value, fieldSchema, fieldPath, issues, mode);
      continue;
    }
    if (implicitFields.includes(name)) {
      if ((name === 'apiVersion' || name === 'kind') && typeof value !== 'string') {
        issues.push({
          path: fieldPath,
          code: 'wrong-type',
          message: `expected a string, got ${describeValue(value)}`,
        });
      }
      continue;
    }
    if (!mode.structural || preserve || additional === true) continue;
    const known = [...Object.keys(properties), ...implicitFields];
    issues.push({
      path: fieldPath,
      code: 'unknown-field',
      message: `unknown field '${name}' (${UNKNOWN_FIELD_MESSAGE})${suggestField(name, known)}`,
    });
  }
  if (!isRoot) return;
  validateCombinators(object, schema, path, issues);
}

/** allOf/anyOf/oneOf/not: value validations only, evaluated without unknown-field reporting. */
function validateCombinators(
  value: unknown,
  schema: StructuralSchema,
  path: PathSegment[],
  issues: SchemaIssue[],
): void {
  for (const branch of schema.allOf ?? []) validateNode(value, branch, path, issues, VALUE_ONLY);
  if (schema.anyOf && !schema.anyOf.some((branch) => matches(value, branch))) {
    issues.push({ path, code: 'invalid-value', message: describeAnyOfFailure(value, schema.anyOf) });
  }
  if (schema.oneOf) {
    const matched = schema.oneOf.filter((branch) => matches(value, branch)).length;
    if (matched !== 1)
      issues.push({
        path,
        code: 'invalid-value',
        message: describeOneOfFailure(value, schema.oneOf, matched),
      });
  }
  if (schema.not && matches(value, schema.not)) {
    issues.push({ path, code: 'invalid-value', message: describeNotFailure(value, schema.not) });
  }
}

function matches(value: unknown, branch: StructuralSchema): boolean {
  const scratch: SchemaIssue[] = [];
  validateNode(value, branch, [], scratch, VALUE_ONLY);
  return scratch.length === 0;
}

function hasType(value: unknown, type: SchemaType): boolean {
  switch (type) {
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
  }
}

function article(type: string): string {
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}
