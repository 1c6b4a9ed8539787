import type { ErrorObject, ValidateFunction } from 'ajv';
import { closestName } from '../../util/suggest';
import { renamedFieldMessage } from './renamed';
import { IssueCollector } from './issues';

/**
 * The spec file's JSON Schema (generated from `spec.ts`), compiled ahead of time by `npm run gen`
 * (Ajv standalone code), so that no process pays for compiling it.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const specValidator: ValidateFunction = require('../../../imports/canary-service-validator');

/** `/traffic/cohorts/0/name` becomes `traffic.cohorts[0].name`. */
function specPath(pointer: string, extra?: string): string {
  const parts = pointer.split('/').slice(1);
  if (extra !== undefined) parts.push(extra);
  let path = '';
  for (const raw of parts) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^[0-9]+$/.test(part)) path += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) path += path ? `.${part}` : part;
    else path += `['${part}']`;
  }
  return path;
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

function describeType(error: ErrorObject): string {
  const type = (error.params as { type?: string | string[] }).type;
  return Array.isArray(type) ? type.join(' or ') : String(type);
}

/** Keeps one error per path: Ajv reports every branch of a union, the first is the useful one. */
function dedupe(errors: readonly ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.instancePath}|${error.keyword}|${JSON.stringify(error.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Checks the shape of a spec (types, required fields, unknown fields) against the JSON Schema
 * generated from `CanaryServiceSpec`, and records one issue per problem.
 */
export function checkStructure(spec: unknown, issues: IssueCollector): void {
  const validate = specValidator;
  if (validate(spec)) return;
  const errors = dedupe(validate.errors ?? []);
  // A union that fails only because a number in it is out of range (`retries: { attempts: 11 }`)
  // is not the wrong shape: the range rule reports the number, so the union is not reported.
  const under = (error: ErrorObject, pointer: string) => error.instancePath.startsWith(`${pointer}/`);
  const rangeOnlyUnions = new Set(
    errors
      .filter(
        (e) =>
          e.keyword === 'anyOf' &&
          errors.some((r) => RANGE_KEYWORDS.has(r.keyword) && under(r, e.instancePath)) &&
          !errors.some((o) => !RANGE_KEYWORDS.has(o.keyword) && under(o, e.instancePath)),
      )
      .map((e) => e.instancePath),
  );
  const byPath = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    if (rangeOnlyUnions.has(error.instancePath)) continue;
    const list = byPath.get(error.instancePath) ?? [];
    list.push(error);
    byPath.set(error.instancePath, list);
  }
  for (const [pointer, errors] of byPath) {
    // A union (string | StringMatch, RetrySpec | false) fails every branch; say it once.
    const unionFailure = errors.some((e) => e.keyword === 'anyOf');
    for (const error of unionFailure ? errors.filter((e) => e.keyword === 'anyOf') : errors) {
      reportError(spec, pointer, error, issues);
    }
  }
}

/**
 * Range and pattern keywords: the schema carries `SPEC_RANGES` and `SPEC_PATTERNS` for editors; the
 * rules report them, with the fix.
 */
const RANGE_KEYWORDS = new Set([
  'minimum',
  'exclusiveMinimum',
  'maximum',
  'multipleOf',
  'pattern',
  'maxLength',
  'propertyNames',
]);

function reportError(spec: unknown, pointer: string, error: ErrorObject, issues: IssueCollector): void {
  const value = valueAt(spec, pointer);
  const params = error.params as Record<string, unknown>;
  if (RANGE_KEYWORDS.has(error.keyword)) return;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const parent = error.parentSchema as { properties?: Record<string, unknown> } | undefined;
      const known = Object.keys(parent?.properties ?? {});
      const guess = closestName(field, known);
      const hint = guess ? `Did you mean '${guess}'?` : `Known fields here: ${known.join(', ')}.`;
      const renamed = renamedFieldMessage(specPath(pointer, field));
      if (renamed !== undefined) {
        issues.add(specPath(pointer, field), valueAt(spec, `${pointer}/${field}`), renamed);
        return;
      }
      issues.add(
        specPath(pointer, field),
        valueAt(spec, `${pointer}/${field}`),
        `is not a known field. ${hint}`,
      );
      return;
    }
    case 'required':
      issues.add(
        specPath(pointer, String(params.missingProperty)),
        undefined,
        'is required. Add it to the spec (see the spec reference in the README).',
      );
      return;
    case 'type':
      issues.add(
        specPath(pointer),
        value,
        `must be of type ${describeType(error)}, not ${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value}.${typeof value === 'string' && describeType(error) === 'number' ? ' Write the number without quotes.' : ''}`,
      );
      return;
    case 'enum':
      issues.add(
        specPath(pointer),
        value,
        `is not allowed. Use one of: ${(params.allowedValues as unknown[]).map((v) => `'${String(v)}'`).join(', ')}.`,
      );
      return;
    case 'anyOf':
      issues.add(
        specPath(pointer),
        value,
        'has the wrong shape. See the spec reference for the accepted forms.',
      );
      return;
    default:
      issues.add(specPath(pointer), value, `${error.message ?? 'is invalid'}.`);
  }
}
