/** How `npm run bench` runs, from its flags and environment. */
export interface BenchOptions {
  /** Also run the slow cases (Pulumi with N = 1000). Flag `--full` or `BENCH_FULL=1`. @default false */
  full: boolean;
  /** Measured runs per case, each in a fresh process. Flag `--runs N` or `BENCH_RUNS`. @default 5 */
  runs: number;
  /**
   * Measured runs of a heavy case (its first run took over `HEAVY_RUN_MS`), to keep the default
   * run within minutes on 2 cores. `--runs N` sets this too. @default 3
   */
  heavyRuns: number;
  /**
   * Discarded runs of each child script before its first case is measured (every run is a fresh
   * process, so a warm-up only loads the script's modules into the page cache). Flag `--warmup N`
   * or `BENCH_WARMUP`. @default 1
   */
  warmup: number;
  /** Only cases whose id contains one of these. Flag `--only a,b` (repeatable). @default every case */
  only: string[];
  /** Where to write the results, relative to the working directory. Flag `--out FILE`. @default bench/results.json */
  out: string;
}

/** A case whose first run takes longer than this (ms) is heavy: it gets `heavyRuns` measured runs. */
export const HEAVY_RUN_MS = 2000;

/** The usage text of the runner. */
export const BENCH_USAGE = `Usage: npm run bench [-- [--full] [--runs N] [--warmup N] [--only TEXT[,TEXT]] [--out FILE]]

  --full        also run Pulumi and cdk8s chart-per-service with N = 1000 (slow; env BENCH_FULL=1)
  --runs N      measured runs per case, each in a fresh process (default 5, and 3 for
                a case whose first run takes over 2 s; env BENCH_RUNS)
  --warmup N    discarded runs of each child script before its first measured run
                (default 1; env BENCH_WARMUP)
  --only TEXT   only cases whose id contains TEXT, e.g. --only core,lower (repeatable)
  --out FILE    results file (default bench/results.json)
`;

/** A bad flag; the runner prints the message and the usage. */
export class BenchUsageError extends Error {}

function count(name: string, value: string | undefined, min: number): number {
  const parsed = Number(value);
  if (value === undefined || !Number.isInteger(parsed) || parsed < min) {
    throw new BenchUsageError(`${name} must be an integer >= ${min}, got '${value ?? ''}'.`);
  }
  return parsed;
}

function text(name: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new BenchUsageError(`${name} needs a value.`);
  return value;
}

/** Parses the runner's arguments (after `node run.js`) and environment. */
export function parseBenchOptions(args: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  const options: BenchOptions = {
    full: env.BENCH_FULL === '1' || env.BENCH_FULL === 'true',
    runs: env.BENCH_RUNS === undefined ? 5 : count('BENCH_RUNS', env.BENCH_RUNS, 1),
    heavyRuns: env.BENCH_RUNS === undefined ? 3 : count('BENCH_RUNS', env.BENCH_RUNS, 1),
    warmup: env.BENCH_WARMUP === undefined ? 1 : count('BENCH_WARMUP', env.BENCH_WARMUP, 0),
    only: [],
    out: 'bench/results.json',
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string | undefined => args[++i];
    if (arg === '--full') options.full = true;
    else if (arg === '--runs') options.runs = options.heavyRuns = count('--runs', value(), 1);
    else if (arg === '--warmup') options.warmup = count('--warmup', value(), 0);
    else if (arg === '--only') options.only.push(...text('--only', value()).split(',').filter(Boolean));
    else if (arg === '--out') options.out = text('--out', value());
    else throw new BenchUsageError(`unknown argument '${arg}'.`);
  }
  return options;
}
