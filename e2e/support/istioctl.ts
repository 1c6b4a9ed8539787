/**
 * Runs the real istioctl (built from Istio's 1.30 release branch, e2e/tools/istioctl) and reads its
 * findings. `istioctl analyze -o log` prints one line per message, `<Level> [<code>] (<resource>)
 * <text>`; with `--use-kube=false` it analyses files only, otherwise the live cluster of the
 * kubeconfig. `istioctl validate` runs Istio's own admission validation on files, no cluster needed.
 */
import { spawnSync } from 'node:child_process';
import { KUBECONFIG_PATH, tool } from '../cluster/paths';

/** One message of `istioctl analyze`. */
export interface AnalyzerMessage {
  readonly level: 'Error' | 'Warning' | 'Info';
  readonly code: string;
  readonly resource: string;
  readonly text: string;
  readonly line: string;
}

/** What a run printed. */
export interface IstioctlRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs istioctl with a deadline. */
export function istioctl(args: readonly string[], timeoutMs = 120_000): IstioctlRun {
  const result = spawnSync(tool('istioctl'), args, { encoding: 'utf8', timeout: timeoutMs });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Parses `istioctl analyze -o log` output. */
export function parseAnalyze(output: string): AnalyzerMessage[] {
  const messages: AnalyzerMessage[] = [];
  for (const line of output.split('\n')) {
    const m = /^(Error|Warning|Info|Warn) \[(IST\d+)\] \(([^)]*)\)\s*(.*)$/.exec(line.trim());
    if (m)
      messages.push({
        level: (m[1] === 'Warn' ? 'Warning' : m[1]) as AnalyzerMessage['level'],
        code: m[2],
        resource: m[3],
        text: m[4],
        line,
      });
  }
  return messages;
}

/** `istioctl analyze` on files only, every namespace in them. */
export function analyzeFiles(files: readonly string[]): { run: IstioctlRun; messages: AnalyzerMessage[] } {
  // `--all-namespaces`: without it istioctl analyzes only the objects of the default namespace
  // (its namespace filter applies to files too), and every namespaced finding is silently missed.
  const run = istioctl([
    'analyze',
    '--all-namespaces',
    '--use-kube=false',
    '-o',
    'log',
    '--failure-threshold',
    'Error',
    ...files,
  ]);
  return { run, messages: parseAnalyze(`${run.stdout}\n${run.stderr}`) };
}

/** `istioctl analyze` on the live objects of a namespace. */
export function analyzeLive(namespace: string): { run: IstioctlRun; messages: AnalyzerMessage[] } {
  const run = istioctl([
    'analyze',
    `--kubeconfig=${KUBECONFIG_PATH}`,
    '-n',
    namespace,
    '-o',
    'log',
    '--failure-threshold',
    'Error',
  ]);
  return { run, messages: parseAnalyze(`${run.stdout}\n${run.stderr}`) };
}

/** `istioctl validate -f file`. */
export function validateFile(file: string): IstioctlRun {
  return istioctl(['validate', '-f', file]);
}
