/**
 * Minimal, exact edits of a YAML (or JSON) file: a scalar replaced, a `key: value` pair replaced
 * by another, a pair inserted after another. Nodes are found with the `yaml` package's Document
 * API (parsed with source ranges); the edits splice the original text at those ranges, so every
 * other byte (comments, blank lines, quoting, indentation, key order) stays as it was.
 */
import { readsAsNonString } from '../../core/yaml-scalars';
import { isMap, isScalar, LineCounter, Pair, parse, parseDocument, Scalar, YAMLMap } from 'yaml';

/** A value the editor writes: a scalar, or a flat mapping of scalars (the rollback record). */
export type EditValue = string | number | boolean | Readonly<Record<string, string | number | boolean>>;

/** An edit the file cannot take (a shape the editor does not handle); names the spec path. */
export class YamlEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'YamlEditError';
  }
}

interface Splice {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly order: number;
}

/**
 * Whether a string can be written as a plain scalar in block and flow context and reads back as
 * itself to every reader: never a string that a YAML 1.1 or 1.2 reader takes for something else
 * (`yes`, `0b101`, `1:20`, `2024-01-01`; see `readsAsNonString`).
 */
function plainSafe(value: string): boolean {
  if (!/^[A-Za-z0-9][A-Za-z0-9._/:@+-]*$/.test(value) || value.endsWith(':') || readsAsNonString(value))
    return false;
  try {
    return parse(value) === value;
  } catch {
    return false;
  }
}

