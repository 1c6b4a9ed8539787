/** Consecutive duplicates removed: `[a, a, b, a]` -> `[a, b, a]` (recorded weights, call sequences). */
export function collapseRuns<T>(items: readonly T[]): T[] {
  return items.filter((item, i) => i === 0 || items[i - 1] !== item);
}
