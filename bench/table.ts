import { Derived } from './analysis';
import { BenchCase } from './cases';
import { CaseResult } from './measure';
import { TargetCheck } from './targets';
import { formatMb, formatMs, formatRatio } from './stats';

const HEADER = [
  'case',
  'mode',
  'N',
  'objects',
  'time ms',
  '× base',
  'cpu ms',
  '× base',
  'process ms',
  'peak RSS MB',
  '× base',
  'growth N 100→1000 (time · work mem)',
  'target / note',
];

function targetCell(checks: readonly TargetCheck[]): string {
  return checks
    .map((t) => `${t.status === 'met' ? 'met' : t.status === 'missed' ? 'MISSED' : 'n/a'} ${t.target}`)
    .join('; ');
}

function row(
  c: BenchCase,
  result: CaseResult | undefined,
  d: Derived | undefined,
  checks: TargetCheck[],
): string[] {
  const head = [c.label, c.mode ?? '', c.n === undefined ? '' : String(c.n)];
  if (!result || result.status !== 'ok' || !result.median) {
    const why =
      result?.status === 'unavailable'
        ? (result.reason ?? 'not available yet')
        : `FAILED: ${result?.reason ?? 'not run'}`;
    return [...head, '-', '-', '-', '-', '-', '-', '-', '-', '', why.split('\n')[0].slice(0, 120)];
  }
  const m = result.median;
  const growth =
    d?.timeGrowth === undefined ? '' : `${formatRatio(d.timeGrowth)} · ${formatRatio(d.memGrowth)}`;
  return [
    ...head,
    result.outcome?.objects === undefined ? '' : String(result.outcome.objects),
    formatMs(m.workMs),
    formatRatio(d?.timeRatio),
    formatMs(m.cpuMs),
    formatRatio(d?.cpuRatio),
    formatMs(m.processMs),
    formatMb(m.peakRssKb),
    formatRatio(d?.rssRatio),
    growth,
    targetCell(checks),
  ];
}

/**
 * The results as a Markdown table (readable in a terminal, pasteable into docs/BENCHMARKS.md):
 * one row per case, ratios beside the figures they are computed from.
 */
export function renderTable(
  cases: readonly BenchCase[],
  results: ReadonlyMap<string, CaseResult>,
  derived: ReadonlyMap<string, Derived>,
  checks: readonly TargetCheck[],
): string {
  const rows = [
    HEADER,
    ...cases.map((c) =>
      row(
        c,
        results.get(c.id),
        derived.get(c.id),
        checks.filter((t) => t.caseId === c.id),
      ),
    ),
  ];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const numeric = new Set([2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const line = (cells: string[]): string =>
    `| ${cells.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join('\n');
}
