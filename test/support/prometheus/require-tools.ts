/**
 * Tests that need `promtool` or the `prometheus` server fail, naming the install command, when a
 * binary is missing. A developer may skip them locally with `CANARY_KIT_SKIP_PROMETHEUS=1`; in CI
 * (`CI` set) that variable is ignored and the tests still fail.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { before, describe } from 'node:test';

/** The command that installs both binaries (Debian's `prometheus` package). */
export const PROMETHEUS_INSTALL_HINT = 'install with: apt-get install -y prometheus';
/** Environment variable that lets a developer skip these tests locally when the binaries are missing. */
export const SKIP_PROMETHEUS_ENV = 'CANARY_KIT_SKIP_PROMETHEUS';
/** The binaries these tests run. */
export const PROMETHEUS_TOOLS: readonly string[] = ['promtool', 'prometheus'];

/** Finds an executable on `PATH`, like `which`; undefined when there is none. */
export function findExecutable(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here: try the next directory
    }
  }
  return undefined;
}

/** The binaries of {@link PROMETHEUS_TOOLS} that are not on `PATH`. */
export function missingPrometheusTools(env: NodeJS.ProcessEnv = process.env): string[] {
  return PROMETHEUS_TOOLS.filter((tool) => findExecutable(tool, env.PATH ?? '') === undefined);
}

/** True when running in CI: `CI` is set to anything but an empty string, `0` or `false`. */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** How a suite that needs the binaries must behave here. */
export interface ToolsVerdict {
  /** `run`: binaries present; `skip`: missing, skip allowed; `fail`: missing, the tests must fail. */
  readonly action: 'run' | 'skip' | 'fail';
  /** Why, with the install command (empty when `action` is `run`). */
  readonly message: string;
}

/** Decides whether tests that need promtool/prometheus run, skip or fail. */
export function prometheusToolsVerdict(env: NodeJS.ProcessEnv = process.env): ToolsVerdict {
  const missing = missingPrometheusTools(env);
  if (missing.length === 0) return { action: 'run', message: '' };
  const what = `${missing.join(' and ')} not found on PATH; ${PROMETHEUS_INSTALL_HINT}`;
  if (env[SKIP_PROMETHEUS_ENV] === '1') {
    if (isCi(env)) {
      return { action: 'fail', message: `${what} (${SKIP_PROMETHEUS_ENV}=1 is ignored in CI)` };
    }
    return { action: 'skip', message: `${what} (skipped because ${SKIP_PROMETHEUS_ENV}=1)` };
  }
  return {
    action: 'fail',
    message: `${what} (or set ${SKIP_PROMETHEUS_ENV}=1 to skip these tests locally, never in CI)`,
  };
}

/** Throws the install command when the binaries are missing and skipping is not allowed. */
export function requirePrometheusTools(): void {
  const verdict = prometheusToolsVerdict();
  if (verdict.action === 'fail') throw new Error(verdict.message);
}

/**
 * A `describe` whose tests need promtool/prometheus: skipped with the reason when skipping is
 * allowed, otherwise every test in it fails with the install command when a binary is missing.
 */
export function describeWithPrometheusTools(name: string, body: () => void): void {
  const verdict = prometheusToolsVerdict();
  describe(name, verdict.action === 'skip' ? { skip: verdict.message } : {}, () => {
    before(requirePrometheusTools);
    body();
  });
}
