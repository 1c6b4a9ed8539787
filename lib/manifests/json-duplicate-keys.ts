/** A key written twice in the same JSON object. */
export interface DuplicateJsonKey {
  /** The key, decoded. */
  readonly key: string;
  /** 1-based line of the second (or later) occurrence. */
  readonly line: number;
  /** 1-based column of that occurrence. */
  readonly column: number;
  /** 1-based line of the first occurrence. */
  readonly firstLine: number;
}

/**
 * Every key that appears more than once in the same object of JSON text that `JSON.parse` accepted.
 * `JSON.parse` keeps the last value silently; YAML readers (and canary-kit's YAML loader, like
 * go-yaml) refuse a duplicate key, so a JSON manifest or spec gets the same treatment. Keys are
 * compared decoded (`"a"` and `"\u0061"` are the same key) and kept in a `Map`, so any key,
 * `__proto__` included, is plain data. One pass, no recursion: any nesting depth is fine.
 */
export function duplicateJsonKeys(text: string): DuplicateJsonKey[] {
  const found: DuplicateJsonKey[] = [];
  // One entry per open object or array: the keys seen in an object (with their line), or null.
  const stack: (Map<string, number> | null)[] = [];
  let expectKey = false;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a /* \n */) {
      line++;
      lineStart = i + 1;
    } else if (c === 0x7b /* { */) {
      stack.push(new Map());
      expectKey = true;
    } else if (c === 0x5b /* [ */) {
      stack.push(null);
      expectKey = false;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      expectKey = stack[stack.length - 1] !== null && stack.length > 0;
    } else if (c === 0x22 /* " */) {
      const start = i;
      for (i++; text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
      const keys = stack[stack.length - 1];
      if (expectKey && keys) {
        const key = JSON.parse(text.slice(start, i + 1)) as string;
        const first = keys.get(key);
        if (first === undefined) keys.set(key, line);
        else found.push({ key, line, column: start - lineStart + 1, firstLine: first });
      }
      expectKey = false;
    }
  }
  return found;
}
