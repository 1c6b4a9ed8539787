import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** The stacks the repository ships a `Pulumi.<stack>.yaml` for, in promotion order. */
export const STACKS = ['dev', 'staging', 'prod'] as const;

/** One of the shipped stacks. */
export type StackName = (typeof STACKS)[number];

function readYaml(file: string): unknown {
  return parse(readFileSync(path.resolve(process.cwd(), file), 'utf8')) as unknown;
}

/** `Pulumi.yaml`: the project's name and its program's directory. */
export function projectFile(): { name: string; main: string; runtime: unknown } {
  const project = readYaml('Pulumi.yaml') as { name: string; main: string; runtime: unknown };
  return { name: project.name, main: project.main, runtime: project.runtime };
}

/** The `config:` map of `Pulumi.<stack>.yaml`, as parsed YAML values keyed by `project:key`. */
export function stackConfig(stack: string): Record<string, unknown> {
  const file = readYaml(`Pulumi.${stack}.yaml`) as { config?: Record<string, unknown> };
  return { ...file.config };
}

/**
 * A stack config the way the Pulumi CLI hands it to a program (`PULUMI_CONFIG`): every value a
 * string, structured values (objects, arrays) as JSON.
 */
export function engineConfig(config: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [
      key,
      typeof value === 'string'
        ? value
        : value !== null && typeof value === 'object'
          ? JSON.stringify(value)
          : String(value),
    ]),
  );
}
