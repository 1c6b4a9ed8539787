import { runCli } from '../../lib/cli/main';
import { CliParams } from './params';
import { runChild } from './protocol';

/** How much of stderr a report keeps, to show why a command failed. */
const STDERR_KEPT = 2000;

// CLI: one `canary-kit <command>` run, as the bin runs it, with output counted instead of printed
// (a pipeline pipes it to a file or a log; the terminal's speed is not ours to measure).
runChild<CliParams>(({ args, cwd }) => {
  let chars = 0;
  let stderr = '';
  return async () => {
    const exitCode = await runCli(args, {
      stdout: (text) => {
        chars += text.length;
      },
      stderr: (text) => {
        chars += text.length;
        if (stderr.length < STDERR_KEPT) stderr += text.slice(0, STDERR_KEPT - stderr.length);
      },
      cwd,
    });
    return { exitCode, chars, ...(stderr ? { stderr } : {}) };
  };
});
