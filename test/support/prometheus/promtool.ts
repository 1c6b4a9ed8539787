/**
 * Wrappers around `promtool check rules` and `promtool test rules` that take YAML text (or objects),
 * write them to a temporary directory, run promtool and clean up.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { runCommand, type CommandResult } from './run';
import { makeTempDir, removeTempDir } from './temp-dir';

/** A Prometheus rule file (`groups:`), as YAML text or as the object to serialize. */
export type RuleFileInput = string | { readonly groups: readonly unknown[] };
/** A promtool test file (`tests:` ...), as YAML text or as the object to serialize. */
export type RuleTestInput = string | Readonly<Record<string, unknown>>;

/** Name of the rule file inside the temporary directory (what promtool prints in its messages). */
export const RULES_FILE = 'rules.yaml';
/** Name of the test file inside the temporary directory. */
export const TESTS_FILE = 'tests.yaml';

/** `promtool check rules` on one rule file. Exit code 0 means every group and expression is valid. */
export async function checkRules(rules: RuleFileInput): Promise<CommandResult> {
  const dir = makeTempDir('promtool');
  try {
    writeFileSync(join(dir, RULES_FILE), toYaml(rules));
    return await runCommand('promtool', ['check', 'rules', join(dir, RULES_FILE)]);
  } finally {
    removeTempDir(dir);
  }
}

/**
 * `promtool test rules`: `rule_files` of the test file is replaced by the given rule file, so a
 * test file needs only `evaluation_interval` and `tests`. Exit code 0 means every test passed.
 */
export async function testRules(rules: RuleFileInput, tests: RuleTestInput): Promise<CommandResult> {
  const dir = makeTempDir('promtool');
  try {
    const testFile = typeof tests === 'string' ? (parse(tests) as Record<string, unknown>) : { ...tests };
    writeFileSync(join(dir, RULES_FILE), toYaml(rules));
    writeFileSync(
      join(dir, TESTS_FILE),
      stringify({ ...testFile, rule_files: [RULES_FILE] }, { lineWidth: 0 }),
    );
    // promtool resolves rule_files relative to the test file.
    return await runCommand('promtool', ['test', 'rules', join(dir, TESTS_FILE)]);
  } finally {
    removeTempDir(dir);
  }
}

/** Exit code and full output of a promtool run, for an assertion message. */
export function describeResult(result: CommandResult): string {
  return `promtool exited ${result.exitCode}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

function toYaml(input: RuleFileInput): string {
  return typeof input === 'string' ? input : stringify(input, { lineWidth: 0 });
}
