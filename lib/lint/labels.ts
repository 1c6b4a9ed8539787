/** Labels or a selector, as a plain string map. */
export type Labels = Readonly<Record<string, string>>;

/** True when every key/value of `selector` is present in `labels` (an empty selector selects all). */
export function selects(selector: Labels, labels: Labels): boolean {
  for (const key in selector) {
    if (labels[key] !== selector[key]) return false;
  }
  return true;
}

/** `a=1,b=2`, keys sorted: how findings quote a label set. */
export function formatLabels(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  return keys.length === 0 ? '{}' : keys.map((k) => `${k}=${labels[k]}`).join(',');
}
