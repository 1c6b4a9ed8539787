/** Keys written first, in this order, in every object; all other keys follow alphabetically. */
const LEADING_KEYS = ['apiVersion', 'kind', 'metadata', 'name', 'namespace'];

function compareKeys(a: string, b: string): number {
  const ia = LEADING_KEYS.indexOf(a);
  const ib = LEADING_KEYS.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? LEADING_KEYS.length : ia) - (ib < 0 ? LEADING_KEYS.length : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A deep copy with a canonical key order (`apiVersion`, `kind`, `metadata`, `name`, `namespace`
 * first, the rest alphabetical) and `undefined` values dropped. Arrays keep their order: it is
 * meaningful (route order, container order). Same input, same bytes, however it was built.
 */
export function canonicalize<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => canonicalize(item)) as T;
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => compareKeys(a, b));
  return Object.fromEntries(entries.map(([k, v]) => [k, canonicalize(v)])) as T;
}
