import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { synthesize, toYaml } from '../../lib';
import { cli } from '../support/cli';

describe('canary-kit synth', () => {
  test('renders a spec file to stdout with the same bytes as the core', async () => {
    const result = await cli(['synth', 'stacks/specs/ledger.yaml']);
    assert.equal(result.code, 0, result.stderr);
    const spec = parseAllDocuments(readFileSync('stacks/specs/ledger.yaml', 'utf8'))[0].toJS();
    assert.equal(result.stdout, toYaml(synthesize(spec)));
  });

  test('writes DIR/<name>.k8s.yaml with -o', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ck-synth-'));
    const result = await cli(['synth', 'stacks/specs/checkout.yaml', 'stacks/specs/ledger.yaml', '-o', dir]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      readFileSync(join(dir, 'checkout.k8s.yaml'), 'utf8'),
      /^apiVersion: apps\/v1\nkind: Deployment\n/,
    );
    assert.match(readFileSync(join(dir, 'ledger.k8s.yaml'), 'utf8'), /kind: VirtualService/);
  });

  test('JSON output parses to the core manifests', async () => {
    const result = await cli(['synth', 'stacks/specs/checkout.yaml', '--format', 'json']);
    assert.equal(result.code, 0);
    const spec = parseAllDocuments(readFileSync('stacks/specs/checkout.yaml', 'utf8'))[0].toJS();
    assert.deepEqual(JSON.parse(result.stdout), JSON.parse(JSON.stringify(synthesize(spec))));
  });

  test('an invalid spec lists every problem with file, line, path and fix, and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ck-synth-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      [
        'name: checkout',
        'mode: mesh',
        'workload:',
        '  image: ghcr.io/acme/checkout:1.0.0',
        'traffic:',
        '  canaryWeight: 99',
        '  cohort: []',
        '',
      ].join('\n'),
    );
    const result = await cli(['synth', file]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr,
      [
        "Invalid CanaryService spec 'checkout' (2 problems):",
        `  - ${file}:7: traffic.cohort: [] is not a known field. Did you mean 'cohorts'?`,
        `  - ${file}:6: traffic.canaryWeight: 99 sends 99% of traffic to the canary and only 1% to stable. Set traffic.promoting: true if you mean it, or did you mean 1?`,
        '',
      ].join('\n'),
    );
  });

  test('a YAML syntax error is reported with its real line, not line 1 (issue 11 item 14)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ck-synth-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      'name: checkout\nnamespace: shop\nworkload:\n  image: a:1\n  env: [unclosed\n  replicas: 2\n',
    );
    const result = await cli(['synth', file]);
    assert.equal(result.code, 1);
    const [first] = result.stderr.split('\n');
    assert.ok(first.startsWith(`${file}:6: `), first);
  });

  test("an unknown key whose value is a block is reported on the key's own line (issue 11 item 14)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ck-synth-'));
    const file = join(dir, 'unknown.yaml');
    writeFileSync(
      file,
      [
        'name: checkout',
        'workload:',
        '  image: ghcr.io/acme/checkout:1.0.0',
        '  sidecar:',
        '    image: x',
        '',
      ].join('\n'),
    );
    const result = await cli(['synth', file]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      new RegExp(`- ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4: workload\\.sidecar: `),
    );
  });

  test('usage errors exit 2', async () => {
    assert.equal((await cli(['synth'])).code, 2);
    assert.equal((await cli(['synth', 'stacks/specs/ledger.yaml', '--bogus'])).code, 2);
    assert.equal((await cli(['synth', 'does-not-exist.yaml'])).code, 2);
    assert.equal((await cli(['nope'])).code, 2);
  });
});
