/** Runs `canary-kit gate` in-process and captures its output and decision record. */
import { createGateCommand } from '../../../lib/cli/gate-command';
import { DecisionRecord } from '../../../lib/gate/record';
import { GateDependencies } from '../../../lib/gate/run-gate';
import { UsageError } from '../../../lib/cli/command';

/** What one run printed. */
export interface GateRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The JSON record (with `--format json`), else undefined. */
  readonly record: DecisionRecord | undefined;
}

/** Runs the gate command with `args` (after `gate`) and `deps`; usage errors give exit 2 like the CLI. */
export async function runGateCli(args: readonly string[], deps: GateDependencies = {}): Promise<GateRun> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (t: string) => (stdout += t),
    stderr: (t: string) => (stderr += t),
    cwd: process.cwd(),
  };
  let code: number;
  try {
    code = await createGateCommand({ env: {}, ...deps }).run(args, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr += error.message;
    code = 2;
  }
  let record: DecisionRecord | undefined;
  if (args.includes('json') && stdout.trim().startsWith('{')) record = JSON.parse(stdout) as DecisionRecord;
  return { code, stdout, stderr, record };
}

/**
 * The arguments every fake-Prometheus gate test starts with: the fake's address, a fixed time and
 * the JSON record. Tests add `--spec` and what they are about.
 */
export const FAKE_PROMETHEUS_ARGS: readonly string[] = [
  '--prometheus',
  'http://prometheus.test:9090',
  '--time',
  '2024-01-01T00:00:00Z',
  '--format',
  'json',
];
