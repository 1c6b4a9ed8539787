/**
 * Standard output of the `canary-kit` process, guarded:
 * - EPIPE (the reader went away: `canary-kit validate ... | head -1`) ends output quietly: later
 *   writes are dropped and the command keeps its own exit code;
 * - any other write error (ENOSPC on `> /dev/full`, EIO) prints one line to standard error, drops
 *   later writes and makes the exit code 2, except for `gate`, whose exit code must keep saying
 *   what it applied (the file or cluster was already changed when the record is printed).
 * Never a stack trace.
 */

let closed = false;
let failure: NodeJS.ErrnoException | undefined;
let keepExitCode = false;

function onError(error: NodeJS.ErrnoException): void {
  if (error.code === 'EPIPE') {
    closed = true;
    return;
  }
  if (failure) return;
  failure = error;
  try {
    process.stderr.write(
      `canary-kit: cannot write to standard output (${error.code ?? error.message}); the output is incomplete\n`,
    );
  } catch {
    // standard error is gone too: nothing left to tell
  }
  if (!keepExitCode) process.exitCode = 2;
}

/** Writes to standard output unless it failed or closed; never throws. */
export function writeStdout(text: string): void {
  if (closed || failure) return;
  try {
    process.stdout.write(text);
  } catch (error) {
    onError(error as NodeJS.ErrnoException);
  }
}

/**
 * Installs the guard for a run of `canary-kit <args>`; call once, before the command runs.
 * Standard error gets the same EPIPE treatment (a closed log pipe never crashes the run).
 */
export function installOutputGuard(args: readonly string[]): void {
  keepExitCode = args[0] === 'gate';
  process.stdout.on('error', onError);
  process.stderr.on('error', () => undefined);
}

/** The exit code of the process: the command's, or 2 after an output error (see the module comment). */
export function exitCodeAfterOutput(commandCode: number): number {
  return failure && !keepExitCode ? 2 : commandCode;
}
