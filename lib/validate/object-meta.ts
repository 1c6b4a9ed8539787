import { describeValue, quote } from './describe-value';
import type { SchemaIssue } from './finding';

import {
  DNS1035_LABEL,
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
  LABEL_VALUE,
  QUALIFIED_NAME,
} from '../util/k8s-names';
import { ownValue } from '../util/own';
import { appendAll } from '../util/append';

/** How the API server validates `metadata.name` for a kind. */
type NameRule = 'dns1123-subdomain' | 'dns1123-label' | 'dns1035-label' | 'path-segment';

/**
 * Name rules that differ from the default (DNS-1123 subdomain), per the Kubernetes API validation:
 * Services are DNS-1035 labels (they become DNS names and env var prefixes), Namespaces DNS-1123
 * labels, RBAC objects only have to be valid path segments (so `system:metrics-reader` is allowed).
 */
const NAME_RULES: Readonly<Record<string, NameRule>> = {
  Service: 'dns1035-label',
  Namespace: 'dns1123-label',
  Role: 'path-segment',
  ClusterRole: 'path-segment',
  RoleBinding: 'path-segment',
  ClusterRoleBinding: 'path-segment',
};

/** Kinds whose names are shorter than DNS subdomains because controllers append suffixes. */
const MAX_NAME_LENGTH: Readonly<Record<string, number>> = {
  // The CronJob controller appends an 11-character suffix to Job names, which must fit in 63.
  CronJob: 52,
};

/**
 * Checks what the API server checks in every object's metadata: a name is present and valid for
 * the kind, the namespace is a DNS-1123 label, and label/annotation keys and label values are valid.
 */
export function validateMetadata(kind: string, metadata: unknown): SchemaIssue[] {
  if (metadata === undefined || metadata === null) {
    return [{ path: ['metadata'], code: 'invalid-name', message: `missing metadata; add metadata.name` }];
  }
  if (typeof metadata !== 'object' || Array.isArray(metadata)) {
    return [
      {
        path: ['metadata'],
        code: 'wrong-type',
        message: `expected an object, got ${describeValue(metadata)}`,
      },
    ];
  }
  const meta = metadata as Record<string, unknown>;
  const issues: SchemaIssue[] = [];
  const { name, generateName, namespace } = meta;
  if (name === undefined || name === null || name === '') {
    if (typeof generateName !== 'string' || generateName === '') {
      issues.push({
        path: ['metadata', 'name'],
        code: 'invalid-name',
        message: `missing required field 'name'`,
      });
    }
  } else if (typeof name !== 'string') {
    issues.push({
      path: ['metadata', 'name'],
      code: 'wrong-type',
      message: `expected a string, got ${describeValue(name)}`,
    });
  } else {
    const problem = nameProblem(kind, name);
    if (problem) issues.push({ path: ['metadata', 'name'], code: 'invalid-name', message: problem });
  }
  if (typeof namespace === 'string' && namespace !== '') {
    const problem = dnsProblem(namespace, 'dns1123-label', 63);
    if (problem) {
      issues.push({ path: ['metadata', 'namespace'], code: 'invalid-name', message: `namespace ${problem}` });
    }
  }
  appendAll(issues, checkLabels(meta.labels));
  appendAll(issues, checkAnnotations(meta.annotations));
  return issues;
}

function nameProblem(kind: string, name: string): string | undefined {
  const rule = ownValue(NAME_RULES, kind) ?? 'dns1123-subdomain';
  if (rule === 'path-segment') {
    if (name === '.' || name === '..') return `${quote(name)} may not be '.' or '..'`;
    if (/[/%]/.test(name)) return `${quote(name)} may not contain '/' or '%'`;
    return undefined;
  }
  const maxLength = ownValue(MAX_NAME_LENGTH, kind) ?? (rule === 'dns1123-subdomain' ? 253 : 63);
  const problem = dnsProblem(name, rule, maxLength);
  return problem ? `name ${problem}` : undefined;
}

function dnsProblem(
  name: string,
  rule: Exclude<NameRule, 'path-segment'>,
  maxLength: number,
): string | undefined {
  if (name.length > maxLength)
    return `${quote(name)} is ${name.length} characters long; the maximum is ${maxLength}`;
  if (rule === 'dns1123-subdomain' && !DNS1123_SUBDOMAIN.test(name)) {
    return `${quote(name)} is not a DNS-1123 subdomain: use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit`;
  }
  if (rule === 'dns1123-label' && !DNS1123_LABEL.test(name)) {
    return `${quote(name)} is not a DNS-1123 label: use lowercase letters, digits and '-', starting and ending with a letter or digit`;
  }
  if (rule === 'dns1035-label' && !DNS1035_LABEL.test(name)) {
    return `${quote(name)} is not a DNS-1035 label: use lowercase letters, digits and '-', starting with a letter and ending with a letter or digit`;
  }
  return undefined;
}

/** A label or annotation key: an optional DNS subdomain prefix and `/`, then a name of at most 63 characters. */
function keyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    return `key ${quote(key)} has an invalid prefix: it must be a lowercase DNS subdomain such as example.com`;
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return `key ${quote(key)} is invalid: the name part must be 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
  }
  return undefined;
}

function checkLabels(labels: unknown): SchemaIssue[] {
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) return [];
  const issues: SchemaIssue[] = [];
  for (const [key, value] of Object.entries(labels as Record<string, unknown>)) {
    const path = ['metadata', 'labels', key];
    const problem = keyProblem(key);
    if (problem) issues.push({ path, code: 'invalid-metadata', message: `label ${problem}` });
    if (typeof value === 'string' && (value.length > 63 || !LABEL_VALUE.test(value))) {
      issues.push({
        path,
        code: 'invalid-metadata',
        message: `label value ${quote(value)} is invalid: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (or empty)`,
      });
    }
  }
  return issues;
}

function checkAnnotations(annotations: unknown): SchemaIssue[] {
  if (annotations === null || typeof annotations !== 'object' || Array.isArray(annotations)) return [];
  const issues: SchemaIssue[] = [];
  let total = 0;
  for (const [key, value] of Object.entries(annotations as Record<string, unknown>)) {
    const problem = keyProblem(key);
    if (problem)
      issues.push({
        path: ['metadata', 'annotations', key],
        code: 'invalid-metadata',
        message: `annotation ${problem}`,
      });
    total += key.length + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  }
  if (total > 256 * 1024) {
    issues.push({
      path: ['metadata', 'annotations'],
      code: 'invalid-metadata',
      message: `annotations total ${total} bytes; the API server allows at most 262144 (256 KiB)`,
    });
  }
  return issues;
}
