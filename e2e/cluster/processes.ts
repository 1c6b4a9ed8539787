/**
 * Starting and stopping the control plane's processes. Each runs detached in its own process group
 * with its output in `.e2e/logs/<name>.log`, so that `cluster up` can return and `cluster down` can
 * stop exactly what `up` started, by process id.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';
import { LOG_DIR } from './paths';

/** A process that `up` started. */
export interface StartedProcess {
  /** Short name, also the log file's name. */
  readonly name: string;
  /** Process id (also its process group id). */
  readonly pid: number;
  /** The log file. */
  readonly log: string;
}

/** Starts `command args` detached, logging to `.e2e/logs/<name>.log`. */
export function startProcess(
  name: string,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): StartedProcess {
  const log = join(LOG_DIR, `${name}.log`);
  const fd = openSync(log, 'a');
  try {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', fd, fd], env });
    if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
    child.unref();
    return { name, pid: child.pid, log };
  } finally {
    closeSync(fd);
  }
}

/** True while the process exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops a process group: SIGTERM, then SIGKILL after `graceMs`. Resolves when it is gone. */
export async function stopProcess(pid: number, graceMs = 5000): Promise<void> {
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        // already gone
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) signal('SIGKILL');
  while (isAlive(pid)) await sleep(50);
}

/** The last `bytes` of a log, for error messages. */
export function tailLog(log: string, bytes = 4000): string {
  try {
    const text = readFileSync(log, 'utf8');
    return text.length > bytes ? `...${text.slice(-bytes)}` : text;
  } catch {
    return '(no log)';
  }
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

/** One GET with a deadline: the status code, or undefined when nothing answered. */
export function probe(url: string, ca?: string, timeoutMs = 2000): Promise<number | undefined> {
  return new Promise((resolveProbe) => {
    const get = url.startsWith('https:') ? httpsGet : httpGet;
    const request = get(url, { ca, timeout: timeoutMs }, (response) => {
      response.resume();
      resolveProbe(response.statusCode);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolveProbe(undefined));
  });
}

/**
 * Waits until `url` answers 200, while the process lives. Throws with the log's tail when the
 * process exits or the deadline passes.
 */
export async function waitReady(
  proc: StartedProcess,
  url: string,
  options: { ca?: string; timeoutMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (!isAlive(proc.pid)) {
      throw new Error(`${proc.name} exited while starting; its log (${proc.log}):\n${tailLog(proc.log)}`);
    }
    if ((await probe(url, options.ca)) === 200) return;
    await sleep(250);
  }
  throw new Error(
    `${proc.name} was not ready at ${url} in time; its log (${proc.log}):\n${tailLog(proc.log)}`,
  );
}
