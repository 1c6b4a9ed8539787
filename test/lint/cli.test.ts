import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cli, CORPUS } from './helpers';

describe('canary-kit lint', () => {
  test('exit 0 and a summary line on correct manifests (files and directories)', async () => {
    const r = await cli(['lint', `${CORPUS}/clean`, `${CORPUS}/clean/mesh-checkout.yaml`]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '0 errors, 0 warnings, 0 infos in 25 objects from 5 files.\n');
  });

  test('exit 1 on errors; each finding names file:line, rule, object, path, problem and fix', async () => {
    const r = await cli(['lint', `${CORPUS}/rules/canary-exceeds-stable/fires.yaml`]);
    assert.equal(r.code, 1);
    const [head, message, fix] = r.stdout.split('\n');
    assert.equal(
      head,
      `${CORPUS}/rules/canary-exceeds-stable/fires.yaml:87: error canary-exceeds-stable VirtualService production/payment-svc spec.http[1].route[1].weight`,
    );
    assert.match(message, /^ {2}canary payment-svc\/v2 gets 99% of requests/);
    assert.match(fix, /^ {2}fix: If the weights are swapped/);
    assert.match(r.stdout, /\n1 error, 0 warnings, 0 infos in 5 objects from 1 file\.\n$/);
  });

  test('warnings pass, unless --strict', async () => {
    const file = `${CORPUS}/rules/weights-sum/fires.yaml`;
    assert.equal((await cli(['lint', file])).code, 0);
    assert.equal((await cli(['lint', file, '--strict'])).code, 1);
  });

  test('a route to a host nothing declares is a warning: it passes without --strict and fails with it (issue 11 item 15)', async () => {
    assert.equal((await cli(['lint', `${CORPUS}/rules/unknown-host/fires.yaml`])).code, 0);
    assert.equal((await cli(['lint', `${CORPUS}/rules/unknown-host/fires.yaml`, '--strict'])).code, 1);
  });

  test('JSON output lists findings, unreadable inputs and a summary', async () => {
    const r = await cli(['lint', `${CORPUS}/rules/vs-host-conflict/fires.yaml`, '--format', 'json']);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.findings[0], {
      rule: 'vs-host-conflict',
      severity: 'error',
      object: 'VirtualService shop/cart-experiment',
      file: `${CORPUS}/rules/vs-host-conflict/fires.yaml`,
      line: 89,
      path: 'spec.hosts[0]',
      message: report.findings[0].message,
      fix: report.findings[0].fix,
    });
    assert.deepEqual(report.problems, []);
    assert.deepEqual(report.summary, {
      errors: 1,
      warnings: 0,
      infos: 0,
      unreadable: 0,
      objects: 6,
      files: 1,
    });
  });

  test('exit 2 on a file that is not YAML: named with its line, and the rest still checked', async () => {
    const r = await cli(['lint', `${CORPUS}/unreadable`]);
    assert.equal(r.code, 2);
    assert.match(
      r.stdout,
      /^test\/fixtures\/lint\/unreadable\/broken\.yaml:6: unreadable: YAML syntax error/,
    );
    assert.match(
      r.stdout,
      /weights\.yaml:11: warning weights-sum VirtualService shop\/wishlist spec\.http\[0\]\.route/,
    );
  });

  test('exit 2 on a path that does not exist, on usage errors, and on an unknown format', async () => {
    assert.equal((await cli(['lint', `${CORPUS}/no-such-dir`])).code, 2);
    const none = await cli(['lint']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /give at least one file or directory/);
    const format = await cli(['lint', `${CORPUS}/clean`, '--format', 'yaml']);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format must be text or json, not 'yaml'/);
  });

  test('--help lists every rule with its severity', async () => {
    const r = await cli(['lint', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /weights-sum +warning +Weights do not sum to 100/);
    assert.match(r.stdout, /route-shadowed +error/);
  });
});
