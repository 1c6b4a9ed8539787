import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDuration, parseDurationSeconds } from '../../lib/lint/duration';
import { clusterLocalService, hostMatches, resolveGateway, resolveHost } from '../../lib/lint/hosts';
import { covers, isCatchAll } from '../../lib/lint/match';
import { formatPath } from '../../lib/lint/path';
import { classifyDestinations } from '../../lib/lint/roles';
import { effectiveShares } from '../../lib/lint/routes';
import { roundedPercentages } from '../../lib/lint/rules/weights-sum';

describe('host resolution (Istio semantics)', () => {
  test('a name without a dot is relative to the object namespace', () => {
    assert.equal(resolveHost('reviews', 'shop'), 'reviews.shop.svc.cluster.local');
    assert.equal(resolveHost('Reviews', 'shop', 'corp.local'), 'reviews.shop.svc.corp.local');
  });
  test('a name with a dot, a wildcard and an FQDN are taken as written', () => {
    assert.equal(resolveHost('reviews.shop', 'other'), 'reviews.shop');
    assert.equal(resolveHost('reviews.shop.svc.cluster.local', 'other'), 'reviews.shop.svc.cluster.local');
    assert.equal(resolveHost('*', 'shop'), '*');
    assert.equal(resolveHost('*.example.com', 'shop'), '*.example.com');
  });
  test('wildcards cover subdomains, exact hosts only themselves', () => {
    assert.ok(hostMatches('*.example.com', 'a.b.example.com'));
    assert.ok(!hostMatches('*.example.com', 'example.com'));
    assert.ok(hostMatches('*', 'anything'));
    assert.ok(!hostMatches('a.example.com', 'b.example.com'));
  });
  test('cluster-local hosts split into Service and namespace', () => {
    assert.deepEqual(clusterLocalService('cart.shop.svc.cluster.local'), { name: 'cart', namespace: 'shop' });
    assert.equal(clusterLocalService('cart.example.com'), undefined);
  });
  test('gateway references resolve to namespace/name', () => {
    assert.equal(resolveGateway('mesh', 'shop'), 'mesh');
    assert.equal(resolveGateway('public', 'shop'), 'shop/public');
    assert.equal(resolveGateway('istio-system/public', 'shop'), 'istio-system/public');
    assert.equal(resolveGateway('public.istio-system.svc.cluster.local', 'shop'), 'istio-system/public');
  });
});

describe('weights as Istio applies them', () => {
  test('each destination gets weight / sum', () => {
    assert.deepEqual(effectiveShares([90, 10]), [0.9, 0.1]);
    assert.deepEqual(effectiveShares([3, 1]), [0.75, 0.25]);
  });
  test('a single destination gets everything whatever its weight', () => {
    assert.deepEqual(effectiveShares([0]), [1]);
    assert.deepEqual(effectiveShares([undefined]), [1]);
  });
  test('a missing weight among several counts as 0', () => {
    assert.deepEqual(effectiveShares([100, undefined]), [1, 0]);
  });
  test('negative or all-zero weights are invalid', () => {
    assert.equal(effectiveShares([100, -1]), undefined);
    assert.equal(effectiveShares([0, 0]), undefined);
  });
  test('suggested percentages sum to 100', () => {
    assert.deepEqual(roundedPercentages([90 / 110, 20 / 110]), [82, 18]);
    assert.deepEqual(roundedPercentages([1 / 3, 1 / 3, 1 / 3]), [34, 33, 33]);
  });
});

