import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CanaryServiceSpec, validate } from '../../lib';
import { parseArgs } from '../../lib/cli/args';
import { UsageError } from '../../lib/cli/command';
import { quoteValue } from '../../lib/core/errors';
import { cli } from '../support/cli';

// Issue 16.1 (keys are data) and 16.7 (values in messages are cut to a readable length).

const MESH: CanaryServiceSpec = {
  name: 'checkout',
  namespace: 'shop',
  mode: 'mesh',
  workload: { image: 'ghcr.io/acme/checkout:1.4.2', canaryImage: 'ghcr.io/acme/checkout:1.5.0' },
  traffic: { canaryWeight: 5 },
};

function problems(spec: unknown): { path: string; message: string }[] {
  return validate(spec).map(({ path, message }) => ({ path, message }));
}

describe('a match that matches every request is a spec error', () => {
  const everything =
    'matches every request (\'host\' is on every request and the match accepts any value), so all traffic would take this route. Match a header that only the intended requests carry, e.g. x-canary: "true".';

  test('dark launch on host with a regex that accepts anything', () => {
    const spec = { ...MESH, traffic: { canaryWeight: 5, darkLaunchHeaders: { host: { regex: '.*' } } } };
    assert.deepEqual(problems(spec), [{ path: 'traffic.darkLaunchHeaders', message: everything }]);
  });

  test('cohort on host with an empty prefix', () => {
    const spec = {
      ...MESH,
      traffic: {
        canaryWeight: 5,
        cohorts: [{ name: 'all', headers: { host: { prefix: '' } }, canaryWeight: 50 }],
      },
    };
    // An empty prefix is also refused on its own (Istio's admission, issue 11.8).
    const found = problems(spec);
    assert.deepEqual(
      found.find((p) => p.path === 'traffic.cohorts[0].headers'),
      { path: 'traffic.cohorts[0].headers', message: everything },
    );
    assert.deepEqual(found.map((p) => p.path).sort(), [
      'traffic.cohorts[0].headers',
      'traffic.cohorts[0].headers.host.prefix',
    ]);
  });

  test('A/B match on x-request-id (Envoy sets it on every request) with (.*)', () => {
    const spec = {
      name: 'checkout',
      namespace: 'shop',
      workload: { image: 'a:1' },
      analysis: { iterations: 10, match: [{ headers: { 'x-request-id': { regex: '(.*)' } } }] },
    };
    assert.equal(problems(spec).length, 1);
    assert.equal(problems(spec)[0].path, 'analysis.match[0].headers');
  });

  test('near misses stay valid: a header not every request carries, or a narrowing value', () => {
    for (const darkLaunchHeaders of [
      { 'x-canary': { regex: '.*' } },
      { host: { regex: 'beta\\..*' } },
      { host: { regex: '.*' }, 'x-canary': 'true' },
      { host: 'checkout.example.com' },
    ]) {
      assert.deepEqual(
        problems({ ...MESH, traffic: { canaryWeight: 5, darkLaunchHeaders } }),
        [],
        JSON.stringify(darkLaunchHeaders),
      );
    }
  });
});

describe('header names Istio would refuse', () => {
  test('response header host', () => {
    const spec = {
      ...MESH,
      mode: 'flagger',
      workload: { image: 'a:1' },
      traffic: undefined,
      service: { responseHeaders: { host: 'x' } },
    };
    assert.deepEqual(problems(spec), [
      {
        path: 'service.responseHeaders.host',
        message: 'cannot be set: Istio refuses to modify the Host header. Use another header name.',
      },
    ]);
  });

  test('response header value with a line break', () => {
    const spec = {
      name: 'checkout',
      namespace: 'shop',
      workload: { image: 'a:1' },
      service: { responseHeaders: { 'x-a': 'b\r\nset-cookie: x' } },
    };
    assert.equal(problems(spec)[0]?.path, 'service.responseHeaders.x-a');
    assert.match(problems(spec)[0].message, /control character/);
  });
});

describe('manifests whose kind or apiVersion is an Object.prototype name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'canary-kit-keys-'));
  writeFileSync(
    join(dir, 'weird.yaml'),
    'apiVersion: constructor\nkind: constructor\nmetadata:\n  name: a\n---\napiVersion: apps/v1\nkind: hasOwnProperty\nmetadata: {name: b, labels: {__proto__: x}}\n---\napiVersion: v1\nkind: toString\nmetadata: {name: c}\n',
  );

  test('validate reports them, without an internal error', async () => {
    const run = await cli(['validate', 'weird.yaml'], dir);
    assert.equal(run.code, 1, run.stderr);
    assert.doesNotMatch(run.stderr, /Cannot read|TypeError/);
    assert.match(run.stdout, /metadata\.labels\.__proto__: label key "__proto__" is invalid/);
  });

  test('lint reads them as unknown kinds', async () => {
    const run = await cli(['lint', 'weird.yaml'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /in 3 objects/);
  });
});

test('an option named like an Object.prototype member is an unknown option', () => {
  for (const arg of ['--constructor', '--__proto__', '--toString']) {
    assert.throws(() => parseArgs([arg, 'x'], { format: { type: 'string' } }), UsageError, arg);
  }
});

test('invalid values in messages are cut to a readable length', () => {
  const long = 'x'.repeat(100_000);
  const quoted = quoteValue(long);
  assert.ok(quoted.length < 100, quoted);
  assert.match(quoted, /\.\.\.' \(100000 characters\)$/);
  assert.equal(quoteValue('short'), "'short'");
});
