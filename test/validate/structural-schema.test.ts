import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StructuralSchema } from '../../imports/crd-schemas';
import { validateCustomResource } from '../../lib/validate/structural-schema';

const ROOT = { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'x' } };

function check(
  spec: unknown,
  specSchema: StructuralSchema,
): { path: string; code: string; message: string; severity?: string }[] {
  const schema: StructuralSchema = { type: 'object', properties: { spec: specSchema } };
  return validateCustomResource({ ...ROOT, spec }, schema).map((issue) => ({
    path: issue.path.join('.'),
    code: issue.code,
    message: issue.message,
    ...(issue.severity ? { severity: issue.severity } : {}),
  }));
}

describe('structural schema validation', () => {
  test('apiVersion, kind and metadata are known at the root even when the schema omits them', () => {
    const schema: StructuralSchema = { type: 'object', properties: { spec: { type: 'object' } } };
    assert.deepEqual(validateCustomResource({ ...ROOT, spec: {}, extra: 1 }, schema), [
      {
        path: ['extra'],
        code: 'unknown-field',
        message:
          "unknown field 'extra' (the API server would prune it silently); known fields here: apiVersion, kind, metadata, spec",
      },
    ]);
  });

  test('an object with no declared fields prunes everything, unless it preserves unknown fields', () => {
    assert.deepEqual(check({ a: 1 }, { type: 'object' }), [
      {
        path: 'spec.a',
        code: 'unknown-field',
        message: "unknown field 'a' (the API server would prune it silently); this object declares no fields",
      },
    ]);
    assert.deepEqual(check({ a: 1 }, { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }), []);
  });

  test('preserve-unknown-fields still checks declared fields', () => {
    const schema: StructuralSchema = {
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
      properties: { n: { type: 'integer' } },
    };
    assert.deepEqual(check({ n: 'x', other: true }, schema), [
      { path: 'spec.n', code: 'wrong-type', message: 'expected an integer, got string "x"' },
    ]);
  });

  test('additionalProperties validates map values and allows any key', () => {
    const schema: StructuralSchema = { type: 'object', additionalProperties: { type: 'string' } };
    assert.deepEqual(check({ a: 'ok', b: 2 }, schema), [
      {
        path: 'spec.b',
        code: 'wrong-type',
        message:
          'expected a string, got integer 2 (quote it: "2"; YAML reads unquoted yes/no/on/off/true and numbers as non-strings)',
      },
    ]);
  });

  test('x-kubernetes-int-or-string accepts integers and strings only', () => {
    const schema: StructuralSchema = {
      type: 'object',
      properties: { port: { 'x-kubernetes-int-or-string': true } },
    };
    assert.deepEqual(check({ port: 80 }, schema), []);
    assert.deepEqual(check({ port: 'http' }, schema), []);
    assert.deepEqual(check({ port: 1.5 }, schema), [
      { path: 'spec.port', code: 'wrong-type', message: 'expected integer or string, got number 1.5' },
    ]);
  });

  test('null is dropped (warning) unless nullable; a null required field is missing', () => {
    const schema: StructuralSchema = {
      type: 'object',
      required: ['must'],
      properties: {
        must: { type: 'string' },
        opt: { type: 'string' },
        ok: { type: 'string', nullable: true },
      },
    };
    assert.deepEqual(check({ must: null, opt: null, ok: null }, schema), [
      {
        path: 'spec.must',
        code: 'missing-field',
        message: "required field 'must' is null, and the API server drops null values; set a value",
      },
      {
        path: 'spec.opt',
        code: 'null-value',
        message:
          'is null, and the API server drops null values here (the field is not nullable); remove it or set a value',
        severity: 'warning',
      },
    ]);
  });

  test('patterns use RE2 syntax, as the API server does', () => {
    // Argo Rollouts' pattern: (?i) is RE2 syntax that JavaScript RegExp rejects.
    const schema: StructuralSchema = {
      type: 'object',
      properties: { mode: { type: 'string', pattern: '^(?i)(abort|warn)?$' } },
    };
    assert.deepEqual(check({ mode: 'ABORT' }, schema), []);
    assert.deepEqual(check({ mode: 'explode' }, schema), [
      {
        path: 'spec.mode',
        code: 'invalid-value',
        message: '"explode" does not match the pattern ^(?i)(abort|warn)?$',
      },
    ]);
  });

  test('enum, range and length constraints', () => {
    const schema: StructuralSchema = {
      type: 'object',
      properties: {
        mode: { type: 'string', enum: ['A', 'B'] },
        pct: { type: 'integer', minimum: 0, maximum: 100 },
        name: { type: 'string', maxLength: 3 },
      },
    };
    assert.deepEqual(check({ mode: 'C', pct: 101, name: 'abcd' }, schema), [
      {
        path: 'spec.mode',
        code: 'invalid-value',
        message: '"C" is not an allowed value; use one of: "A", "B"',
      },
      { path: 'spec.pct', code: 'invalid-value', message: '101 is above the maximum 100' },
      { path: 'spec.name', code: 'invalid-value', message: '"abcd" is 4 characters long; the maximum is 3' },
    ]);
  });

  test('list-type map rejects duplicate keys and list-type set duplicate items', () => {
    const schema: StructuralSchema = {
      type: 'object',
      properties: {
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', properties: { name: { type: 'string' } } },
        },
        hosts: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
      },
    };
    assert.deepEqual(check({ ports: [{ name: 'a' }, { name: 'a' }], hosts: ['x', 'y', 'x'] }, schema), [
      {
        path: 'spec.ports.1',
        code: 'invalid-value',
        message: 'duplicate entry (name="a") also at [0]; entries of this list must differ in name',
      },
      {
        path: 'spec.hosts.2',
        code: 'invalid-value',
        message: 'duplicate item "x" also at [0]; items of this list must be unique',
      },
    ]);
  });

  test("Istio's 'at most one of' oneOf names the fields that clash and allows none", () => {
    const schema: StructuralSchema = {
      type: 'object',
      properties: { exact: { type: 'string' }, prefix: { type: 'string' }, regex: { type: 'string' } },
      oneOf: [
        { not: { anyOf: [{ required: ['exact'] }, { required: ['prefix'] }, { required: ['regex'] }] } },
        { required: ['exact'] },
        { required: ['prefix'] },
        { required: ['regex'] },
      ],
    };
    assert.deepEqual(check({}, schema), []);
    assert.deepEqual(check({ prefix: '/' }, schema), []);
    assert.deepEqual(check({ exact: '/a', regex: '.*' }, schema), [
      {
        path: 'spec',
        code: 'invalid-value',
        message: "'exact' and 'regex' cannot be set together; set only one of 'exact', 'prefix' or 'regex'",
      },
    ]);
  });

  test('unknown fields inside oneOf branches are not reported (branches only validate values)', () => {
    const schema: StructuralSchema = {
      type: 'object',
      properties: { a: { type: 'string' } },
      anyOf: [{ required: ['a'] }, { properties: { a: { type: 'string', minLength: 1 } } }],
    };
    assert.deepEqual(check({ a: 'x' }, schema), []);
  });

  test('embedded resources know apiVersion, kind and metadata', () => {
    const schema: StructuralSchema = {
      type: 'object',
      properties: {
        template: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      },
    };
    assert.deepEqual(
      check({ template: { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { x: 1 } } }, schema),
      [],
    );
  });
});
