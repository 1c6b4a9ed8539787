import type { SchemaIssue } from './finding';
import { validateJsonSchemaProps } from './json-schema-props';

/** Whether an object is an `apiextensions.k8s.io/v1` CustomResourceDefinition. */
export function isCrdDefinition(apiVersion: string, kind: string): boolean {
  return apiVersion === 'apiextensions.k8s.io/v1' && kind === 'CustomResourceDefinition';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Splits a CRD for validation: `object` with every `spec.versions[i].schema.openAPIV3Schema` replaced
 * by `{}` (for the built-in kind check, which cannot follow the recursive JSONSchemaProps and would
 * call `description` or `x-kubernetes-validations` unknown), and the issues of each schema, checked
 * as the API server checks a JSONSchemaProps (`validateJsonSchemaProps`). The input is not modified.
 */
export function splitCrdSchemas(object: Record<string, unknown>): {
  object: Record<string, unknown>;
  issues: SchemaIssue[];
} {
  const spec = object.spec;
  if (!isRecord(spec) || !Array.isArray(spec.versions)) return { object, issues: [] };
  const issues: SchemaIssue[] = [];
  const versions = spec.versions.map((version: unknown, i: number) => {
    if (!isRecord(version) || !isRecord(version.schema) || version.schema.openAPIV3Schema === undefined) {
      return version;
    }
    const schema = version.schema.openAPIV3Schema;
    if (schema !== null) {
      issues.push(...validateJsonSchemaProps(schema, ['spec', 'versions', i, 'schema', 'openAPIV3Schema']));
    }
    return { ...version, schema: { ...version.schema, openAPIV3Schema: {} } };
  });
  return { object: { ...object, spec: { ...spec, versions } }, issues };
}
