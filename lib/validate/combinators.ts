import type { StructuralSchema } from '../../imports/crd-schemas/types';
import { describeValue, listWords } from './describe-value';

/**
 * Messages for failed `anyOf`/`oneOf`/`not`. In structural schemas these carry value validations
 * only, and CRDs use them in a few recurring shapes, which get a plain-words message:
 * - Istio's "at most one of": `oneOf: [{not: {anyOf: [{required: [a]}, {required: [b]}]}}, {required: [a]}, {required: [b]}]`;
 * - Flagger's analysis: `oneOf: [{required: [interval, threshold, iterations]}, {required: [interval, threshold, stepWeight]}, ...]`:
 *   the fields every branch requires, plus exactly one of the others;
 * - "at least one of": `anyOf` branches that are only `required` lists;
 * - "int or string": branches that are only `type`.
 * Anything else falls back to a generic message naming the number of alternatives.
 */
export function describeOneOfFailure(
  value: unknown,
  branches: readonly StructuralSchema[],
  matched: number,
): string {
  const choice = describeRequiredChoice(value, branches);
  if (choice) return choice;
  const types = branchTypes(branches);
  if (types) return `expected ${listWords(types)}, got ${describeValue(value)}`;
  return `must match exactly one of ${branches.length} alternative forms, but matches ${matched}`;
}

/**
 * Branches that are only `required` lists (plus, for Istio, one `not` branch allowing none):
 * fields every branch requires are needed; of the other fields exactly one may be set (Flagger's
 * analysis: interval and threshold, plus one of iterations, stepWeight, stepWeights).
 */
function describeRequiredChoice(value: unknown, branches: readonly StructuralSchema[]): string | undefined {
  const plain = branches.filter((b) => b.required !== undefined && Object.keys(b).length === 1);
  const negated = branches.filter((b) => b.not !== undefined && Object.keys(b).length === 1);
  if (plain.length === 0 || plain.length + negated.length !== branches.length) return undefined;
  const sets = plain.map((b) => b.required ?? []);
  const common = sets[0].filter((f) => sets.every((s) => s.includes(f)));
  const choices: string[] = [];
  for (const f of sets.flat()) if (!common.includes(f) && !choices.includes(f)) choices.push(f);
  const present = presentFields(value, [...common, ...choices]);
  const presentChoices = choices.filter((f) => present.includes(f));
  if (presentChoices.length > 1) {
    return `${listWords(quoteAll(presentChoices), 'and')} cannot be set together; set only one of ${listWords(quoteAll(choices))}`;
  }
  const parts: string[] = [];
  const missingCommon = common.filter((f) => !present.includes(f));
  if (missingCommon.length > 0) parts.push(`set ${listWords(quoteAll(missingCommon), 'and')}`);
  if (presentChoices.length === 0 && negated.length === 0 && choices.length > 0) {
    parts.push(`set exactly one of ${listWords(quoteAll(choices))}`);
  }
  return parts.length > 0 ? parts.join(', and ') : undefined;
}

/** Message for a failed `anyOf`. */
export function describeAnyOfFailure(value: unknown, branches: readonly StructuralSchema[]): string {
  const types = branchTypes(branches);
  if (types) return `expected ${listWords(types)}, got ${describeValue(value)}`;
  const fields = requiredFields(branches);
  if (fields.length > 0) return `set at least one of ${listWords(quoteAll(fields))}`;
  return `must match at least one of ${branches.length} alternative forms, but matches none`;
}

/** Message for a failed `not`. */
export function describeNotFailure(value: unknown, branch: StructuralSchema): string {
  const fields = requiredFields([branch]);
  const present = presentFields(value, fields);
  if (present.length > 0) return `${listWords(quoteAll(present), 'and')} must not be set here`;
  return 'has a form that the schema forbids here';
}

/** The field names required by any branch, looking through nested not/anyOf/oneOf/allOf, in first-seen order. */
function requiredFields(branches: readonly StructuralSchema[]): string[] {
  const names: string[] = [];
  const visit = (schema: StructuralSchema): void => {
    for (const name of schema.required ?? []) if (!names.includes(name)) names.push(name);
    for (const child of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])])
      visit(child);
    if (schema.not) visit(schema.not);
  };
  branches.forEach(visit);
  return names;
}

function presentFields(value: unknown, fields: readonly string[]): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return fields.filter((f) => (value as Record<string, unknown>)[f] !== undefined);
}

/** The branch types when every branch is only a `type`, e.g. `integer or string`. */
function branchTypes(branches: readonly StructuralSchema[]): string[] | undefined {
  const types = branches.map((b) => (Object.keys(b).length === 1 && b.type ? b.type : undefined));
  return types.every((t) => t !== undefined) ? (types as string[]) : undefined;
}

function quoteAll(names: readonly string[]): string[] {
  return names.map((n) => `'${n}'`);
}
