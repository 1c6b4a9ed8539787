import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** What a benchmark child process reports to the runner, in a JSON file the runner names. */
export interface ChildReport {
  /** Wall time of the measured work only, in milliseconds. */
  workMs: number;
  /** CPU time (user + system, every thread) the process spent during the work, in milliseconds. */
  cpuMs: number;
  /** Time from process start to the start of the work (Node startup, module loading, input reading). */
  setupMs: number;
  /** Peak resident set size before the work started, in kilobytes (`process.resourceUsage().maxRSS`). */
  setupRssKb: number;
  /** Peak resident set size of the whole process, in kilobytes. */
  peakRssKb: number;
  /** What the work returned: an exit code (CLI cases), a count of objects or bytes written. */
  outcome: WorkOutcome;
}

/** Facts the work reports about what it did, so the runner can check every run did the same. */
export interface WorkOutcome {
  /** Exit code of a CLI command. */
  exitCode?: number;
  /** Objects written or registered. */
  objects?: number;
  /** Characters of output produced (YAML text, or what a CLI command printed). */
  chars?: number;
  /** The start of what a CLI command wrote to stderr, to show when it failed. */
  stderr?: string;
}

/** The measured part of a case: runs once, after setup. */
export type Work = () => Promise<WorkOutcome> | WorkOutcome;

/**
 * The main of a child script: `node child.js '<params JSON>' <report file>`. Calls `setup` with the
 * parsed params (untimed: reading inputs, building specs), times the returned work once, and writes
 * a `ChildReport` to the report file. Errors go to stderr with exit code 1; the runner shows them.
 */
export function runChild<P>(setup: (params: P) => Promise<Work> | Work): void {
  const [paramsJson, reportFile] = process.argv.slice(2);
  if (paramsJson === undefined || reportFile === undefined) {
    process.stderr.write('usage: node <child>.js <params JSON> <report file>\n');
    process.exitCode = 2;
    return;
  }
  void (async () => {
    const work = await setup(JSON.parse(paramsJson) as P);
    const setupRssKb = process.resourceUsage().maxRSS;
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const outcome = await work();
    const workMs = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    const report: ChildReport = {
      workMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      setupMs: start,
      setupRssKb,
      peakRssKb: process.resourceUsage().maxRSS,
      outcome,
    };
    writeFileSync(reportFile, JSON.stringify(report));
  })().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
