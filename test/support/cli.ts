import { runCli } from '../../lib/cli/main';

/** What one in-process run of the CLI printed and returned. */
export interface CliRun {
  /** The exit code. */
  readonly code: number;
  /** Everything written to standard output. */
  readonly stdout: string;
  /** Everything written to standard error. */
  readonly stderr: string;
}

/** Runs `canary-kit <args>` in-process (the same code path as the bin) and captures its output. */
export async function cli(args: readonly string[], cwd = process.cwd()): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd });
  return { code, stdout, stderr };
}
