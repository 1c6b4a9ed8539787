import { readTextFile } from '../util/read-text-file';
import { isMap, isSeq, LineCounter, Node, parseDocument } from 'yaml';
import { formatIssue, SpecIssue } from '../core/errors';
import { CanaryServiceSpec } from '../core/spec';
import { validate } from '../core/validate';

/** A spec file that parsed and validated. */
export interface LoadedSpec {
  readonly file: string;
  readonly spec: CanaryServiceSpec;
}

/** Why a spec file could not be used: every problem, each with its file and line where known. */
export class SpecFileError extends Error {
  constructor(
    readonly file: string,
    readonly lines: readonly string[],
  ) {
    super(lines.join('\n'));
    this.name = 'SpecFileError';
  }
}

/** Splits `traffic.cohorts[1]['x-y'].name` into keys: `traffic`, `cohorts`, 1, `x-y`, `name`. */
function pathKeys(path: string): (string | number)[] {
  const keys: (string | number)[] = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]/g;
  for (let match = pattern.exec(path); match; match = pattern.exec(path)) {
    if (match[1] !== undefined) keys.push(match[1]);
    else if (match[2] !== undefined) keys.push(Number(match[2]));
    else keys.push(match[3]);
  }
  return keys;
}

/** The node at a spec path, or the deepest existing parent (for missing fields). */
function nodeAt(root: Node | null | undefined, path: string): Node | undefined {
  let node: Node | undefined = root ?? undefined;
  for (const key of pathKeys(path)) {
    let next: unknown;
    if (isMap(node)) next = node.get(key, true);
    else if (isSeq(node) && typeof key === 'number') next = node.get(key, true);
    if (!next || typeof next !== 'object') return node;
    node = next as Node;
  }
  return node;
}

/**
 * Reads a YAML or JSON spec file and validates it with the core's rules. Throws `SpecFileError`
 * listing every problem as `file:line: path: value message` (YAML syntax errors included).
 */
export function loadSpecFile(file: string, text: string = readTextFile(file)): LoadedSpec {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    const lines = document.errors.map((error) => {
      const at = error.linePos?.[0];
      return `${file}:${at ? at.line : 1}: ${error.message.split('\n')[0]}`;
    });
    throw new SpecFileError(file, lines);
  }
  let spec: unknown;
  try {
    spec = document.toJS(); // throws on an alias bomb ("Excessive alias count...")
  } catch (error) {
    throw new SpecFileError(file, [`${file}:1: ${(error as Error).message.split('\n')[0]}`]);
  }
  const issues = validate(spec);
  if (issues.length > 0) {
    const locate = (issue: SpecIssue) => {
      const node = nodeAt(document.contents, issue.path);
      const offset = node?.range?.[0];
      return offset === undefined ? 1 : lineCounter.linePos(offset).line;
    };
    const name =
      spec && typeof spec === 'object' && typeof (spec as { name?: unknown }).name === 'string'
        ? (spec as { name: string }).name
        : '(unnamed)';
    const count = `${issues.length} problem${issues.length === 1 ? '' : 's'}`;
    throw new SpecFileError(file, [
      `Invalid CanaryService spec '${name}' (${count}):`,
      ...issues.map((issue) => `  - ${file}:${locate(issue)}: ${formatIssue(issue)}`),
    ]);
  }
  return { file, spec: spec as CanaryServiceSpec };
}
