import { at, LintRule, routesOfVirtualService } from '../rule';
import { effectiveShares, formatShare, routeLabel, shortDestinationLabel } from '../routes';

/** Integer percentages that sum to 100, closest to `shares` (largest remainder). */
export function roundedPercentages(shares: readonly number[]): number[] {
  const raw = shares.map((s) => s * 100);
  const floors = raw.map(Math.floor);
  let missing = 100 - floors.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, rest: r - floors[i] })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (missing <= 0) break;
    floors[i]++;
    missing--;
  }
  return floors;
}

/**
 * Weights that do not sum to 100. Istio accepts them and divides each weight by the sum, so the
 * split the author wrote is not the split users get; the finding says what each destination gets.
 */
export const weightsSum: LintRule = {
  id: 'weights-sum',
  severity: 'warning',
  summary: 'Weights do not sum to 100: Istio divides by the sum; the finding gives each real share.',
  *check(model) {
    for (const vs of model.virtualServices) {
      const object = vs.object;
      if (!object) continue;
      for (const route of routesOfVirtualService(model, vs)) {
        const ds = route.destinations;
        if (ds.length === 0) continue;
        if (ds.length === 1) {
          const w = ds[0].weight;
          if (w !== undefined && w >= 0 && w !== 100 && Number.isInteger(w)) {
            yield at(
              object,
              [...ds[0].path, 'weight'],
              `${shortDestinationLabel(ds[0])} is the only destination of ${routeLabel(route)}: it receives 100% of requests, not ${w}% (Istio ignores the weight of a single destination).`,
              w === 0
                ? `To send this route's requests elsewhere, route them to another destination; otherwise remove the weight.`
                : `Remove the weight or set it to 100; to split traffic, add the other destination with weight ${100 - w}.`,
            );
          }
          continue;
        }
        const shares = effectiveShares(ds.map((d) => d.weight));
        if (!shares || ds.some((d) => d.weight !== undefined && !Number.isInteger(d.weight))) continue;
        const sum = ds.reduce((acc, d) => acc + (d.weight ?? 0), 0);
        if (sum === 100) continue;
        const parts = ds.map(
          (d, i) =>
            `${shortDestinationLabel(d)} gets ${formatShare(shares[i])} (${d.weight === undefined ? 'no weight' : `weight ${d.weight}`})`,
        );
        const suggestion = roundedPercentages(shares);
        yield at(
          object,
          [...route.path, 'route'],
          `the weights of ${routeLabel(route)} sum to ${sum}, not 100; Istio divides each weight by the sum, so ${parts.join(', ')}.`,
          `Make the weights sum to 100, e.g. ${ds.map((d, i) => `${shortDestinationLabel(d)}: ${suggestion[i]}`).join(', ')}.`,
        );
      }
    }
  },
};
