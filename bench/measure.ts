import { join } from 'node:path';
import { BenchCase } from './cases';
import { WorkOutcome } from './child/protocol';
import { BenchFixtures } from './fixtures';
import { HEAVY_RUN_MS } from './options';
import { RunSample, runInFreshProcess } from './spawn';
import { median } from './stats';

/** Median figures of a case's measured runs. */
export interface CaseFigures {
  /** Wall time of the work itself (what the child timed), ms. */
  workMs: number;
  /** CPU time of the work (user + system, all threads), ms: steadier than wall time on a busy machine. */
  cpuMs: number;
  /** Wall time of the whole process (spawn to exit), ms. */
  processMs: number;
  /** Process start to work start (Node startup, module loading, reading inputs), ms. */
  setupMs: number;
  /** Peak RSS of the process, KB. */
  peakRssKb: number;
  /** Peak RSS minus the RSS reached before the work: the memory the work itself added, KB. */
  workRssKb: number;
}

/** What happened to one case. */
export interface CaseResult {
  /** The case's id. */
  id: string;
  /** `ok`: measured; `unavailable`: its code has not landed yet; `failed`: a run failed. */
  status: 'ok' | 'unavailable' | 'failed';
  /** Why it is unavailable or failed. */
  reason?: string;
  /** Median figures of the measured runs (when ok). */
  median?: CaseFigures;
  /** What the work reported (objects, output size, exit code) in the last run. */
  outcome?: WorkOutcome;
  /** Every measured run (warm-up runs are not kept). */
  samples: RunSample[];
}

/** Runs per case and where the compiled child scripts are. */
export interface MeasureSettings {
  /** Discarded runs first (0 when the child script was already warmed up by an earlier case). */
  warmup: number;
  /** Measured runs. */
  runs: number;
  /** Measured runs of a case whose first run took over `HEAVY_RUN_MS`. */
  heavyRuns: number;
  /** Compiled `bench/child/` directory. */
  childDir: string;
  /** Kill a run after this long. */
  timeoutMs: number;
}

function checkOutcome(c: BenchCase, samples: readonly RunSample[]): string | undefined {
  const allowed = c.exitCodes ?? [0];
  for (const { report } of samples) {
    const code = report.outcome.exitCode;
    if (code !== undefined && !allowed.includes(code)) {
      return `exit code ${code} (expected ${allowed.join(' or ')}): ${report.outcome.stderr ?? ''}`.trim();
    }
  }
  const objects = new Set(samples.map((s) => s.report.outcome.objects));
  if (objects.size > 1) return `runs disagree on the object count: ${[...objects].join(', ')}`;
  return undefined;
}

/**
 * Groups the cases that are compared with one another: a baseline and every case whose ratios
 * are to it, in table order. Cases without a baseline relation are groups of one.
 */
export function comparisonGroups(cases: readonly BenchCase[]): BenchCase[][] {
  const groups = new Map<string, BenchCase[]>();
  for (const c of cases) {
    const key = c.baseline ?? c.id;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()];
}

function summarize(c: BenchCase, samples: RunSample[], failure: string | undefined): CaseResult {
  if (failure) return { id: c.id, status: 'failed', reason: failure, samples };
  const problem = checkOutcome(c, samples);
  if (problem) return { id: c.id, status: 'failed', reason: problem, samples };
  const of = (pick: (s: RunSample) => number): number => median(samples.map(pick));
  return {
    id: c.id,
    status: 'ok',
    median: {
      workMs: of((s) => s.report.workMs),
      cpuMs: of((s) => s.report.cpuMs),
      processMs: of((s) => s.processMs),
      setupMs: of((s) => s.report.setupMs),
      peakRssKb: of((s) => s.report.peakRssKb),
      workRssKb: of((s) => s.report.peakRssKb - s.report.setupRssKb),
    },
    outcome: samples[samples.length - 1].report.outcome,
    samples,
  };
}

/**
 * Measures a comparison group, each run in a fresh process: first `warmup` discarded runs of
 * every child script that has not run yet (`warmed` records them), then rounds that run each case
 * once, in turn, so that a baseline and the cases compared with it see the same machine load.
 * `runs` rounds, or `heavyRuns` when a case's first run takes over `HEAVY_RUN_MS`. A case that
 * fails is reported as failed and left out of later rounds.
 */
export async function measureGroup(
  group: readonly BenchCase[],
  fixtures: BenchFixtures,
  settings: MeasureSettings,
  warmed: Set<string>,
  progress: (text: string) => void,
): Promise<CaseResult[]> {
  const params = group.map((c) => c.params(fixtures));
  const reportFile = join(fixtures.root, 'report.json');
  const run = (i: number): Promise<RunSample> =>
    runInFreshProcess(join(settings.childDir, group[i].script), params[i], reportFile, settings.timeoutMs);
  const samples: RunSample[][] = group.map(() => []);
  const failures = new Map<number, string>();
  for (const [i, c] of group.entries()) {
    if (warmed.has(c.script)) continue;
    warmed.add(c.script);
    for (let w = 0; w < settings.warmup && !failures.has(i); w++) {
      await run(i).then(
        () => progress('w'),
        (error: Error) => failures.set(i, error.message),
      );
    }
  }
  let rounds = settings.runs;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < group.length; i++) {
      if (failures.has(i)) continue;
      try {
        const sample = await run(i);
        samples[i].push(sample);
        if (round === 0 && sample.processMs > HEAVY_RUN_MS) rounds = settings.heavyRuns;
        progress('.');
      } catch (error) {
        failures.set(i, (error as Error).message);
        progress('x');
      }
    }
  }
  return group.map((c, i) => summarize(c, samples[i], failures.get(i)));
}
