import { BenchCase, caseId } from './cases';
import { CaseResult } from './measure';
import { ratio } from './stats';

/** Figures computed from two cases: ratios to the baseline and growth from N = 100 to N = 1000. */
export interface Derived {
  /** Work time / the baseline's work time. */
  timeRatio?: number;
  /** CPU time / the baseline's CPU time. */
  cpuRatio?: number;
  /** Peak RSS / the baseline's peak RSS. */
  rssRatio?: number;
  /** Work time at N = 1000 / at N = 100 (same kind and mode); linear is about 10. */
  timeGrowth?: number;
  /** Memory the work added at N = 1000 / at N = 100; linear is about 10. */
  memGrowth?: number;
}

/** N of the small and large end of the growth figure. */
export const GROWTH_FROM = 100;
/** See `GROWTH_FROM`. */
export const GROWTH_TO = 1000;

/** Ratios and growth for every measured case, by case id. */
export function deriveFigures(
  cases: readonly BenchCase[],
  results: ReadonlyMap<string, CaseResult>,
): Map<string, Derived> {
  const derived = new Map<string, Derived>();
  for (const c of cases) {
    const own = results.get(c.id)?.median;
    if (!own) continue;
    const d: Derived = {};
    const base = c.baseline ? results.get(c.baseline)?.median : undefined;
    if (base) {
      d.timeRatio = ratio(own.workMs, base.workMs);
      d.cpuRatio = ratio(own.cpuMs, base.cpuMs);
      d.rssRatio = ratio(own.peakRssKb, base.peakRssKb);
    }
    if (c.n === GROWTH_TO) {
      const small = results.get(caseId(c.kind, c.mode, GROWTH_FROM))?.median;
      if (small) {
        d.timeGrowth = ratio(own.workMs, small.workMs);
        d.memGrowth = ratio(own.workRssKb, small.workRssKb);
      }
    }
    derived.set(c.id, d);
  }
  return derived;
}
