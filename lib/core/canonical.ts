/** Keys written first, in this order, in every object; all other keys follow alphabetically. */
const LEADING_KEYS: Readonly<Record<string, number>> = {
  apiVersion: 0,
  kind: 1,
  metadata: 2,
  name: 3,
  namespace: 4,
};

/** Objects produced by `canonicalize`, so that serializing them again skips the work. */
const canonical = new WeakSet<object>();

function compareKeys(a: string, b: string): number {
  const ra = LEADING_KEYS[a];
  const rb = LEADING_KEYS[b];
  if (ra !== undefined || rb !== undefined) return (ra ?? 5) - (rb ?? 5);
  return a < b ? -1 : a > b ? 1 : 0;
}

function copy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) items[i] = copy(value[i]);
    return items;
  }
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source).sort(compareKeys);
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    const item = source[key];
    if (item !== undefined) result[key] = copy(item);
  }
  return result;
}

/**
 * A deep copy with a canonical key order (`apiVersion`, `kind`, `metadata`, `name`, `namespace`
 * first, the rest alphabetical) and `undefined` values dropped. Arrays keep their order: it is
 * meaningful (route order, container order). Same input, same bytes, however it was built.
 * The result is remembered as canonical, so canonicalizing it again (as `toYaml` does) is free:
 * treat it as immutable.
 */
export function canonicalize<T>(value: T): T {
  if (value !== null && typeof value === 'object' && canonical.has(value)) return value;
  const result = copy(value) as T;
  if (result !== null && typeof result === 'object') canonical.add(result);
  return result;
}