describe('match coverage', () => {
  test('no condition, or a / prefix, matches everything', () => {
    assert.ok(isCatchAll({}));
    assert.ok(isCatchAll({ uri: { prefix: '/' } }));
    assert.ok(isCatchAll({ name: 'default' }));
    assert.ok(!isCatchAll({ headers: { 'x-canary': { exact: 'true' } } }));
    assert.ok(!isCatchAll({ gateways: ['mesh'] }));
  });
  test('a prefix covers longer prefixes and exact paths under it', () => {
    assert.ok(covers({ uri: { prefix: '/api' } }, { uri: { prefix: '/api/v2' } }));
    assert.ok(covers({ uri: { prefix: '/api' } }, { uri: { exact: '/api/orders' } }));
    assert.ok(!covers({ uri: { prefix: '/api/v2' } }, { uri: { prefix: '/api' } }));
  });
  test('fewer header conditions cover more requests', () => {
    const wide = { headers: { 'x-canary': { exact: 'true' } } };
    const narrow = { headers: { 'x-canary': { exact: 'true' }, 'x-user': { prefix: 'qa-' } } };
    assert.ok(covers(wide, narrow));
    assert.ok(!covers(narrow, wide));
  });
  test('a regex covers an exact value only when RE2 fully matches it', () => {
    assert.ok(covers({ headers: { v: { regex: 'v[0-9]+' } } }, { headers: { v: { exact: 'v12' } } }));
    assert.ok(!covers({ headers: { v: { regex: 'v[0-9]+' } } }, { headers: { v: { exact: 'xv12' } } }));
  });
  test('different gateways or source labels do not cover each other', () => {
    assert.ok(!covers({ gateways: ['istio-system/public'] }, { gateways: ['mesh'] }));
    assert.ok(covers({ sourceLabels: { app: 'web' } }, { sourceLabels: { app: 'web', version: 'v1' } }));
    assert.ok(!covers({ sourceLabels: { app: 'web' } }, {}));
  });
});

describe('stable and canary roles', () => {
  const none = (): undefined => undefined;
  const host = (d: { rawHost: string }): string => d.rawHost;
  test('from subset names', () => {
    const roles = classifyDestinations(
      [
        { rawHost: 'a', host: 'a', subset: 'stable' },
        { rawHost: 'a', host: 'a', subset: 'canary' },
      ],
      none,
      host,
    );
    assert.deepEqual(roles, ['stable', 'canary']);
  });
  test('from versions: the lowest is stable, the highest the canary', () => {
    const roles = classifyDestinations(
      [
        { rawHost: 'a', host: 'a', subset: 'v2' },
        { rawHost: 'a', host: 'a', subset: 'v10' },
      ],
      none,
      host,
    );
    assert.deepEqual(roles, ['stable', 'canary']);
  });
  test('from Flagger host names', () => {
    const roles = classifyDestinations(
      [
        { rawHost: 'podinfo-primary', host: 'x' },
        { rawHost: 'podinfo-canary', host: 'y' },
      ],
      none,
      host,
    );
    assert.deepEqual(roles, ['stable', 'canary']);
  });
  test('from the subset labels when the subset names say nothing', () => {
    const labels = (d: { subset?: string }): Record<string, string> => ({
      version: d.subset === 'a' ? 'stable' : 'canary',
    });
    const roles = classifyDestinations(
      [
        { rawHost: 'x', host: 'x', subset: 'a' },
        { rawHost: 'x', host: 'x', subset: 'b' },
      ],
      labels,
      host,
    );
    assert.deepEqual(roles, ['stable', 'canary']);
  });
  test('unknown names have no role', () => {
    assert.deepEqual(
      classifyDestinations(
        [
          { rawHost: 'blue', host: 'b' },
          { rawHost: 'green', host: 'g' },
        ],
        none,
        host,
      ),
      [undefined, undefined],
    );
  });
});

describe('small formats', () => {
  test('paths', () => {
    assert.equal(formatPath(['spec', 'http', 1, 'route', 0, 'weight']), 'spec.http[1].route[0].weight');
    assert.equal(
      formatPath(['metadata', 'annotations', 'canary-kit.dev/promoting']),
      'metadata.annotations["canary-kit.dev/promoting"]',
    );
  });
  test('durations as Flagger parses them', () => {
    assert.equal(parseDurationSeconds('1m30s'), 90);
    assert.equal(parseDurationSeconds('500ms'), 0.5);
    assert.equal(parseDurationSeconds('10x'), undefined);
    assert.equal(formatDuration(420), '7m');
    assert.equal(formatDuration(90), '1m30s');
  });
});
