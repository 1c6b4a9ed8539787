import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCli } from '../../lib/cli/main';
import { fakePrometheusFetch, HEALTHY } from './support/fake-prometheus';
import { runGateCli } from './support/run-gate-cli';
import { meshSpec, writeTempFile } from './support/specs';

const MESH = writeTempFile(`${JSON.stringify(meshSpec())}\n`, 'checkout.json');
const PROM = ['--prometheus', 'http://prometheus.test:9090'];
const deps = { fetch: fakePrometheusFetch(HEALTHY) };

describe('canary-kit gate: usage and configuration errors exit 2', () => {
  test('is registered: listed by --help, with its own usage', async () => {
    let out = '';
    const io = { stdout: (t: string) => (out += t), stderr: () => undefined, cwd: process.cwd() };
    assert.equal(await runCli(['--help'], io), 0);
    assert.match(out, /\n {2}gate +Advance, hold or roll back a mesh-mode canary/);
    out = '';
    assert.equal(await runCli(['gate', '--help'], io), 0);
    assert.match(out, /^Usage: canary-kit gate --spec FILE/);
    assert.match(out, /Exit codes: 0 advance, 1 rollback, 3 hold, 2 usage or configuration error\./);
  });

  const cases: Array<[string, string[], RegExp]> = [
    ['no --spec', [...PROM], /give the spec file with --spec FILE/],
    ['a positional argument', ['spec.yaml', ...PROM], /unexpected argument 'spec.yaml'/],
    [
      'an unknown --apply',
      ['--spec', MESH, ...PROM, '--apply', 'kubectl'],
      /--apply must be none, gitops, in-cluster; not 'kubectl'/,
    ],
    ['an unknown --format', ['--spec', MESH, ...PROM, '--format', 'yaml'], /--format must be text, json/],
    ['a bad --timeout', ['--spec', MESH, ...PROM, '--timeout', '10'], /--timeout '10' is not a duration/],
    [
      'a bad --time',
      ['--spec', MESH, ...PROM, '--time', 'yesterday'],
      /--time 'yesterday' is not an RFC 3339 time/,
    ],
    [
      'a bad --confidence',
      ['--spec', MESH, ...PROM, '--confidence', '99'],
      /--confidence '99' must be a number from 0.5/,
    ],
    [
      'a missing spec file',
      ['--spec', 'nope/missing.yaml', ...PROM],
      /cannot read the spec file '.*nope\/missing.yaml'/,
    ],
    [
      'an undeclared --stage',
      ['--spec', MESH, ...PROM, '--stage', 'full'],
      /--stage 'full' is not one of traffic.stages \('one', 'ten', 'half'\)/,
    ],
    [
      'a non-http --prometheus',
      ['--spec', MESH, '--prometheus', 'prometheus:9090'],
      /--prometheus 'prometheus:9090' is not an http\(s\) URL/,
    ],
  ];
  for (const [what, args, message] of cases) {
    test(what, async () => {
      const run = await runGateCli(args, deps);
      assert.equal(run.code, 2, run.stdout);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    });
  }

  test('a flagger-mode spec: the gate is for mesh mode', async () => {
    const file = writeTempFile('name: checkout\nworkload:\n  image: ghcr.io/acme/checkout:1.4.2\n');
    const run = await runGateCli(['--spec', file, ...PROM], deps);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /mode is 'flagger'; the gate drives mesh mode/);
  });

  test('an invalid spec lists its problems with file and line', async () => {
    const file = writeTempFile(
      'name: checkout\nmode: mesh\nworkload:\n  image: ghcr.io/acme/checkout:1.4.2\ntraffic:\n  canaryWeight: 99\n',
    );
    const run = await runGateCli(['--spec', file, ...PROM], deps);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /spec\.yaml:6: traffic\.canaryWeight: 99 sends 99% of traffic to the canary/);
  });

  test('no --prometheus and no automation.prometheusUrl', async () => {
    const run = await runGateCli(['--spec', MESH], deps);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /give --prometheus URL/);
  });

  test('--apply in-cluster outside a pod', async () => {
    const saved = process.env.KUBERNETES_SERVICE_HOST;
    delete process.env.KUBERNETES_SERVICE_HOST;
    try {
      const run = await runGateCli(['--spec', MESH, ...PROM, '--apply', 'in-cluster'], deps);
      assert.equal(run.code, 2);
      assert.match(
        run.stderr,
        /--apply in-cluster and --readiness-from kubernetes without --kubeconfig run inside a pod/,
      );
    } finally {
      if (saved !== undefined) process.env.KUBERNETES_SERVICE_HOST = saved;
    }
  });

  test('a valid run with the fake Prometheus exits with its decision (the table runs against a real one)', async () => {
    const run = await runGateCli(['--spec', MESH, ...PROM, '--time', '1704067200', '--format', 'json'], deps);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.record?.decision, 'advance');
  });
});
