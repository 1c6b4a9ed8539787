import { closestName } from '../util/suggest';
import { CliIo, EXIT_USAGE, UsageError } from './command';
import { CommandEntry, COMMANDS } from './commands';
import { packageVersion } from './version';
import { writeStdout } from './output-guard';

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
  return [
    'Usage: canary-kit <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  -h, --help     this help; `canary-kit help <command>` or `canary-kit <command> --help` for a command',
    '  -v, --version  the version of canary-kit',
    '',
  ].join('\n');
}

/** The entry of a command name, or a usage error suggesting the nearest name. */
function findCommand(name: string): CommandEntry | string {
  const entry = COMMANDS.find((c) => c.name === name);
  if (entry) return entry;
  const guess = closestName(
    name,
    COMMANDS.map((c) => c.name),
  );
  const hint = guess ? ` Did you mean '${guess}'?` : '';
  return `canary-kit: unknown command '${name}'.${hint}\n\n${help()}`;
}

/**
 * Runs `canary-kit` with the given arguments (without `node` and the script path) and resolves
 * to the exit code. Usage errors print the command's usage and resolve to 2; unexpected errors
 * print one line, never a stack trace, unless CANARY_KIT_DEBUG is set.
 */
export async function runCli(args: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h') {
    io.stdout(help());
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${packageVersion()}\n`);
    return 0;
  }
  if (name === 'help') {
    if (rest.length === 0) {
      io.stdout(help());
      return 0;
    }
    const entry = findCommand(rest[0]);
    if (typeof entry === 'string') {
      io.stderr(entry);
      return EXIT_USAGE;
    }
    io.stdout((await entry.load()).usage);
    return 0;
  }
  const entry = findCommand(name);
  if (typeof entry === 'string') {
    io.stderr(entry);
    return EXIT_USAGE;
  }
  const command = await entry.load();
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
