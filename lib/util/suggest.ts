/** At most this many known fields are listed when no single one is close. */
const MAX_LISTED = 12;

/**
 * The advice appended to an unknown-field message: `did you mean 'route'?` when one known field is
 * close (same letters ignoring case and `-`/`_`, or a small edit distance), otherwise the known
 * fields when there are few, otherwise nothing.
 */
export function suggestField(unknown: string, known: readonly string[]): string {
  const close = closestName(unknown, known);
  if (close !== undefined) return `; did you mean '${close}'?`;
  if (known.length === 0) return '; this object declares no fields';
  if (known.length <= MAX_LISTED) return `; known fields here: ${[...known].sort().join(', ')}`;
  return '';
}

/** The known name closest to `name`, if any is close enough to be a likely typo. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const normalized = normalize(name);
  const same = known.find((k) => normalize(k) === normalized);
  if (same !== undefined) return same;
  const limit = Math.max(1, Math.floor(name.length / 4));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of known) {
    if (Math.abs(candidate.length - name.length) > limit) continue;
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined) return best;
  // A prefix of a known field (`rout` for `route`) or a known field plus a suffix.
  const prefixed = known.filter(
    (k) =>
      name.length >= 3 &&
      (k.toLowerCase().startsWith(name.toLowerCase()) || name.toLowerCase().startsWith(k.toLowerCase())),
  );
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}
