import { readFileSync } from 'node:fs';
import { loadManifests, LoadProblem, LoadResult, parseManifestText } from '../manifests/load';
import { ManifestFinding, validateManifests } from '../validate';
import { parseArgs } from './args';
import { CliCommand, CliIo, EXIT_USAGE, UsageError } from './command';
import { appendAll } from '../util/append';

/** Exit code when validation found at least one error. */
export const EXIT_FINDINGS = 1;

const USAGE = `Usage: canary-kit validate <file|dir|->... [--format text|json]

Checks Kubernetes manifests (YAML or JSON, ours or hand-written) against the schemas the API
server applies: built-in kinds with kubernetes-models, Istio, Flagger, prometheus-operator and
Argo Rollouts kinds against their upstream CRD schemas. Fields the schema does not declare are
errors, because the API server would drop them silently.

Arguments:
  <file|dir>         A manifest file, or a directory searched recursively for .yaml/.yml/.json
  -                  Read manifests from standard input

Options:
  --format text|json Output format (default: text). Text prints one line per finding:
                     file:line: Kind namespace/name: path: message
  -h, --help         Show this help

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage error or unreadable input.
`;

/** Where the validate command reads standard input from (tests pass a string). */
export interface ValidateCommandOptions {
  /** Returns all of standard input. @default reads file descriptor 0 */
  readonly readStdin?: () => string;
}

/** Builds the `canary-kit validate` command; `validateCommand` is the instance the CLI uses. */
export function createValidateCommand(options: ValidateCommandOptions = {}): CliCommand {
  const readStdin = options.readStdin ?? (() => readFileSync(0, 'utf8'));
  return {
    name: 'validate',
    summary: 'Check manifests against Kubernetes and CRD schemas (unknown fields are errors)',
    usage: USAGE,
    async run(args: readonly string[], io: CliIo): Promise<number> {
      const { flags, positionals } = parseArgs(args, { format: { type: 'string' } });
      const format = flags.format ?? 'text';
      if (format !== 'text' && format !== 'json') {
        throw new UsageError(`--format must be 'text' or 'json', not '${String(format)}'.`);
      }
      if (positionals.length === 0) throw new UsageError('give at least one file or directory to validate.');
      const loaded = load(positionals, io.cwd, readStdin);
      for (const note of loaded.notes ?? []) io.stderr(`${formatProblem(note)}\n`);
      const findings = validateManifests(loaded.manifests.map((m) => m.manifest));
      const files = new Set(loaded.manifests.map((m) => m.file)).size;
      const summary = summarize(findings, loaded.problems, loaded.manifests.length, files);
      if (format === 'json')
        io.stdout(
          `${JSON.stringify({ findings, problems: loaded.problems, notes: loaded.notes ?? [], summary }, null, 2)}\n`,
        );
      else {
        for (const note of loaded.notes ?? []) io.stderr(`${formatProblem(note)}\n`);
        for (const problem of loaded.problems) io.stderr(`${formatProblem(problem)}\n`);
        for (const finding of findings) io.stdout(`${formatFinding(finding)}\n`);
        io.stdout(`${summaryLine(summary)}\n`);
      }
      if (loaded.manifests.length === 0 && loaded.problems.length === 0 && !loaded.notes?.length) {
        io.stderr(`canary-kit validate: no Kubernetes objects found in ${positionals.join(', ')}.\n`);
        return EXIT_USAGE;
      }
      if (summary.problems > 0) return EXIT_USAGE;
      return summary.errors > 0 ? EXIT_FINDINGS : 0;
    },
  };
}

/** The `canary-kit validate` command. */
export const validateCommand: CliCommand = createValidateCommand();

/** Counts shown at the end of a report and in the JSON output. */
export interface ValidateSummary {
  /** Objects validated. */
  readonly objects: number;
  /** Files they came from. */
  readonly files: number;
  /** Findings of severity `error`. */
  readonly errors: number;
  /** Findings of severity `warning`. */
  readonly warnings: number;
  /** Files or documents that could not be read. */
  readonly problems: number;
}

function summarize(
  findings: readonly ManifestFinding[],
  problems: readonly LoadProblem[],
  objects: number,
  files: number,
): ValidateSummary {
  const errors = findings.filter((f) => f.severity === 'error').length;
  return { objects, files, errors, warnings: findings.length - errors, problems: problems.length };
}

/** Loads the positional arguments in order; `-` reads standard input. */
function load(paths: readonly string[], cwd: string, readStdin: () => string): LoadResult {
  const result: LoadResult = { manifests: [], problems: [], notes: [] };
  const add = (part: LoadResult): void => {
    appendAll(result.manifests, part.manifests);
    appendAll(result.problems, part.problems);
    if (part.notes?.length) appendAll((result.notes ??= []), part.notes);
  };
  let run: string[] = [];
  const flush = (): void => {
    if (run.length > 0) add(loadManifests(run, cwd));
    run = [];
  };
  for (const path of paths) {
    if (path !== '-') {
      run.push(path);
      continue;
    }
    flush();
    let text: string;
    try {
      text = readStdin();
    } catch (error) {
      result.problems.push({
        file: '<stdin>',
        message: `cannot read standard input: ${(error as Error).message}`,
      });
      continue;
    }
    add(parseManifestText(text, '<stdin>'));
  }
  flush();
  return result;
}

/** `file:line: Kind ns/name: path: message`, with `warning: ` before the message of a warning. */
export function formatFinding(finding: ManifestFinding): string {
  const where = finding.file === undefined ? '' : `${finding.file}:${finding.line ?? 1}: `;
  const path = finding.path === '' ? '' : `${finding.path}: `;
  const severity = finding.severity === 'warning' ? 'warning: ' : '';
  return `${where}${finding.object}: ${path}${severity}${finding.message}`;
}

function formatProblem(problem: LoadProblem): string {
  return `${problem.file}${problem.line === undefined ? '' : `:${problem.line}`}: ${problem.message}`;
}

function summaryLine(summary: ValidateSummary): string {
  const counted = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const scope = `${counted(summary.objects, 'object')} in ${counted(summary.files, 'file')}`;
  const parts = [counted(summary.errors, 'error'), counted(summary.warnings, 'warning')];
  if (summary.problems > 0) parts.push(`${counted(summary.problems, 'unreadable input')}`);
  return `canary-kit validate: ${scope}: ${parts.join(', ')}`;
}
