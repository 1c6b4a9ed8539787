import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FIXTURES, rows, simulate } from './helpers';

const API = `${FIXTURES}/manifests/api-delegation.yaml`;
const ROOT = 'VirtualService edge/api-root http[0] "orders"';
const GATEWAY = 'istio-system/public-gateway';

describe('delegation', () => {
  test('a delegate route continues in the delegate VirtualService, first match wins', () => {
    const [kind] = simulate([API], {
      host: 'api.example.com',
      requests: 10000,
      kinds: [{ name: 'qa', share: 1, gateway: GATEWAY, path: '/orders/1', headers: { 'x-canary': 'true' } }],
    }).kinds;
    assert.deepEqual(rows(kind.destinations), [
      {
        destination: 'orders.orders.svc.cluster.local/canary',
        rule: `${ROOT} -> VirtualService orders/orders-routes http[0] "qa"`,
        requests: 10000,
      },
    ]);
  });

  test('the delegate split applies to what it matches', () => {
    const result = simulate([API], {
      host: 'api.example.com',
      requests: 100000,
      kinds: [{ name: 'api', share: 1, gateway: GATEWAY, path: '/orders/api/list' }],
    });
    const canary = result.kinds[0].destinations.find((d) => d.subset === 'canary');
    assert.equal(canary?.rule, `${ROOT} -> VirtualService orders/orders-routes http[1] "orders-api"`);
    assert.ok(Math.abs((canary?.share ?? 0) - 0.2) <= 0.01);
  });

  test('no fall-back to the root when the delegate matches nothing: 404', () => {
    const [kind] = simulate([API], {
      host: 'api.example.com',
      requests: 100,
      kinds: [{ name: 'other', share: 1, gateway: GATEWAY, path: '/orders' }],
    }).kinds;
    assert.deepEqual(rows(kind.destinations), [
      {
        destination: 'no route (404)',
        rule: `${ROOT} -> VirtualService orders/orders-routes`,
        requests: 100,
      },
    ]);
  });

  test('a direct response is a destination of its own', () => {
    const [kind] = simulate([API], {
      host: 'api.example.com',
      requests: 100,
      kinds: [{ name: 'other', share: 1, gateway: GATEWAY, path: '/search' }],
    }).kinds;
    assert.equal(kind.destinations[0].destination, 'direct response 404');
  });

  test("Flagger's delegate VirtualService is followed in its initial state (primary 100%)", () => {
    const files = ['test/fixtures/lint/clean/flagger-search-delegation.yaml'];
    const plain = simulate(files, { host: 'search.catalog', requests: 1000 });
    assert.deepEqual(rows(plain.kinds[0].destinations), [
      {
        destination: 'search-primary.catalog.svc.cluster.local:80',
        rule: 'VirtualService catalog/search-root http[1] "flagger" -> VirtualService catalog/search http[0]',
        requests: 1000,
      },
      {
        destination: 'search-canary.catalog.svc.cluster.local:80',
        rule: 'VirtualService catalog/search-root http[1] "flagger" -> VirtualService catalog/search http[0]',
        requests: 0,
      },
    ]);
    assert.match(
      plain.notes.join('\n'),
      /created by Flagger \(Canary catalog\/search\); simulated in its initial state/,
    );
    const qa = simulate(files, {
      host: 'search',
      requests: 1000,
      kinds: [{ name: 'qa', share: 1, headers: { 'x-canary': 'true' } }],
    });
    assert.equal(qa.kinds[0].destinations[0].destination, 'search-canary.catalog.svc.cluster.local:80');
  });
});
