import { lintManifests } from '../lint';
import { formatFindingsJson, formatFindingsText } from '../lint/format';
import { RULES } from '../lint/rules';
import { loadManifests } from '../manifests/load';
import { parseArgs } from './args';
import { CliCommand, EXIT_USAGE, UsageError } from './command';

/** Exit code of `canary-kit lint` when errors were found (or warnings with `--strict`). */
export const EXIT_FINDINGS = 1;

const width = Math.max(...RULES.map((r) => r.id.length));
const USAGE = `Usage: canary-kit lint <files|dirs...> [--format text|json] [--strict]

Reads multi-document YAML and JSON manifests (directories are walked for .yaml, .yml and
.json files), builds the picture of Services, workloads, DestinationRules, VirtualServices,
Gateways, Flagger Canaries and Argo Rollouts, resolves short hosts as Istio does, and reports
canary routing mistakes: rule, severity, Kind namespace/name, file:line, the path inside the
object, what is wrong and how to fix it.

Options:
  --format text|json  Output format (default text).
  --strict            Fail on warnings too (info findings never fail).

Exit codes: 0 no errors (warnings allowed unless --strict); 1 errors (or warnings with
--strict); 2 usage error or unreadable input (reported with file and line; the rest is
still checked).

Silence a rule for one object with the annotation canary-kit.dev/lint-ignore: "<rule>,<rule>".

Rules:
${RULES.map((r) => `  ${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.summary}`).join('\n')}
`;

/** `canary-kit lint`: manifests in, routing findings out; fails the pipeline on errors. */
export const lintCommand: CliCommand = {
  name: 'lint',
  summary: 'Find canary routing mistakes in Istio/Flagger manifests (files or directories).',
  usage: USAGE,
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, {
      format: { type: 'string' },
      strict: { type: 'boolean' },
    });
    const format = (flags.format as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json')
      throw new UsageError(`--format must be text or json, not '${format}'.`);
    if (positionals.length === 0) throw new UsageError('give at least one file or directory to lint.');
    const loaded = loadManifests(positionals, io.cwd);
    for (const note of loaded.notes ?? []) io.stderr(`${note.file}: ${note.message}\n`);
    const findings = lintManifests(loaded.manifests);
    const files = new Set([...loaded.manifests.map((m) => m.file), ...loaded.problems.map((p) => p.file)]);
    const stats = { objects: loaded.manifests.length, files: files.size };
    for (const note of loaded.notes ?? [])
      io.stderr(`${note.file}${note.line === undefined ? '' : `:${note.line}`}: ${note.message}\n`);
    io.stdout(
      format === 'json'
        ? formatFindingsJson(findings, stats, loaded.problems)
        : formatFindingsText(findings, stats, loaded.problems),
    );
    if (loaded.problems.length > 0) return EXIT_USAGE;
    if (loaded.manifests.length === 0) {
      // As validate: a path with no objects is a mistake (a typo, the wrong directory), not a pass.
      io.stderr(`canary-kit lint: no Kubernetes objects found in ${positionals.join(', ')}.\n`);
      return EXIT_USAGE;
    }
    const failing = findings.some(
      (f) => f.severity === 'error' || (flags.strict === true && f.severity === 'warning'),
    );
    return failing ? EXIT_FINDINGS : 0;
  },
};