/** Renders a scalar, in the style of the scalar it replaces when given. */
function renderScalar(value: string | number | boolean, style?: Scalar.Type): string {
  if (typeof value !== 'string') return String(value);
  if (style === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  if (style === 'QUOTE_DOUBLE') return JSON.stringify(value);
  return plainSafe(value) ? value : JSON.stringify(value);
}

/** Edits one YAML document's text; call {@link YamlTextEditor.result} once all edits are recorded. */
export class YamlTextEditor {
  private readonly document;
  private readonly lines = new LineCounter();
  private readonly splices: Splice[] = [];
  private readonly newline: string;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {
    this.document = parseDocument(text, { lineCounter: this.lines, prettyErrors: false });
    if (this.document.errors.length > 0) {
      throw new YamlEditError(`${file}: cannot parse: ${this.document.errors[0].message.split('\n')[0]}`);
    }
    this.newline = text.includes('\r\n') ? '\r\n' : '\n';
  }

  /** The line (1-based) of an offset, for messages. */
  private lineOf(offset: number): number {
    return this.lines.linePos(offset).line;
  }

  /** The mapping at a path of keys, e.g. `['traffic']`; throws naming the path when absent. */
  mapAt(path: readonly string[]): YAMLMap {
    let node: unknown = this.document.contents;
    for (const key of path) {
      if (!isMap(node)) break;
      node = node.get(key, true);
    }
    if (!isMap(node)) {
      throw new YamlEditError(`${this.file}: ${path.join('.') || '(root)'} is not a mapping in this file`);
    }
    return node;
  }

  /** The pair of `key` in the mapping at `path`, or undefined. */
  pairAt(path: readonly string[], key: string): Pair<Scalar, unknown> | undefined {
    const map = this.mapAt(path);
    return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key) as
      Pair<Scalar, unknown> | undefined;
  }

  private scalarPair(path: readonly string[], key: string): { pair: Pair<Scalar, unknown>; value: Scalar } {
    const pair = this.pairAt(path, key);
    const where = [...path, key].join('.');
    if (!pair) throw new YamlEditError(`${this.file}: ${where} is not in this file`);
    const value = pair.value;
    if (!isScalar(value) || !value.range || !pair.key.range) {
      throw new YamlEditError(`${this.file}: ${where} is not a plain value`);
    }
    if (value.type === 'BLOCK_LITERAL' || value.type === 'BLOCK_FOLDED') {
      throw new YamlEditError(
        `${this.file}:${this.lineOf(value.range[0])}: ${where} is a block scalar; write it on one line`,
      );
    }
    return { pair, value };
  }

  private add(start: number, end: number, text: string): void {
    for (const other of this.splices) {
      if (start < other.end && other.start < end) {
        throw new YamlEditError(`${this.file}: two edits overlap at offset ${start} (an internal error)`);
      }
    }
    this.splices.push({ start, end, text, order: this.splices.length });
  }

  /** Replaces the scalar value of `path.key`, keeping its quoting style. */
  replaceValue(path: readonly string[], key: string, value: string | number | boolean): void {
    const { value: node } = this.scalarPair(path, key);
    const range = node.range as [number, number, number];
    this.add(range[0], range[1], renderScalar(value, typeof value === 'string' ? node.type : undefined));
  }

  /** Replaces the whole pair `path.key: ...` (a scalar) by `newKey: value`, in the same place. */
  replacePair(path: readonly string[], key: string, newKey: string, value: string | number | boolean): void {
    const { pair, value: node } = this.scalarPair(path, key);
    const keyRange = pair.key.range as [number, number, number];
    const valueRange = node.range as [number, number, number];
    const keyText = renderScalar(newKey, pair.key.type);
    this.add(keyRange[0], valueRange[1], `${keyText}: ${renderScalar(value)}`);
  }

  /** Inserts `newKey: value` right after the pair `path.afterKey` (a scalar), at its indentation. */
  insertAfter(path: readonly string[], afterKey: string, newKey: string, value: EditValue): void {
    const map = this.mapAt(path);
    const { pair, value: node } = this.scalarPair(path, afterKey);
    const keyRange = pair.key.range as [number, number, number];
    const valueEnd = (node.range as [number, number, number])[1];
    if (map.flow) {
      const keyText = renderScalar(newKey, pair.key.type);
      const valueText = typeof value === 'object' ? JSON.stringify(value) : renderScalar(value);
      this.add(valueEnd, valueEnd, `, ${keyText}: ${valueText}`);
      return;
    }
    const column = this.lines.linePos(keyRange[0]).col - 1;
    const lineStart = keyRange[0] - column;
    if (this.text.slice(lineStart, keyRange[0]).trim() !== '') {
      throw new YamlEditError(
        `${this.file}:${this.lineOf(keyRange[0])}: ${[...path, afterKey].join('.')} does not start its line; put it on a line of its own`,
      );
    }
    const indent = ' '.repeat(column);
    const step = this.indentStep(path, column);
    const lines =
      typeof value === 'object'
        ? [
            `${indent}${newKey}:`,
            ...Object.entries(value).map(([k, v]) => `${indent}${' '.repeat(step)}${k}: ${renderScalar(v)}`),
          ]
        : [`${indent}${newKey}: ${renderScalar(value)}`];
    const lineEnd = this.text.indexOf('\n', valueEnd);
    const block = lines.map((line) => `${line}${this.newline}`).join('');
    if (lineEnd < 0)
      this.add(this.text.length, this.text.length, `${this.newline}${block}`.replace(/(\r?\n)$/, ''));
    else this.add(lineEnd + 1, lineEnd + 1, block);
  }

  /** The indentation step of the file: a mapping's child column minus its parent key's column. */
  private indentStep(path: readonly string[], childColumn: number): number {
    if (path.length === 0) return 2;
    const parentPair = this.pairAt(path.slice(0, -1), path[path.length - 1]);
    const parentKeyStart = parentPair?.key?.range?.[0];
    if (parentKeyStart === undefined) return 2;
    const step = childColumn - (this.lines.linePos(parentKeyStart).col - 1);
    return step > 0 ? step : 2;
  }

  /** The edited text: every recorded edit applied to the original. */
  result(): string {
    const ordered = [...this.splices].sort((a, b) => b.start - a.start || b.order - a.order);
    let text = this.text;
    for (const splice of ordered) text = text.slice(0, splice.start) + splice.text + text.slice(splice.end);
    return text;
  }
}
