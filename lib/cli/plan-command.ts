import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolvePlan } from '../core/plan';
import { formatRolloutMarkdown, formatRolloutText, rolloutPlan } from '../gate/rollout-plan';
import { parseArgs } from './args';
import { CliCommand, EXIT_USAGE, UsageError } from './command';
import { loadSpecFile, SpecFileError } from '../spec-file';

const USAGE = `Usage: canary-kit plan <spec.yaml|spec.json> [--format text|json|markdown]

Prints the rollout a mesh-mode spec describes, as canary-kit gate runs it: each
stage with its canary share, canary replicas, minimum time, the criteria to
advance and to roll back, and the worst-case times to full promotion and to
rollback. --format markdown prints a table for a pull-request comment.

Exit codes: 0 printed, 1 invalid spec, 2 usage error, unreadable file or a
flagger-mode spec (Flagger's analysis is the rollout there).
`;

/** `canary-kit plan`: the rollout of a mesh spec, for people and pull requests. */
export const planCommand: CliCommand = {
  name: 'plan',
  summary: 'Print the rollout of a mesh-mode spec: stages, times, criteria (text, JSON, Markdown).',
  usage: USAGE,
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, { format: { type: 'string' } });
    const format = (flags.format as string | undefined) ?? 'text';
    if (!['text', 'json', 'markdown'].includes(format))
      throw new UsageError(`--format must be text, json or markdown, not '${format}'.`);
    if (positionals.length !== 1) throw new UsageError('give exactly one spec file.');
    const file = positionals[0];
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, file), 'utf8');
    } catch (error) {
      io.stderr(`canary-kit plan: cannot read '${file}': ${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
    let spec;
    let plan;
    try {
      spec = loadSpecFile(file, text).spec;
      plan = resolvePlan(spec);
    } catch (error) {
      if (!(error instanceof SpecFileError)) throw error;
      io.stderr(`${error.message}\n`);
      return 1;
    }
    if (plan.mode !== 'mesh') {
      io.stderr(
        `canary-kit plan: ${file}: mode is '${plan.mode}'; the plan describes the canary-kit gate's mesh rollout. In flagger mode Flagger's analysis (analysis.*) is the rollout.\n`,
      );
      return EXIT_USAGE;
    }
    const rollout = rolloutPlan(spec, plan);
    io.stdout(
      format === 'json'
        ? `${JSON.stringify(rollout, null, 2)}\n`
        : format === 'markdown'
          ? formatRolloutMarkdown(rollout)
          : formatRolloutText(rollout),
    );
    return 0;
  },
};
