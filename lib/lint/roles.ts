import { Labels } from './labels';
import { Destination } from './routes';

/** Which side of a canary split a destination is. */
export type Role = 'stable' | 'canary';

const CANARY_WORDS = new Set([
  'canary',
  'preview',
  'next',
  'new',
  'candidate',
  'experiment',
  'experimental',
  'beta',
]);
const STABLE_WORDS = new Set([
  'stable',
  'primary',
  'prod',
  'production',
  'current',
  'main',
  'baseline',
  'live',
  'old',
  'ga',
]);
/** Pod labels that name a version or track, in the order they are consulted. */
const TRACK_LABELS = ['version', 'track', 'stage', 'app.kubernetes.io/version'];
const VERSION = /^v?(\d+(?:[._-]\d+)*)$/i;

function roleOfWords(text: string): Role | undefined {
  const words = text.toLowerCase().split(/[^a-z0-9]+/);
  const canary = words.some((w) => CANARY_WORDS.has(w));
  const stable = words.some((w) => STABLE_WORDS.has(w));
  if (canary === stable) return undefined;
  return canary ? 'canary' : 'stable';
}

function versionOf(text: string | undefined): number[] | undefined {
  const match = text === undefined ? null : VERSION.exec(text);
  return match ? match[1].split(/[._-]/).map(Number) : undefined;
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Tells the stable and canary destinations of a split apart, from the subset name, the subset's
 * track labels (`version`, `track`, ...), or the host name (`checkout-canary`, `checkout-primary`).
 * When every destination is only a version (`v1`, `v2`), the lowest is stable and the highest the
 * canary. Returns one role (or undefined) per destination.
 */
export function classifyDestinations(
  destinations: readonly Destination[],
  subsetLabels: (d: Destination) => Labels | undefined,
  shortHost: (d: Destination) => string,
): (Role | undefined)[] {
  const names = destinations.map((d) => {
    const labels = subsetLabels(d) ?? {};
    const track = TRACK_LABELS.map((k) => labels[k]).find((v) => v !== undefined);
    return { subset: d.subset, track, host: shortHost(d) };
  });
  const roles = names.map(
    (n) =>
      (n.subset !== undefined ? roleOfWords(n.subset) : undefined) ??
      (n.track !== undefined ? roleOfWords(n.track) : undefined) ??
      (n.subset === undefined ? roleOfWords(n.host) : undefined),
  );
  if (roles.some((r) => r !== undefined)) return roles;
  const versions = names.map((n) => versionOf(n.subset) ?? versionOf(n.track));
  if (versions.some((v) => v === undefined)) return roles;
  const known = versions as number[][];
  let low = 0;
  let high = 0;
  known.forEach((v, i) => {
    if (compareVersions(v, known[low]) < 0) low = i;
    if (compareVersions(v, known[high]) > 0) high = i;
  });
  if (compareVersions(known[low], known[high]) === 0) return roles;
  return known.map((v) =>
    compareVersions(v, known[low]) === 0
      ? 'stable'
      : compareVersions(v, known[high]) === 0
        ? 'canary'
        : undefined,
  );
}
