import { describeValue, listWords, quote, typeHint } from './describe-value';
import type { SchemaIssue } from './finding';
import { formatPath, segmentsFromPointer } from './json-path';
import { ownValue } from '../util/own';

/** The fields of an Ajv error object that kubernetes-models' validators report. */
export interface AjvError {
  /** JSON Pointer of the failing value, e.g. `/spec/replicas`. */
  readonly instancePath: string;
  /** The failing keyword: `type`, `required`, `enum`, `format`, `oneOf`... */
  readonly keyword: string;
  /** Keyword details, e.g. `{ type: 'integer' }` or `{ missingProperty: 'selector' }`. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Ajv's own message, used when no better one is known. */
  readonly message?: string;
}

/** Examples shown for Kubernetes formats that users get wrong. */
const FORMAT_HINTS: Readonly<Record<string, string>> = {
  quantity: 'a quantity such as 500m, 2, 1.5Gi or 512Mi',
  'int-or-string': 'an integer or a string',
  'date-time': 'an RFC 3339 date-time such as 2024-01-31T12:00:00Z',
  byte: 'base64-encoded data',
};

/**
 * Turns the Ajv errors of a kubernetes-models validator into issues with paths and plain messages.
 * Errors of the alternatives of a `oneOf`/`anyOf` (IntOrString, Quantity) are merged into one.
 * Type errors on `null` values are dropped: Kubernetes decodes `null` as "not set" for built-in kinds.
 */
export function ajvErrorsToIssues(errors: readonly AjvError[], object: unknown): SchemaIssue[] {
  const byPath = new Map<string, AjvError[]>();
  for (const error of errors) {
    const group = byPath.get(error.instancePath) ?? [];
    group.push(error);
    byPath.set(error.instancePath, group);
  }
  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  for (const [pointer, group] of byPath) {
    const path = segmentsFromPointer(pointer, object);
    const value = valueAt(object, path);
    const combined = group.some((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
    if (combined) {
      if (value === null) continue;
      issues.push({ path, code: 'wrong-type', message: describeAlternatives(group, value) });
      continue;
    }
    for (const error of group) {
      const issue = toIssue(error, path, value);
      if (!issue) continue;
      const key = `${formatPath(issue.path)}\n${issue.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

function toIssue(error: AjvError, path: SchemaIssue['path'], value: unknown): SchemaIssue | undefined {
  const { keyword, params } = error;
  switch (keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      return {
        path: [...path, missing],
        code: 'missing-field',
        message: `missing required field '${missing}'`,
      };
    }
    case 'type': {
      if (value === null) return undefined;
      const expected = String(params.type).split(',');
      const words = listWords(expected.map((t) => `${/^[aeiou]/.test(t) ? 'an' : 'a'} ${t}`));
      return {
        path,
        code: 'wrong-type',
        message: `expected ${words}, got ${describeValue(value)}${typeHint(expected, value)}`,
      };
    }
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues)
        ? params.allowedValues.map((v) => quote(v)).join(', ')
        : '';
      return {
        path,
        code: 'invalid-value',
        message: `${quote(value)} is not an allowed value; use one of: ${allowed}`,
      };
    }
    case 'format': {
      const format = String(params.format);
      const hint = ownValue(FORMAT_HINTS, format) ?? `format '${format}'`;
      return { path, code: 'invalid-value', message: `${quote(value)} is not ${hint}` };
    }
    default:
      return { path, code: 'invalid-value', message: `${describeValue(value)}: ${error.message ?? keyword}` };
  }
}

/** One message for a failed oneOf/anyOf: the union of the alternatives' types and formats. */
function describeAlternatives(group: readonly AjvError[], value: unknown): string {
  const formats = group.filter((e) => e.keyword === 'format').map((e) => String(e.params.format));
  const known = formats.find((f) => ownValue(FORMAT_HINTS, f));
  if (known) return `expected ${ownValue(FORMAT_HINTS, known) ?? known}, got ${describeValue(value)}`;
  const types = [...new Set(group.filter((e) => e.keyword === 'type').map((e) => String(e.params.type)))];
  if (types.length > 0) {
    return `expected ${listWords(types.map((t) => `${/^[aeiou]/.test(t) ? 'an' : 'a'} ${t}`))}, got ${describeValue(value)}${typeHint(types, value)}`;
  }
  return `${describeValue(value)} matches none of the allowed forms`;
}

function valueAt(object: unknown, path: SchemaIssue['path']): unknown {
  let node = object;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}
