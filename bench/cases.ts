import { RoutingMode } from '../lib';
import { BenchFixtures } from './fixtures';
import { BarePulumiParams, Cdk8sParams, CliParams, LowerBoundParams, SynthParams } from './child/params';
import { BENCH_MODES } from './specs';

/** What a case measures; cases of one kind differ only in mode and N. */
export type CaseKind =
  | 'lower-bound'
  | 'core'
  | 'cdk8s'
  | 'cdk8s-per-chart'
  | 'pulumi-bare'
  | 'pulumi-component'
  | 'read-tree'
  | 'lint'
  | 'validate'
  | 'simulate'
  | 'cli-help';

/** Requests simulated by the simulate case. */
export const SIMULATED_REQUESTS = 1_000_000;

/** Service counts of the synthesis cases. */
export const SERVICE_COUNTS = [10, 100, 1000] as const;

/** One benchmark case: a child script, its params, and what its figures are compared with. */
export interface BenchCase {
  /** Unique id, e.g. `core/flagger/1000`. */
  id: string;
  /** What it measures. */
  kind: CaseKind;
  /** Row label in the table. */
  label: string;
  /** Routing mode of the services (synthesis and Pulumi cases). */
  mode?: RoutingMode;
  /** Number of services (synthesis and Pulumi cases). */
  n?: number;
  /** Child script, relative to the compiled `bench/child/` directory. */
  script: string;
  /** Id of the case its ratios are computed against. @default - none */
  baseline?: string;
  /** Exit codes a CLI case may end with (lint and validate report findings with 1). @default [0] */
  exitCodes?: number[];
  /** Builds the child's params, generating its inputs on first use. */
  params(fixtures: BenchFixtures): unknown;
}

const KIND_LABELS: Readonly<Record<CaseKind, string>> = {
  'lower-bound': 'lower bound: JSON objects → yaml',
  core: 'core synthesize() + toYaml',
  cdk8s: 'cdk8s App.synth, one chart',
  'cdk8s-per-chart': 'cdk8s App.synth, chart per service',
  'pulumi-bare': 'bare Pulumi, same objects (mocks)',
  'pulumi-component': 'Pulumi CanaryService (mocks)',
  'read-tree': 'loadManifests only (read + parse)',
  lint: 'canary-kit lint',
  validate: 'canary-kit validate',
  simulate: 'canary-kit simulate',
  'cli-help': 'canary-kit --help, cold start',
};

/** The id of a mode/N case. */
export function caseId(kind: CaseKind, mode?: RoutingMode, n?: number): string {
  return [kind, mode, n].filter((part) => part !== undefined).join('/');
}

function synthCases(mode: RoutingMode, n: number, full: boolean): BenchCase[] {
  const lower = caseId('lower-bound', mode, n);
  const derived = (kind: CaseKind, script: string, params: (output: string) => unknown): BenchCase => ({
    id: caseId(kind, mode, n),
    kind,
    label: KIND_LABELS[kind],
    mode,
    n,
    script,
    baseline: lower,
    params: (fx) => params(fx.output(caseId(kind, mode, n))),
  });
  const cases: BenchCase[] = [
    {
      id: lower,
      kind: 'lower-bound',
      label: KIND_LABELS['lower-bound'],
      mode,
      n,
      script: 'lower-bound.js',
      params: (fx): LowerBoundParams => ({ input: fx.prerendered(mode, n), output: fx.output(lower) }),
    },
    derived('core', 'core.js', (output): SynthParams => ({ mode, n, output })),
    derived('cdk8s', 'cdk8s.js', (output): Cdk8sParams => ({ mode, n, output, layout: 'one-chart' })),
  ];
  // cdk8s's App.synth re-walks the whole app for every chart: quadratic in charts, slow at 1000.
  if (full || n < 1000) {
    cases.push(
      derived('cdk8s-per-chart', 'cdk8s.js', (output): Cdk8sParams => ({
        mode,
        n,
        output,
        layout: 'chart-per-service',
      })),
    );
  }
  return cases;
}

function pulumiCases(mode: RoutingMode, n: number): BenchCase[] {
  const bare = caseId('pulumi-bare', mode, n);
  return [
    {
      id: bare,
      kind: 'pulumi-bare',
      label: KIND_LABELS['pulumi-bare'],
      mode,
      n,
      script: 'pulumi-bare.js',
      params: (fx): BarePulumiParams => ({ input: fx.prerendered(mode, n) }),
    },
    {
      id: caseId('pulumi-component', mode, n),
      kind: 'pulumi-component',
      label: KIND_LABELS['pulumi-component'],
      mode,
      n,
      script: 'pulumi-component.js',
      baseline: bare,
      params: (): SynthParams => ({ mode, n, output: '' }),
    },
  ];
}

function cliCase(kind: 'lint' | 'validate' | 'simulate', args: (fx: BenchFixtures) => string[]): BenchCase {
  return {
    id: kind,
    kind,
    label: KIND_LABELS[kind],
    script: 'cli.js',
    ...(kind === 'simulate' ? {} : { baseline: 'read-tree' }),
    exitCodes: kind === 'simulate' ? [0] : [0, 1],
    params: (fx): CliParams => ({ args: args(fx), cwd: fx.root }),
  };
}

/** Loading the tree that lint and validate read, and nothing else: what their checks add is measured against it. */
const READ_TREE: BenchCase = {
  id: 'read-tree',
  kind: 'read-tree',
  label: KIND_LABELS['read-tree'],
  script: 'read-tree.js',
  params: (fx): CliParams => ({ args: [fx.tree().dir], cwd: fx.root }),
};

/**
 * A cold `canary-kit --help`: the whole process is the figure (Node startup and module loading
 * included); the CLI loads no command module for it (lib/cli/commands.ts).
 */
const CLI_HELP: BenchCase = {
  id: 'cli-help',
  kind: 'cli-help',
  label: KIND_LABELS['cli-help'],
  script: 'cli.js',
  params: (fx): CliParams => ({ args: ['--help'], cwd: fx.root }),
};

/** Every case, in table order; Pulumi and cdk8s chart-per-service with N = 1000 only when `full`. */
export function benchCases(full: boolean): BenchCase[] {
  const cases: BenchCase[] = [];
  for (const n of SERVICE_COUNTS) for (const mode of BENCH_MODES) cases.push(...synthCases(mode, n, full));
  for (const n of SERVICE_COUNTS.filter((count) => full || count < 1000)) {
    for (const mode of BENCH_MODES) cases.push(...pulumiCases(mode, n));
  }
  cases.push(
    CLI_HELP,
    READ_TREE,
    cliCase('lint', (fx) => ['lint', fx.tree().dir]),
    cliCase('validate', (fx) => ['validate', fx.tree().dir]),
    cliCase('simulate', (fx) => {
      const input = fx.simulateInput();
      return [
        'simulate',
        input.dir,
        '--host',
        input.host,
        '--profile',
        input.profile,
        '--requests',
        String(SIMULATED_REQUESTS),
      ];
    }),
  );
  return cases;
}
