/**
 * "Nothing we send is pruned": every leaf of the object we applied must be in the object the API
 * server stored, with the same value. The server may add fields (defaults, status, metadata); it
 * must not drop or change ours. Returns the JSON paths that differ.
 */

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The paths of `sent` whose values are missing or different in `stored`. */
export function droppedPaths(sent: unknown, stored: unknown, path = ''): string[] {
  if (Array.isArray(sent)) {
    if (!Array.isArray(stored)) return [`${path || '.'}: sent a list, stored ${JSON.stringify(stored)}`];
    const out: string[] = [];
    if (stored.length !== sent.length)
      out.push(`${path}: sent ${sent.length} items, stored ${stored.length}`);
    sent.forEach((item, i) => out.push(...droppedPaths(item, stored[i], `${path}[${i}]`)));
    return out;
  }
  if (isObject(sent)) {
    if (!isObject(stored)) return [`${path || '.'}: missing`];
    const out: string[] = [];
    for (const key of Object.keys(sent)) {
      const child = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)
        ? `${path}.${key}`
        : `${path}[${JSON.stringify(key)}]`;
      if (!Object.prototype.hasOwnProperty.call(stored, key))
        out.push(`${child}: missing (pruned or dropped)`);
      else out.push(...droppedPaths(sent[key], stored[key], child));
    }
    return out;
  }
  return sent === stored ? [] : [`${path}: sent ${JSON.stringify(sent)}, stored ${JSON.stringify(stored)}`];
}
