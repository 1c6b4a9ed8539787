import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../lib/cli/main';
import { BenchCase } from './cases';

/** True when `canary-kit <command> --help` succeeds, i.e. the command is registered in lib/cli/main.ts. */
async function commandExists(command: string): Promise<boolean> {
  const ignore = (): void => undefined;
  return (await runCli([command, '--help'], { stdout: ignore, stderr: ignore, cwd: process.cwd() })) === 0;
}

/**
 * Why a case cannot run yet (its code has not landed in this tree), or undefined when it can.
 * `distRoot` is the compiled output root (the directory holding `lib/` and `bench/`).
 */
export async function unavailableReason(c: BenchCase, distRoot: string): Promise<string | undefined> {
  const pulumi = c.kind === 'pulumi-component' || c.kind === 'pulumi-bare';
  if (pulumi && !existsSync(join(distRoot, 'lib', 'pulumi', 'index.js'))) {
    return 'not available yet: lib/pulumi (the Pulumi component) has not landed';
  }
  if (
    (c.kind === 'lint' || c.kind === 'validate' || c.kind === 'simulate') &&
    !(await commandExists(c.kind))
  ) {
    return `not available yet: 'canary-kit ${c.kind}' is not registered in lib/cli/main.ts`;
  }
  return undefined;
}
