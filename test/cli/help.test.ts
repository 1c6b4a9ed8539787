/** `canary-kit --version`, per-command help, "did you mean" and a cold start that loads no command. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { COMMANDS } from '../../lib/cli/commands';
import { synthCommand } from '../../lib/cli/synth-command';
import { cli } from '../support/cli';

const repo = resolve(__dirname, '..', '..', '..');

describe('canary-kit help and version', () => {
  test('--version and -v print the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      assert.deepEqual(await cli([flag]), { code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  test('help <command> and <command> --help print that command’s usage, not the general help', async () => {
    for (const args of [
      ['help', 'synth'],
      ['synth', '--help'],
      ['synth', '-h'],
    ]) {
      assert.deepEqual(await cli(args), { code: 0, stdout: synthCommand.usage, stderr: '' }, args.join(' '));
    }
  });

  test('help alone and --help list every command with its summary', async () => {
    for (const args of [['help'], ['--help']]) {
      const run = await cli(args);
      assert.equal(run.code, 0);
      for (const entry of COMMANDS)
        assert.match(run.stdout, new RegExp(`\\n  ${entry.name} +${entry.summary.slice(0, 20)}`));
      assert.match(run.stdout, /--version/);
    }
  });

  test('a mistyped command suggests the nearest one', async () => {
    const run = await cli(['snyth', 'spec.yaml']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^canary-kit: unknown command 'snyth'\. Did you mean 'synth'\?\n/);
    const help = await cli(['help', 'lnt']);
    assert.equal(help.code, 2);
    assert.match(help.stderr, /unknown command 'lnt'\. Did you mean 'lint'\?/);
    const far = await cli(['deploy']);
    assert.equal(far.code, 2);
    assert.match(far.stderr, /^canary-kit: unknown command 'deploy'\.\n/);
  });

  test('the listed names and summaries are those of the commands they load', async () => {
    for (const entry of COMMANDS) {
      const command = await entry.load();
      assert.equal(command.name, entry.name);
      assert.equal(command.summary, entry.summary);
    }
  });

  test('a cold `canary-kit --help` or `--version` loads no command and no dependency', () => {
    for (const flag of ['--help', '--version']) {
      const script = `
        const { runCli } = require(${JSON.stringify(join(repo, 'build', 'lib', 'cli', 'main.js'))});
        runCli([${JSON.stringify(flag)}], { stdout() {}, stderr() {}, cwd: process.cwd() }).then(() =>
          process.stdout.write(JSON.stringify(Object.keys(require.cache))));`;
      const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
      assert.equal(child.status, 0, child.stderr);
      const loaded = (JSON.parse(child.stdout) as string[]).map((file) => file.slice(repo.length + 1));
      const heavy = loaded.filter((file) =>
        /node_modules|-command\.js$|[\\/]core[\\/]|[\\/]imports[\\/]/.test(file),
      );
      assert.deepEqual(heavy, [], `${flag} loaded:\n${loaded.join('\n')}`);
    }
  });
});
