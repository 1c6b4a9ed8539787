/** One problem in a spec: where, what was there, and what to change. */
export interface SpecIssue {
  /** Dotted path inside the spec, e.g. `traffic.canaryWeight` or `traffic.cohorts[1].name`. */
  readonly path: string;
  /** The offending value, or `undefined` when the field is missing. */
  readonly value: unknown;
  /** What is wrong and how to fix it, as full sentences. */
  readonly message: string;
}

/** Longest quoted value in a message; longer ones are cut with `...` and their length. */
const MAX_QUOTED_LENGTH = 60;

/**
 * Renders a spec value the way error messages quote it: strings in single quotes, the rest as
 * JSON, cut to a readable length (a 1 MB string is named by its length, not printed).
 */
export function quoteValue(value: unknown): string {
  if (value === undefined) return '(missing)';
  if (typeof value === 'string') {
    if (value.length <= MAX_QUOTED_LENGTH) return `'${value}'`;
    return `'${value.slice(0, MAX_QUOTED_LENGTH - 3)}...' (${value.length} characters)`;
  }
  const json = JSON.stringify(value) ?? String(value);
  return json.length > MAX_QUOTED_LENGTH ? `${json.slice(0, MAX_QUOTED_LENGTH - 3)}...` : json;
}

/** Formats one issue as the line the user reads: `path: value message`. */
export function formatIssue(issue: SpecIssue): string {
  return `${issue.path || '(spec)'}: ${quoteValue(issue.value)} ${issue.message}`;
}

/**
 * Thrown by `synthesize` (and the adapters) when a spec has problems. Carries every problem at
 * once; the message lists them one per line under
 * `Invalid CanaryService spec '<name>' (N problems):`.
 */
export class CanarySpecError extends Error {
  /** Every problem found, in spec order. */
  readonly issues: readonly SpecIssue[];
  /** The spec's `name`, or `(unnamed)`. */
  readonly specName: string;

  constructor(specName: string, issues: readonly SpecIssue[]) {
    const count = `${issues.length} problem${issues.length === 1 ? '' : 's'}`;
    const lines = issues.map((issue) => `  - ${formatIssue(issue)}`);
    super(`Invalid CanaryService spec '${specName}' (${count}):\n${lines.join('\n')}`);
    this.name = 'CanarySpecError';
    this.issues = issues;
    this.specName = specName;
  }
}
