import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { parseProfile, ProfileError } from '../../lib/simulate';
import { FIXTURES, shareOf, simulate } from './helpers';

const PROFILE = `${FIXTURES}/profiles/cart-profile.yaml`;
const read = (file: string): string => readFileSync(resolve(process.cwd(), file), 'utf8');

describe('traffic profiles', () => {
  test('parses kinds with shares, headers and cookies', () => {
    const profile = parseProfile(read(PROFILE), PROFILE);
    assert.equal(profile.requests, 200000);
    assert.deepEqual(
      profile.kinds.map((k) => [k.name, k.share, k.headers, k.cookies]),
      [
        ['qa', 5, { 'x-canary': 'true' }, {}],
        ['beta', 20, {}, { session: '7f3a', 'user-group': 'beta' }],
        ['everyone', 75, {}, {}],
      ],
    );
  });

  test('shows each kind and the overall result', () => {
    const { kinds, requests } = parseProfile(read(PROFILE), PROFILE);
    const result = simulate([`${FIXTURES}/manifests/cart-routes.yaml`], { host: 'cart', kinds, requests });
    const canary = 'cart.shop.svc.cluster.local/canary';
    assert.deepEqual(
      result.kinds.map((k) => k.name),
      ['qa', 'beta', 'everyone'],
    );
    assert.equal(shareOf(result.kinds[0], canary), 1);
    assert.ok(Math.abs(shareOf(result.kinds[1], canary) - 0.5) <= 0.02);
    assert.ok(Math.abs(shareOf(result.kinds[2], canary) - 0.1) <= 0.01);
    assert.ok(Math.abs(result.kinds[0].requests / requests! - 0.05) <= 0.01);
    // overall canary share: 5% x 1 + 20% x 0.5 + 75% x 0.1 = 22.5%
    const expected = result.overall.destinations
      .filter((d) => d.destination === canary)
      .reduce((a, d) => a + d.expectedShare, 0);
    assert.ok(Math.abs(expected - 0.225) < 1e-9);
    assert.ok(Math.abs(shareOf(result.overall, canary) - 0.225) <= 0.01);
    assert.equal(
      result.overall.destinations.reduce((a, d) => a + d.requests, 0),
      200000,
    );
  });

  test('a list of kinds without the kinds: key works too', () => {
    const profile = parseProfile(
      '- name: all\n  share: 1\n  gateway: mesh\n  sourceLabels: { app: web }\n',
      'p.yaml',
    );
    assert.deepEqual(profile.kinds, [
      { name: 'all', share: 1, headers: {}, cookies: {}, sourceLabels: { app: 'web' }, gateway: 'mesh' },
    ]);
  });

  test('errors name the file, the line and the field', () => {
    const file = `${FIXTURES}/profiles/bad-profile.yaml`;
    assert.throws(
      () => parseProfile(read(file), file),
      (error: unknown) =>
        error instanceof ProfileError &&
        error.message ===
          `${file}:7: kinds[1].shares: unknown field 'shares'; the fields are name, share, headers, cookies, sourceLabels, sourceNamespace, gateway, path, method, port.`,
    );
    assert.throws(
      () => parseProfile('kinds:\n  - name: a\n    share: -1\n', 'p.yaml'),
      /p\.yaml:3: kinds\[0\]\.share: -1 is not a positive number/,
    );
    assert.throws(() => parseProfile('kinds: []\n', 'p.yaml'), /p\.yaml:1: kinds: must be a non-empty list/);
  });
});
