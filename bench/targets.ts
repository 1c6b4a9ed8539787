import { Derived } from './analysis';
import { BenchCase, CaseKind } from './cases';
import { CaseResult } from './measure';
import { formatMs, formatRatio, growthVerdict } from './stats';

/** One target checked against one case. */
export interface TargetCheck {
  /** The case checked. */
  caseId: string;
  /** The target, e.g. `≤ 1.2× lower bound at N = 1000`. */
  target: string;
  /** `met`, `missed`, or `not measured` (the case is unavailable or failed). */
  status: 'met' | 'missed' | 'not measured';
  /** The measured figure, as printed. */
  value: string;
}

interface Rule {
  kinds: readonly CaseKind[];
  applies: (c: BenchCase) => boolean;
  target: string;
  measure: (result: CaseResult, derived: Derived | undefined) => { ok: boolean; value: string } | undefined;
}

const ratioRule = (kind: CaseKind, max: number, target: string, onlyN?: number): Rule => ({
  kinds: [kind],
  applies: (c) => onlyN === undefined || c.n === onlyN,
  target,
  measure: (_, d) =>
    d?.timeRatio === undefined ? undefined : { ok: d.timeRatio <= max, value: formatRatio(d.timeRatio) },
});

const processTimeRule = (kind: CaseKind, maxMs: number, target: string): Rule => ({
  kinds: [kind],
  applies: () => true,
  target,
  measure: (r) =>
    r.median ? { ok: r.median.processMs < maxMs, value: `${formatMs(r.median.processMs)} ms` } : undefined,
});

/** The targets of issue 7. CLI targets are judged on the whole process, as a pipeline step pays it. */
const RULES: readonly Rule[] = [
  ratioRule('core', 1.2, '≤ 1.2× lower bound at N = 1000', 1000),
  ratioRule('cdk8s', 1.5, '≤ 1.5× lower bound at N = 1000', 1000),
  ratioRule('cdk8s-per-chart', 1.5, '≤ 1.5× lower bound at N = 1000', 1000),
  ratioRule('pulumi-component', 1.1, '≤ 1.1× bare Pulumi'),
  processTimeRule('lint', 2000, '< 2 s for 10,000 objects (whole process)'),
  processTimeRule('simulate', 1000, '< 1 s for 1,000,000 requests (whole process)'),
  processTimeRule('cli-help', 300, '< 300 ms (whole process: Node startup, loading, help)'),
  {
    kinds: ['core', 'cdk8s', 'cdk8s-per-chart', 'pulumi-component'],
    applies: (c) => c.n === 1000,
    target: 'memory linear in N (work memory ×10 N ≤ 12.5×)',
    measure: (_, d) =>
      d?.memGrowth === undefined
        ? undefined
        : { ok: growthVerdict(d.memGrowth) !== 'superlinear', value: formatRatio(d.memGrowth) },
  },
];

/** Checks every target against the cases it applies to. */
export function checkTargets(
  cases: readonly BenchCase[],
  results: ReadonlyMap<string, CaseResult>,
  derived: ReadonlyMap<string, Derived>,
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const rule of RULES) {
    for (const c of cases.filter((k) => rule.kinds.includes(k.kind) && rule.applies(k))) {
      const result = results.get(c.id);
      const measured = result?.status === 'ok' ? rule.measure(result, derived.get(c.id)) : undefined;
      checks.push({
        caseId: c.id,
        target: rule.target,
        status: measured ? (measured.ok ? 'met' : 'missed') : 'not measured',
        value: measured?.value ?? (result?.reason ?? 'not run').split('\n')[0],
      });
    }
  }
  return checks;
}
