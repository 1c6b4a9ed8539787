import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { canonicalize } from '../core/canonical';
import { formatIssue } from '../core/errors';
import { synthesizePlanned } from '../core/synthesize';
import { planWarnings } from '../core/warnings';
import { toYaml } from '../core/yaml';
import { FileWriteError, writeFilesAtomic } from '../util/atomic-file';
import { readTextFile } from '../util/read-text-file';
import { parseArgs } from './args';
import { CliCommand, EXIT_USAGE, UsageError } from './command';
import { loadSpecFile, SpecFileError } from '../spec-file';

const USAGE = `Usage: canary-kit synth <spec.yaml|spec.json>... [-o DIR] [--format yaml|json]

Validates each CanaryService spec file and renders every object it describes.
Without -o the manifests go to standard output; with -o DIR each spec is written
to DIR/<name>.k8s.yaml (or .json).

Warnings (a valid spec whose output a usual install would ignore, e.g. alerts
without the label kube-prometheus-stack selects) go to standard error.

Exit codes: 0 rendered, 1 invalid spec (every problem listed with file, line and
spec path), 2 usage error or unreadable file.
`;

/** `canary-kit synth`: spec files in, manifests out, through the same core as the construct. */
export const synthCommand: CliCommand = {
  name: 'synth',
  summary: 'Render the manifests of CanaryService spec files (YAML or JSON).',
  usage: USAGE,
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, {
      output: { type: 'string', short: 'o' },
      format: { type: 'string' },
    });
    const format = (flags.format as string | undefined) ?? 'yaml';
    if (format !== 'yaml' && format !== 'json')
      throw new UsageError(`--format must be yaml or json, not '${format}'.`);
    if (positionals.length === 0) throw new UsageError('give at least one spec file.');
    const rendered: { name: string; text: string }[] = [];
    let invalid = false;
    for (const file of positionals) {
      try {
        const { spec } = loadSpecFile(file, readSpecText(resolve(io.cwd, file)));
        const { plan, resources } = synthesizePlanned(spec);
        for (const warning of planWarnings(plan)) io.stderr(`warning: ${file}: ${formatIssue(warning)}\n`);
        const manifests = resources.map((resource) => resource.manifest);
        const text =
          format === 'yaml' ? toYaml(manifests) : `${JSON.stringify(canonicalize(manifests), null, 2)}\n`;
        rendered.push({ name: spec.name, text });
      } catch (error) {
        if (error instanceof SpecFileError) {
          io.stderr(`${error.message}\n`);
          invalid = true;
        } else if (
          ['ENOENT', 'EISDIR', 'EACCES', 'ENOTREG', 'EFBIG'].includes(
            String((error as NodeJS.ErrnoException).code),
          )
        ) {
          io.stderr(`canary-kit synth: cannot read '${file}': ${(error as Error).message}\n`);
          return EXIT_USAGE;
        } else throw error;
      }
    }
    if (invalid) return 1;
    const names = rendered.map((r) => r.name);
    const duplicate = names.find((name, index) => names.indexOf(name) !== index);
    if (flags.output !== undefined) {
      if (duplicate)
        throw new UsageError(`two specs are named '${duplicate}'; their output files would collide.`);
      const dir = resolve(io.cwd, flags.output as string);
      mkdirSync(dir, { recursive: true });
      // Every file staged before the first is renamed into place: all or nothing. A symbolic link
      // at an output path is replaced, never written through.
      const files = rendered.map(({ name, text }) => ({ path: join(dir, `${name}.k8s.${format}`), text }));
      try {
        writeFilesAtomic(files);
      } catch (error) {
        if (!(error instanceof FileWriteError)) throw error;
        io.stderr(`canary-kit synth: ${error.message}\n`);
        return EXIT_USAGE;
      }
      for (const { path } of files) io.stderr(`wrote ${path}\n`);
    } else {
      io.stdout(rendered.map((r) => r.text).join(format === 'yaml' ? '---\n' : ''));
    }
    return 0;
  },
};

function readSpecText(path: string): string {
  return readTextFile(path);
}
