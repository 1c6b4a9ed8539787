import { addDocument } from './add-document';
import { duplicateJsonKeys } from './json-duplicate-keys';
import type { LoadResult } from './load';
import { lineInSource, SourceText } from './source-locations';

/**
 * Reads a `.json` file: one document, parsed with `JSON.parse`; a key written twice in one object is
 * a problem, as in YAML. A List's items get the line of their
 * `{` from a scan of the text (`jsonItemLines`); other lines come from the YAML parser, on demand.
 */
export function parseJsonFile(source: SourceText): LoadResult {
  const result: LoadResult = { manifests: [], problems: [] };
  if (source.text.trim() === '') return result;
  let value: unknown;
  try {
    value = JSON.parse(source.text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position ? source.text.slice(0, Number(position[1])).split('\n').length : undefined;
    result.problems.push({
      file: source.file,
      ...(line === undefined ? {} : { line }),
      message: `JSON syntax error: ${message}. Fix the JSON (other files are still checked).`,
    });
    return result;
  }
  // JSON.parse keeps the last of two equal keys; YAML (and go-yaml, kubectl's reader) refuses them.
  const duplicates = duplicateJsonKeys(source.text);
  if (duplicates.length > 0) {
    for (const d of duplicates) {
      result.problems.push({
        file: source.file,
        line: d.line,
        message: `JSON syntax error at column ${d.column}: duplicate key ${JSON.stringify(d.key)} (first at line ${d.firstLine}); JSON.parse would keep only the last value. Keep one. Fix the JSON (other files are still checked).`,
      });
    }
    return result;
  }
  let itemLines: readonly number[] | undefined | null = null;
  const lineAt = (path: readonly (string | number)[]): number => {
    if (path.length === 0) return 1;
    if (path.length === 2 && path[0] === 'items' && typeof path[1] === 'number') {
      if (itemLines === null) itemLines = jsonItemLines(source.text);
      const line = itemLines?.[path[1]];
      if (line !== undefined) return line;
    }
    return lineInSource(source, 0, path) ?? 1;
  };
  addDocument(result, source, 0, value, lineAt);
  return result;
}

/**
 * The 1-based line where each element of the top-level object's `items` array starts, scanning JSON
 * text that `JSON.parse` accepted. Undefined when the root is not an object with exactly one `items`
 * key, when a top-level key has an escape (it could be `items` in disguise), or when the text has a
 * lone carriage return (YAML counts it as a line break).
 */
export function jsonItemLines(text: string): number[] | undefined {
  if (/\r(?!\n)/.test(text)) return undefined;
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let key = ''; // the last string read at depth 1: a key when a `:` follows
  let itemsKeys = 0;
  let escapedKey = false;
  let itemsNext = false; // the next value is the value of `items`
  let inItems = false;
  let elementNext = false; // the next value starts an element of `items`
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) line++;
    if (c === 0x0a || c === 0x0d || c === 0x20 || c === 0x09) continue;
    if (elementNext && c !== 0x5d /* ] */) lines.push(line);
    elementNext = false;
    const afterColon = itemsNext;
    itemsNext = false;
    if (c === 0x22 /* " */) {
      const start = i;
      for (i++; text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
      if (depth === 1) {
        key = text.slice(start + 1, i);
        if (key.includes('\\')) escapedKey = true;
      }
    } else if (c === 0x3a /* : */ && depth === 1 && key === 'items') {
      itemsKeys++;
      itemsNext = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      if (afterColon && c === 0x5b) inItems = elementNext = true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
      if (depth === 1) inItems = false;
    } else if (c === 0x2c /* , */ && inItems && depth === 2) {
      elementNext = true;
    }
  }
  return itemsKeys === 1 && !escapedKey ? lines : undefined;
}
