import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KubeManifest } from '../../lib/core/manifest';
import { simulateTraffic } from '../../lib/simulate';
import { FIXTURES, shareOf, simulate } from './helpers';

const SPLIT = `${FIXTURES}/manifests/split-90-10.yaml`;
const STABLE = 'checkout.shop.svc.cluster.local/stable';
const CANARY = 'checkout.shop.svc.cluster.local/canary';

describe('weighted split', () => {
  test('90/10 with 100,000 requests gives 90% ± 1 and 10% ± 1', () => {
    const result = simulate([SPLIT], { host: 'checkout', requests: 100000 });
    const [kind] = result.kinds;
    assert.equal(result.host, 'checkout.shop.svc.cluster.local');
    assert.equal(kind.requests, 100000);
    assert.ok(Math.abs(shareOf(kind, STABLE) - 0.9) <= 0.01, `stable ${shareOf(kind, STABLE)}`);
    assert.ok(Math.abs(shareOf(kind, CANARY) - 0.1) <= 0.01, `canary ${shareOf(kind, CANARY)}`);
    assert.deepEqual(
      kind.destinations.map((d) => [d.destination, d.expectedShare, d.rule]),
      [
        [STABLE, 0.9, 'VirtualService shop/checkout http[0] "weighted"'],
        [CANARY, 0.1, 'VirtualService shop/checkout http[0] "weighted"'],
      ],
    );
    assert.equal(
      kind.destinations.reduce((a, d) => a + d.requests, 0),
      100000,
    );
  });

  for (const seed of [1, 7, 'release-42', 2 ** 31 + 5]) {
    test(`stays within 90 ± 1 / 10 ± 1 for seed ${seed}`, () => {
      const [kind] = simulate([SPLIT], { host: 'checkout', requests: 100000, seed }).kinds;
      assert.ok(Math.abs(shareOf(kind, CANARY) - 0.1) <= 0.01);
    });
  }

  test('the same seed gives the same counts; another seed other counts', () => {
    const a = simulate([SPLIT], { host: 'checkout.shop', requests: 50000, seed: 3 });
    const b = simulate([SPLIT], { host: 'checkout.shop.svc.cluster.local', requests: 50000, seed: 3 });
    const c = simulate([SPLIT], { host: 'checkout', requests: 50000, seed: 4 });
    assert.deepEqual(a, { ...b, host: a.host });
    assert.notDeepEqual(a.kinds[0].destinations, c.kinds[0].destinations);
  });

  test('weights that do not sum to 100 are divided by their sum; a weight-0 destination is listed with 0', () => {
    const vs = (weights: number[]): KubeManifest => ({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'web', namespace: 'site' },
      spec: {
        hosts: ['web'],
        http: [
          {
            route: weights.map((weight, i) => ({
              destination: { host: 'web', subset: `v${i + 1}` },
              weight,
            })),
          },
        ],
      },
    });
    const [kind] = simulateTraffic([vs([3, 1, 0])], { host: 'web', requests: 40000 }).kinds;
    assert.deepEqual(
      kind.destinations.map((d) => [d.destination, d.expectedShare]),
      [
        ['web.site.svc.cluster.local/v1', 0.75],
        ['web.site.svc.cluster.local/v2', 0.25],
        ['web.site.svc.cluster.local/v3', 0],
      ],
    );
    assert.equal(kind.destinations[2].requests, 0);
    assert.ok(Math.abs(kind.destinations[0].share - 0.75) <= 0.01);
  });
});
