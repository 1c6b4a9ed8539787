/**
 * Runs a command to completion and captures its output; used for `promtool`.
 */
import { spawn } from 'node:child_process';

/** What a finished command printed and returned. */
export interface CommandResult {
  /** Exit code; -1 when the process was killed by a signal or could not start. */
  readonly exitCode: number;
  /** Everything written to standard output. */
  readonly stdout: string;
  /** Everything written to standard error (or why the process could not start). */
  readonly stderr: string;
}

/**
 * Runs `command args...` with no shell, waits for it to exit and returns its output. Never throws:
 * a missing binary is reported as exit code -1 with the reason in `stderr`.
 * @param timeoutMs - kill the command after this long
 */
export function runCommand(
  command: string,
  args: readonly string[],
  timeoutMs = 60_000,
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ exitCode: -1, stdout: '', stderr: `cannot run ${command}: ${error.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        exitCode: code ?? -1,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}
