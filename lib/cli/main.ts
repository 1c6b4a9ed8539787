import { CliCommand, CliIo, EXIT_USAGE, UsageError } from './command';
import { synthCommand } from './synth-command';
import { lintCommand } from './lint-command';
import { simulateCommand } from './simulate-command';
import { validateCommand } from './validate-command';
import { gateCommand } from './gate-command';
import { writeStdout } from './output-guard';

/**
 * Every sub-command, in the order `canary-kit --help` lists them.
 * To add a command: write `lib/cli/<name>-command.ts` exporting a `CliCommand`, then add it here.
 */
const COMMANDS: readonly CliCommand[] = [
  synthCommand,
  lintCommand,
  simulateCommand,
  validateCommand,
  gateCommand,
];

/**
 * The process streams and working directory, used by the `canary-kit` bin. Standard output goes
 * through the output guard (EPIPE and write errors, see `output-guard.ts`).
 */
export const processIo: CliIo = {
  stdout: (text) => writeStdout(text),
  stderr: (text) => {
    try {
      process.stderr.write(text);
    } catch {
      // standard error is gone: nothing left to tell
    }
  },
  cwd: process.cwd(),
};

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: canary-kit <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'canary-kit <command> --help' for a command's options.\n`;
}

/**
 * Runs `canary-kit` with the given arguments (without `node` and the script path) and resolves
 * to the exit code. Usage errors print the command's usage and resolve to 2; unexpected errors
 * print one line, never a stack trace, unless CANARY_KIT_DEBUG is set.
 */
export async function runCli(args: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`canary-kit: unknown command '${name}'.\n\n${help()}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`canary-kit ${name}: ${error.message}\n\n${command.usage}`);
      return EXIT_USAGE;
    }
    if (process.env.CANARY_KIT_DEBUG) throw error;
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`canary-kit ${name}: ${message}\n`);
    return EXIT_USAGE;
  }
}
