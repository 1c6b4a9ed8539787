import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCli } from '../../lib/cli/main';
import { CliIo } from '../../lib/cli/command';
import { createValidateCommand } from '../../lib/cli/validate-command';
import { shown } from './fixtures';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function io(): { io: CliIo; out: () => { stdout: string; stderr: string } } {
  let stdout = '';
  let stderr = '';
  return {
    io: { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: process.cwd() },
    out: () => ({ stdout, stderr }),
  };
}

async function cli(...args: string[]): Promise<Run> {
  const { io: streams, out } = io();
  const code = await runCli(['validate', ...args], streams);
  return { code, ...out() };
}

describe('canary-kit validate', () => {
  test('exit 0 and a summary on clean manifests', async () => {
    const run = await cli(shown('valid'));
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    assert.equal(run.stdout, 'canary-kit validate: 22 objects in 5 files: 0 errors, 0 warnings\n');
  });

  test('exit 1 with one `file:line: Kind ns/name: path: message` line per finding', async () => {
    const run = await cli(shown('invalid', 'wrong-type.yaml'), shown('invalid', 'unknown-fields.yaml'));
    assert.equal(run.code, 1);
    assert.equal(
      run.stdout,
      [
        'test/fixtures/validate/invalid/wrong-type.yaml:17: VirtualService test/podinfo: spec.http[0].route[1].weight: expected an integer, got string "10" (remove the quotes: YAML reads a quoted number as a string)',
        "test/fixtures/validate/invalid/unknown-fields.yaml:16: Canary test/podinfo: spec.service.trafficPolicy.connectionPool.tcp: unknown field 'tcp' (the API server would prune it silently); known fields here: http",
        "test/fixtures/validate/invalid/unknown-fields.yaml:36: VirtualService test/podinfo: spec.http[0].rout: unknown field 'rout' (the API server would prune it silently); did you mean 'route'?",
        'canary-kit validate: 3 objects in 2 files: 3 errors, 0 warnings',
        '',
      ].join('\n'),
    );
  });

  test('--format json prints findings, problems and a summary', async () => {
    const run = await cli('--format', 'json', shown('invalid', 'wrong-type.yaml'));
    assert.equal(run.code, 1);
    assert.deepEqual(JSON.parse(run.stdout), {
      findings: [
        {
          object: 'VirtualService test/podinfo',
          path: 'spec.http[0].route[1].weight',
          message:
            'expected an integer, got string "10" (remove the quotes: YAML reads a quoted number as a string)',
          severity: 'error',
          code: 'wrong-type',
          file: 'test/fixtures/validate/invalid/wrong-type.yaml',
          line: 17,
        },
      ],
      problems: [],
      notes: [],
      summary: { objects: 1, files: 1, errors: 1, warnings: 0, problems: 0 },
    });
  });

  test('warnings alone exit 0 and are marked', async () => {
    const text = 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: ext\n';
    const { io: streams, out } = io();
    const code = await createValidateCommand({ readStdin: () => text }).run(['-'], streams);
    assert.equal(code, 0);
    assert.equal(
      out().stdout,
      '<stdin>:1: ServiceEntry ext: warning: no schema for networking.istio.io/v1 ServiceEntry, so it was not validated: canary-kit knows the built-in Kubernetes kinds and the Istio, Flagger, prometheus-operator and Argo Rollouts CRDs\n' +
        'canary-kit validate: 1 object in 1 file: 0 errors, 1 warning\n',
    );
  });

  test('exit 2 without paths, with an unknown option or format', async () => {
    for (const args of [[], ['--format', 'xml', 'x.yaml'], ['--strict', 'x.yaml']]) {
      const run = await cli(...args);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, /^canary-kit validate: .*\n\nUsage: canary-kit validate/);
      assert.equal(run.stdout, '');
    }
  });

  test('exit 2 on unreadable input, after checking everything that could be read', async () => {
    const run = await cli(shown('loader'), 'missing.yaml');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^test\/fixtures\/validate\/loader\/bad\.yaml:7: YAML syntax error/m);
    assert.match(run.stderr, /^missing\.yaml: no such file or directory$/m);
    // The readable objects were still validated: `enabled: on` is a boolean in a ConfigMap's data.
    assert.match(
      run.stdout,
      /^test\/fixtures\/validate\/loader\/multi\.yaml:16: ConfigMap second: data\.enabled: expected a string, got boolean true/m,
    );
    assert.match(run.stdout, /1 error, 0 warnings, 3 unreadable inputs\n$/);
    // A Helm values file is no object: skipped with a note, not an unreadable input (issue 11 item 15).
    assert.match(
      run.stderr,
      /^test\/fixtures\/validate\/loader\/not-kubernetes\.yaml:2: note: document 1 skipped: a configuration file/m,
    );
  });

  test('a kustomization and a values file beside manifests are skipped with a note, exit 0 (issue 11 item 15)', async () => {
    const { io: streams, out } = io();
    const files: Record<string, string> = {
      kustomization:
        'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [cm.yaml]\n',
      values: 'replicaCount: 2\n',
      cm: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
    };
    const text = `${files.kustomization}---\n${files.values}---\n${files.cm}`;
    const code = await createValidateCommand({ readStdin: () => text }).run(['-'], streams);
    assert.equal(code, 0);
    assert.match(out().stderr, /^<stdin>:1: note: document 1 skipped: a kustomize Kustomization/m);
    assert.match(out().stderr, /^<stdin>:5: note: document 2 skipped: a configuration file/m);
    assert.match(out().stdout, /1 object in 1 file: 0 errors, 0 warnings\n$/);
  });

  test('exit 2 when the paths hold no Kubernetes objects', async () => {
    const { io: streams, out } = io();
    const code = await createValidateCommand({ readStdin: () => '# nothing here\n' }).run(['-'], streams);
    assert.equal(code, 2);
    assert.equal(out().stderr, 'canary-kit validate: no Kubernetes objects found in -.\n');
  });

  test('is listed in canary-kit --help', async () => {
    const { io: streams, out } = io();
    assert.equal(await runCli(['--help'], streams), 0);
    assert.match(out().stdout, /^ {2}validate +Check manifests against Kubernetes and CRD schemas/m);
  });
});
