import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deriveFigures } from './analysis';
import { unavailableReason } from './availability';
import { BenchCase, benchCases } from './cases';
import { BenchFixtures } from './fixtures';
import { CaseResult, comparisonGroups, measureGroup } from './measure';
import { BENCH_USAGE, BenchOptions, BenchUsageError, HEAVY_RUN_MS, parseBenchOptions } from './options';
import { formatMs } from './stats';
import { writeRecord } from './record';
import { renderTable } from './table';
import { checkTargets } from './targets';
import { verifyOutputs } from './verify';

/** A run that takes longer than this is killed and the case reported as failed. */
const RUN_TIMEOUT_MS = 10 * 60 * 1000;

function parseOrExit(): BenchOptions | undefined {
  try {
    const args = process.argv.slice(2);
    if (args.includes('--help') || args.includes('-h')) {
      process.stdout.write(BENCH_USAGE);
      return undefined;
    }
    return parseBenchOptions(args, process.env);
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\n\n${BENCH_USAGE}`);
    process.exitCode = 2;
    return undefined;
  }
}

async function main(): Promise<void> {
  const options = parseOrExit();
  if (!options) return;
  const distRoot = resolve(__dirname, '..'); // compiled output root: holds lib/ and bench/
  const fixtures = new BenchFixtures(mkdtempSync(join(tmpdir(), 'canary-kit-bench-')));
  const cases = benchCases(options.full).filter(
    (c) => options.only.length === 0 || options.only.some((text) => c.id.includes(text)),
  );
  const load = { start: loadavg(), end: [] as number[] };
  const log = (text: string): boolean => process.stderr.write(text);
  log(
    `canary-kit bench: ${cases.length} cases, ${options.runs} measured runs each (${options.heavyRuns} when a run ` +
      `takes over ${HEAVY_RUN_MS / 1000} s) after ${options.warmup} warm-up run(s) of each child script, ` +
      `a fresh process per run; node ${process.version}, ${cpus().length} cpus, load ${load.start.map((l) => l.toFixed(2)).join(' ')}` +
      `${options.full ? '' : '; N=1000 for Pulumi and cdk8s chart-per-service needs --full'}\n`,
  );
  const results = new Map<string, CaseResult>();
  const warmed = new Set<string>();
  const started = Date.now();
  try {
    const available: BenchCase[] = [];
    for (const c of cases) {
      const reason = await unavailableReason(c, distRoot);
      if (!reason) available.push(c);
      else results.set(c.id, { id: c.id, status: 'unavailable', reason, samples: [] });
    }
    const settings = { ...options, childDir: join(__dirname, 'child'), timeoutMs: RUN_TIMEOUT_MS };
    for (const group of comparisonGroups(available)) {
      log(`  ${group.map((c) => c.id).join(', ')}\n    `);
      for (const result of await measureGroup(group, fixtures, settings, warmed, log)) {
        results.set(result.id, result);
        log(
          ` ${result.id} ${result.median ? `${formatMs(result.median.workMs)} ms` : `FAILED: ${result.reason}`};`,
        );
      }
      log('\n');
    }
    for (const r of results.values()) if (r.status === 'unavailable') log(`  ${r.id}: ${r.reason}\n`);
    load.end = loadavg();
    const derived = deriveFigures(cases, results);
    const targets = checkTargets(cases, results, derived);
    const table = renderTable(cases, results, derived, targets);
    const verification = verifyOutputs(cases, results, fixtures);
    const missed = targets.filter((t) => t.status === 'missed');
    process.stdout.write(`\n${table}\n\n${verification.join('\n')}\n`);
    process.stdout.write(
      `\nTargets: ${targets.filter((t) => t.status === 'met').length} met, ${missed.length} missed, ` +
        `${targets.filter((t) => t.status === 'not measured').length} not measured.\n` +
        missed.map((t) => `  MISSED ${t.caseId}: ${t.target} (measured ${t.value})\n`).join('') +
        `Total ${((Date.now() - started) / 1000).toFixed(0)} s; load ${load.end.map((l) => l.toFixed(2)).join(' ')}.\n`,
    );
    const out = resolve(process.cwd(), options.out);
    writeRecord(out, { loadAverage: load, options, targets, verification, table }, cases, results, derived);
    process.stdout.write(`Wrote ${out}\n`);
    if (
      verification.some((line) => line.startsWith('FAIL')) ||
      [...results.values()].some((r) => r.status === 'failed')
    ) {
      process.exitCode = 1;
    }
  } finally {
    rmSync(fixtures.root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
