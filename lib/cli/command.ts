/**
 * One `canary-kit` sub-command: a thin shell over a core function.
 * `run` returns the process exit code; it never calls `process.exit` itself.
 */
export interface CliCommand {
  /** The word after `canary-kit`, e.g. `synth`. */
  readonly name: string;
  /** One line for `canary-kit --help`. */
  readonly summary: string;
  /** The full usage text printed by `canary-kit <name> --help` and on usage errors. */
  readonly usage: string;
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Where a command writes; tests pass buffers, the bin passes the process streams. */
export interface CliIo {
  /** Normal output (reports, YAML, JSON). */
  readonly stdout: (text: string) => void;
  /** Diagnostics and errors. */
  readonly stderr: (text: string) => void;
  /** Working directory against which relative paths resolve. */
  readonly cwd: string;
}

/** Exit code for a usage or configuration error, shared by every command. */
export const EXIT_USAGE = 2;

/** Thrown by argument parsing; the CLI prints the message and the command's usage, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
