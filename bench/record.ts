import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Derived } from './analysis';
import { BenchCase } from './cases';
import { CaseResult } from './measure';
import { BenchOptions } from './options';
import { TargetCheck } from './targets';

/** Everything one `npm run bench` produced, as written to `bench/results.json`. */
export interface BenchRecord {
  /** When the run ended (ISO 8601). */
  generatedAt: string;
  /** Node version. */
  node: string;
  /** Platform and architecture. */
  platform: string;
  /** Logical CPUs and their model. */
  cpus: { count: number; model: string | undefined };
  /** Load average (1, 5, 15 min) at the start and at the end: other work on the machine skews times. */
  loadAverage: { start: number[]; end: number[] };
  /** How the run was made. */
  options: BenchOptions;
  /** Every case with its result, medians, ratios, growth and every measured sample. */
  cases: object[];
  /** Every target check. */
  targets: TargetCheck[];
  /** The output checks (`ok`/`FAIL` lines). */
  verification: string[];
  /** The printed table. */
  table: string;
}

/** Writes the run's record as JSON (the file is gitignored). */
export function writeRecord(
  file: string,
  run: Pick<BenchRecord, 'loadAverage' | 'options' | 'targets' | 'verification' | 'table'>,
  cases: readonly BenchCase[],
  results: ReadonlyMap<string, CaseResult>,
  derived: ReadonlyMap<string, Derived>,
): void {
  const record: BenchRecord = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: { count: cpus().length, model: cpus()[0]?.model },
    ...run,
    cases: cases.map(({ params: _params, ...c }) => ({
      ...c,
      ...results.get(c.id),
      derived: derived.get(c.id),
    })),
  };
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
}
