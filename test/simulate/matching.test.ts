import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FIXTURES, rows, simulate } from './helpers';

const CART = `${FIXTURES}/manifests/cart-routes.yaml`;
const CANARY = 'cart.shop.svc.cluster.local/canary';
const STABLE = 'cart.shop.svc.cluster.local/stable';
const rule = (i: number, name: string): string => `VirtualService shop/cart http[${i}] "${name}"`;

function only(kind: Parameters<typeof simulate>[1]['kinds']) {
  return simulate([CART], { host: 'cart', requests: 20000, kinds: kind }).kinds[0];
}

describe('matching as Istio does', () => {
  test('a header rule sends every matching request to its destination', () => {
    const kind = only([{ name: 'qa', share: 1, headers: { 'x-canary': 'true' } }]);
    assert.deepEqual(rows(kind.destinations), [
      { destination: CANARY, rule: rule(0, 'qa'), requests: 20000 },
    ]);
    assert.deepEqual(kind.mirrors, []);
  });

  test('request header names are case-insensitive (Envoy lowercases them)', () => {
    const kind = only([{ name: 'qa', share: 1, headers: { 'X-Canary': 'true' } }]);
    assert.equal(kind.destinations[0].rule, rule(0, 'qa'));
  });

  test('header values are case-sensitive', () => {
    const kind = only([{ name: 'qa', share: 1, headers: { 'x-canary': 'True' } }]);
    assert.equal(kind.destinations[0].rule, rule(5, 'default'));
  });

  test('a regex must match the whole value (RE2 full match, as Envoy)', () => {
    assert.equal(
      only([{ name: 'r', share: 1, headers: { 'x-build': 'release-12' } }]).destinations[0].rule,
      rule(3, 'release-builds'),
    );
    assert.equal(
      only([{ name: 'r', share: 1, headers: { 'x-build': 'release-12-hotfix' } }]).destinations[0].rule,
      rule(5, 'default'),
    );
  });

  test('cookies are matched through the cookie header, among other cookies', () => {
    const kind = only([{ name: 'beta', share: 1, cookies: { session: 'x1', 'user-group': 'beta' } }]);
    assert.deepEqual(kind.destinations.map((d) => [d.destination, d.rule, d.expectedShare]).sort(), [
      [CANARY, rule(1, 'beta-cookie'), 0.5],
      [STABLE, rule(1, 'beta-cookie'), 0.5],
    ]);
    const other = only([{ name: 'alpha', share: 1, cookies: { 'user-group': 'betatester' } }]);
    assert.equal(other.destinations[0].rule, rule(5, 'default'));
  });

  test('sourceLabels need every label of the caller', () => {
    const v2 = only([{ name: 'web', share: 1, sourceLabels: { app: 'web', version: 'v2', team: 'x' } }]);
    assert.deepEqual(rows(v2.destinations), [
      { destination: CANARY, rule: rule(2, 'web-v2-callers'), requests: 20000 },
    ]);
    const v1 = only([{ name: 'web', share: 1, sourceLabels: { app: 'web', version: 'v1' } }]);
    assert.equal(v1.destinations[0].rule, rule(5, 'default'));
  });

  test('a match with gateways applies only to requests from that gateway (by ns/name or by name)', () => {
    const edge = only([
      { name: 'edge', share: 1, gateway: 'istio-system/public-gateway', path: '/api/items' },
    ]);
    assert.deepEqual(rows(edge.destinations), [
      { destination: `${STABLE}:80`, rule: rule(4, 'edge-api'), requests: 20000 },
    ]);
    const byName = only([{ name: 'edge', share: 1, gateway: 'public-gateway', path: '/api/items?x=1' }]);
    assert.equal(byName.destinations[0].rule, rule(4, 'edge-api'));
    const mesh = only([{ name: 'mesh', share: 1, path: '/api/items' }]);
    assert.equal(mesh.destinations[0].rule, rule(5, 'default'));
  });

  test('mirrored copies are counted apart from the requests', () => {
    const kind = simulate([CART], { host: 'cart', requests: 100000 }).kinds[0];
    assert.equal(
      kind.destinations.reduce((a, d) => a + d.requests, 0),
      100000,
    );
    assert.equal(kind.mirrors.length, 1);
    assert.equal(kind.mirrors[0].destination, 'cart-shadow.shop.svc.cluster.local');
    assert.equal(kind.mirrors[0].expectedShare, 0.2);
    assert.ok(Math.abs(kind.mirrors[0].share - 0.2) <= 0.01);
  });
});
