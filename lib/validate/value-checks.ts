import type { StructuralSchema } from '../../imports/crd-schemas/types';
import { quote } from './describe-value';
import type { SchemaIssue } from './finding';
import type { PathSegment } from './json-path';
import { matchesPattern } from './re2-patterns';

const MAX_ENUM_LISTED = 20;

// RFC 3339 date-time, with the variants Kubernetes' date-time format also accepts (no seconds, no zone).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Checks the value constraints of a string, number or boolean against its (already type-checked)
 * schema: enum, pattern, length, format, range and multipleOf. Pushes one issue per failed constraint.
 */
export function checkScalar(
  value: unknown,
  schema: StructuralSchema,
  path: PathSegment[],
  issues: SchemaIssue[],
): void {
  const add = (message: string): void => {
    issues.push({ path, message, code: 'invalid-value' });
  };
  if (schema.enum && !schema.enum.some((allowed) => allowed === value)) {
    const allowed = schema.enum.slice(0, MAX_ENUM_LISTED).map((v) => quote(v));
    const more = schema.enum.length > MAX_ENUM_LISTED ? `, ... (${schema.enum.length} in all)` : '';
    add(`${quote(value)} is not an allowed value; use one of: ${allowed.join(', ')}${more}`);
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) {
      add(`${quote(value)} is ${length} characters long; the minimum is ${schema.minLength}`);
    }
    if (schema.maxLength !== undefined && length > schema.maxLength) {
      add(`${quote(value)} is ${length} characters long; the maximum is ${schema.maxLength}`);
    }
    if (schema.pattern !== undefined && !matchesPattern(schema.pattern, value)) {
      add(`${quote(value)} does not match the pattern ${schema.pattern}`);
    }
    if (schema.format === 'date-time' && !DATE_TIME.test(value)) {
      add(`${quote(value)} is not an RFC 3339 date-time (e.g. 2024-01-31T12:00:00Z)`);
    }
    if (schema.format === 'byte' && !BASE64.test(value)) add(`${quote(value)} is not base64-encoded data`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined) {
      if (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum) {
        add(`${value} is below the ${schema.exclusiveMinimum ? 'exclusive ' : ''}minimum ${schema.minimum}`);
      }
    }
    if (schema.maximum !== undefined) {
      if (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum) {
        add(`${value} is above the ${schema.exclusiveMaximum ? 'exclusive ' : ''}maximum ${schema.maximum}`);
      }
    }
    if (schema.multipleOf !== undefined && schema.multipleOf > 0) {
      const quotient = value / schema.multipleOf;
      if (Math.abs(quotient - Math.round(quotient)) > 1e-9)
        add(`${value} is not a multiple of ${schema.multipleOf}`);
    }
  }
}

/**
 * Checks an array's size and uniqueness: minItems, maxItems, uniqueItems and the list types
 * `set` (items unique) and `map` (items unique by `x-kubernetes-list-map-keys`), which the API
 * server enforces as "Duplicate value".
 */
export function checkArray(
  value: readonly unknown[],
  schema: StructuralSchema,
  path: PathSegment[],
  issues: SchemaIssue[],
): void {
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    issues.push({
      path,
      code: 'invalid-value',
      message: `has ${value.length} items; at least ${schema.minItems} required`,
    });
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    issues.push({
      path,
      code: 'invalid-value',
      message: `has ${value.length} items; at most ${schema.maxItems} allowed`,
    });
  }
  const listType = schema['x-kubernetes-list-type'];
  const mapKeys = schema['x-kubernetes-list-map-keys'];
  if (listType === 'map' && mapKeys && mapKeys.length > 0) {
    const first = new Map<string, number>();
    value.forEach((item, index) => {
      if (item === null || typeof item !== 'object') return;
      const key = JSON.stringify(mapKeys.map((k) => (item as Record<string, unknown>)[k] ?? null));
      const earlier = first.get(key);
      if (earlier === undefined) first.set(key, index);
      else {
        const keyText = mapKeys
          .map((k) => `${k}=${quote((item as Record<string, unknown>)[k] ?? null)}`)
          .join(', ');
        issues.push({
          path: [...path, index],
          code: 'invalid-value',
          message: `duplicate entry (${keyText}) also at [${earlier}]; entries of this list must differ in ${mapKeys.join(', ')}`,
        });
      }
    });
  } else if (listType === 'set' || schema.uniqueItems) {
    const first = new Map<string, number>();
    value.forEach((item, index) => {
      const key = stableJson(item);
      const earlier = first.get(key);
      if (earlier === undefined) first.set(key, index);
      else {
        issues.push({
          path: [...path, index],
          code: 'invalid-value',
          message: `duplicate item ${quote(item)} also at [${earlier}]; items of this list must be unique`,
        });
      }
    });
  }
}

/** JSON with object keys sorted, so equal values compare equal whatever their key order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
