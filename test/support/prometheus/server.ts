/**
 * A real Prometheus server on 127.0.0.1 for tests, loaded with backfilled data.
 *
 * Facts used (Prometheus storage docs, checked against Debian's prometheus 2.42):
 * - `promtool tsdb create-blocks-from openmetrics <file> <dir>` writes TSDB blocks that a server
 *   started with `--storage.tsdb.path=<dir>` loads at startup. Backfilling into the time range of
 *   the head block (roughly the last 3 hours) is unsafe, so scenarios end at a fixed time long past
 *   (`FIXED_END_TIME_SECONDS`), and the retention is set far beyond their age so that no block is
 *   deleted at startup.
 * - `/-/ready` answers 200 once the server serves queries; `/api/v1/query?query=&time=` evaluates
 *   an instant query at a given unix time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from './run';
import { makeTempDir, removeTempDir } from './temp-dir';
import { freePort } from '../../../e2e/cluster/ports';

/** What the server starts with. */
export interface StartPrometheusOptions {
  /** OpenMetrics text (ending with `# EOF`) to backfill with promtool before the server starts. */
  readonly openMetrics?: string;
  /** A directory of TSDB blocks to serve (copied first: the server never writes into it). */
  readonly blocksDir?: string;
  /**
   * How long to wait for `/-/ready` before giving up.
   * @default 30000
   */
  readonly readyTimeoutMs?: number;
}

/** A running Prometheus server. */
export interface PrometheusServer {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  /** Process id of the server. */
  readonly pid: number;
  /** Stops the server and removes its temporary directory; safe to call more than once. */
  stop(): Promise<void>;
}

/** Default time to wait for readiness. */
export const DEFAULT_READY_TIMEOUT_MS = 30_000;
/** Retention of the test server: far beyond the age of the fixed scenario time. */
export const TEST_RETENTION = '100y';
const PORT_ATTEMPTS = 3;
const LOG_LIMIT = 16_384;

/** Servers not yet stopped; killed when the test process exits, whatever happened. */
const running = new Set<{ child: ChildProcess; root: string }>();
let exitHookInstalled = false;

/**
 * Backfills the data (if any), starts `prometheus` on a random free port of 127.0.0.1 and waits
 * until it is ready. Throws, with promtool's or the server's output, when any step fails.
 */
export async function startPrometheus(options: StartPrometheusOptions = {}): Promise<PrometheusServer> {
  if (options.openMetrics !== undefined && options.blocksDir !== undefined) {
    throw new Error('startPrometheus: give openMetrics or blocksDir, not both');
  }
  installExitHook();
  const root = makeTempDir('prometheus');
  try {
    const dataDir = join(root, 'data');
    const configFile = join(root, 'prometheus.yml');
    // No scrape jobs: the server only serves the backfilled blocks.
    writeFileSync(configFile, 'global:\n  scrape_interval: 1m\n  evaluation_interval: 1m\n');
    if (options.openMetrics !== undefined) await backfill(options.openMetrics, root, dataDir);
    else if (options.blocksDir !== undefined) cpSync(options.blocksDir, dataDir, { recursive: true });
    let lastError: Error | undefined;
    for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      try {
        return await launch(root, dataDir, configFile, options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS);
      } catch (error) {
        lastError = error as Error;
        // Another process took the port between our probe and the server's bind: try another one.
        if (!/address already in use/i.test(lastError.message)) break;
      }
    }
    throw lastError ?? new Error('prometheus did not start');
  } catch (error) {
    removeTempDir(root);
    throw error;
  }
}

/** Writes the OpenMetrics text and turns it into TSDB blocks in `dataDir`. */
async function backfill(openMetrics: string, root: string, dataDir: string): Promise<void> {
  if (!openMetrics.endsWith('# EOF\n') && !openMetrics.endsWith('# EOF')) {
    throw new Error('startPrometheus: the OpenMetrics text must end with "# EOF"');
  }
  const input = join(root, 'backfill.om');
  writeFileSync(input, openMetrics);
  const result = await runCommand('promtool', [
    'tsdb',
    'create-blocks-from',
    'openmetrics',
    '-q',
    input,
    dataDir,
  ]);
  if (result.exitCode !== 0) {
    throw new Error(
      `promtool tsdb create-blocks-from openmetrics failed (exit ${result.exitCode}):\n${result.stderr}${result.stdout}`,
    );
  }
}

async function launch(
  root: string,
  dataDir: string,
  configFile: string,
  timeoutMs: number,
): Promise<PrometheusServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    'prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      `--storage.tsdb.retention.time=${TEST_RETENTION}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-LOG_LIMIT);
  });
  const exited = new Promise<string>((resolve) => {
    child.on('error', (error) => resolve(`cannot run prometheus: ${error.message}`));
    child.on('exit', (code, signal) => resolve(`prometheus exited (code ${code}, signal ${signal})`));
  });
  const entry = { child, root };
  running.add(entry);
  const ready = await Promise.race([waitReady(url, timeoutMs), exited.then((why) => why)]);
  if (ready !== true) {
    await killAndWait(child, exited);
    running.delete(entry);
    throw new Error(`${ready === false ? `prometheus not ready within ${timeoutMs} ms` : ready}:\n${log}`);
  }
  let stopped: Promise<void> | undefined;
  return {
    url,
    pid: child.pid ?? -1,
    stop: () => {
      stopped ??= killAndWait(child, exited).then(() => {
        running.delete(entry);
        removeTempDir(root);
      });
      return stopped;
    },
  };
}

/** Polls `/-/ready` until it answers 200 (true) or the time is up (false). */
async function waitReady(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the process has exited. */
async function killAndWait(child: ChildProcess, exited: Promise<string>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Kills every server still running when the test process exits (a crashed or interrupted test). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const { child, root } of running) {
      child.kill('SIGKILL');
      removeTempDir(root);
    }
  });
}

/** Instant queries against the server (`/api/v1/query`), re-exported for callers of `startPrometheus`. */
export { query, queryValue, PrometheusQueryError } from './query';
