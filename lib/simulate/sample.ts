import { Prng } from './prng';
import { Outcome } from './router';

/** Simulated counts: per kind, per target of its outcome, and per mirror. */
export interface SampleCounts {
  /** Requests of each kind. */
  readonly kinds: readonly number[];
  /** `targets[k][i]`: requests of kind k sent to target i of its outcome. */
  readonly targets: readonly (readonly number[])[];
  /** `mirrors[k][j]`: copies of kind k's requests sent to mirror j of its outcome. */
  readonly mirrors: readonly (readonly number[])[];
}

function cumulative(shares: readonly number[]): Float64Array {
  const out = new Float64Array(shares.length);
  let sum = 0;
  shares.forEach((s, i) => {
    sum += s;
    out[i] = sum;
  });
  if (shares.length > 0) out[shares.length - 1] = Number.POSITIVE_INFINITY; // absorb rounding
  return out;
}

function pick(table: Float64Array, total: number, r: number): number {
  const x = r * total;
  let i = 0;
  while (x >= table[i]) i++;
  return i;
}

/**
 * Sends `requests` requests, one at a time: draws the kind by its share, then the target by the
 * outcome's weights, then each mirror by its percentage. Outcomes are computed once per kind
 * (routing is deterministic); only the draws use the generator.
 */
export function sampleRequests(
  outcomes: readonly Outcome[],
  kindShares: readonly number[],
  requests: number,
  prng: Prng,
): SampleCounts {
  const kindTotal = kindShares.reduce((a, b) => a + b, 0);
  const kindTable = cumulative(kindShares);
  const targetTables = outcomes.map((o) => cumulative(o.targets.map((t) => t.share)));
  const targetTotals = outcomes.map((o) => o.targets.reduce((a, t) => a + t.share, 0));
  const kinds = new Array<number>(outcomes.length).fill(0);
  const targets = outcomes.map((o) => new Array<number>(o.targets.length).fill(0));
  const mirrors = outcomes.map((o) => new Array<number>(o.mirrors.length).fill(0));
  const single = outcomes.length === 1;
  for (let n = 0; n < requests; n++) {
    const k = single ? 0 : pick(kindTable, kindTotal, prng.next());
    kinds[k]++;
    const outcome = outcomes[k];
    const t = outcome.targets.length === 1 ? 0 : pick(targetTables[k], targetTotals[k], prng.next());
    targets[k][t]++;
    const ms = outcome.mirrors;
    for (let j = 0; j < ms.length; j++) {
      if (ms[j].share >= 1 || prng.next() < ms[j].share) mirrors[k][j]++;
    }
  }
  return { kinds, targets, mirrors };
}
