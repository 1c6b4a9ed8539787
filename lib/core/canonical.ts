/**
 * Keys written first, in this order, in every object; all other keys follow alphabetically.
 * A Map, not an object literal: a user key such as `constructor` or `toString` must not find an
 * inherited property here (that made the comparison NaN and the order arbitrary).
 */
const LEADING_KEYS: ReadonlyMap<string, number> = new Map([
  ['apiVersion', 0],
  ['kind', 1],
  ['metadata', 2],
  ['name', 3],
  ['namespace', 4],
]);

/** Objects produced by `canonicalize`, so that serializing them again skips the work. */
const canonical = new WeakSet<object>();

function compareKeys(a: string, b: string): number {
  const ra = LEADING_KEYS.get(a);
  const rb = LEADING_KEYS.get(b);
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
    if (item !== undefined) setOwn(result, key, copy(item));
  }
  return result;
}

/**
 * Sets `key` as an own, enumerable data property. User keys are data: a plain assignment of
 * `__proto__` would call the prototype setter and drop the key (a header match `__proto__`
 * became `headers: {}`, which matches every request).
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
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
