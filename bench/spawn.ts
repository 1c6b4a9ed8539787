import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { ChildReport } from './child/protocol';

/** One run of a case in its own process. */
export interface RunSample {
  /** What the child measured and reported. */
  report: ChildReport;
  /** Wall time from spawn to exit, as the parent saw it (Node startup and module loading included). */
  processMs: number;
}

/** Most stderr kept from a failed child. */
const STDERR_KEPT = 4000;

/**
 * Runs `node <script> <params JSON> <report file>` in a fresh process, waits for it, and returns
 * its report. Rejects with the child's stderr when it fails, times out, or writes no report.
 */
export function runInFreshProcess(
  script: string,
  params: unknown,
  reportFile: string,
  timeoutMs: number,
): Promise<RunSample> {
  rmSync(reportFile, { force: true });
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [script, JSON.stringify(params), reportFile], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: timeoutMs,
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < STDERR_KEPT) stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const processMs = performance.now() - start;
      if (code !== 0) {
        const why = signal
          ? `killed by ${signal}${signal === 'SIGTERM' ? ` (timeout ${timeoutMs} ms?)` : ''}`
          : `exit ${code}`;
        reject(new Error(`${why}: ${stderr.trim().slice(0, STDERR_KEPT) || 'no output'}`));
        return;
      }
      try {
        resolve({ report: JSON.parse(readFileSync(reportFile, 'utf8')) as ChildReport, processMs });
      } catch (error) {
        reject(new Error(`no report from the child (${(error as Error).message}); stderr: ${stderr.trim()}`));
      }
    });
  });
}
