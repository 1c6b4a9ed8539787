/**
 * Spec files: reads a YAML or JSON CanaryService spec and validates it with the core's rules, reporting
 * every problem with its file and line. Below the CLI so that `synth`, the gate and the Pulumi stack
 * config reader share it (nothing here imports from `lib/cli`).
 */
import { readTextFile } from '../util/read-text-file';
import { isMap, isNode, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';
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

/**
 * The node that locates a spec path: the key of the last mapping entry on the path (so an unknown
 * key is reported on its own line, not on the line where its value starts), a sequence item, or the
 * deepest existing parent (for missing fields).
 */
function nodeAt(root: Node | null | undefined, path: string): Node | undefined {
  let node: Node | undefined = root ?? undefined;
  const keys = pathKeys(path);
  for (const [i, key] of keys.entries()) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
      if (pair && i === keys.length - 1 && isNode(pair.key)) return pair.key;
      next = pair?.value;
    } else if (isSeq(node) && typeof key === 'number') next = node.get(key, true);
    if (!isNode(next)) return node;
    node = next;
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
    // With `prettyErrors: false` the errors carry no `linePos`: the line comes from the offset.
    const lines = document.errors.map(
      (error) => `${file}:${lineCounter.linePos(error.pos[0]).line}: ${error.message.split('\n')[0]}`,
    );
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
