import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CanaryServiceSpec, KubeManifest, synthesize } from '../../lib';
import { GateConfigError } from '../../lib/gate/errors';
import { pointer, readDefaultRouteWeights, weightPatch } from '../../lib/gate/in-cluster/json-patch';
import { applyJsonPatch, PatchError } from './support/json-patch-apply';
import { changedLines, meshSpec } from './support/specs';

interface Route {
  name?: string;
  route?: Array<{ destination: { subset?: string }; weight?: number }>;
}

/** A mesh spec with header rules: a dark launch, two cohorts and sticky sessions; retries and a timeout. */
const SPEC: CanaryServiceSpec = meshSpec('checkout', {
  service: { port: 80, gateways: ['istio-system/public-gateway'], hosts: ['shop.example.com'] },
  traffic: {
    ...meshSpec().traffic,
    darkLaunchHeaders: { 'x-canary': 'true' },
    cohorts: [
      { name: 'beta', headers: { 'x-user-type': 'beta' }, canaryWeight: 50 },
      { name: 'us-west', headers: { 'x-region': { exact: 'us-west' } }, canaryWeight: 20 },
    ],
    stickySession: {},
  },
  resilience: { retries: { attempts: 3, perTryTimeout: '2s' }, timeout: '10s' },
});

/**
 * Its VirtualService, with mirroring on the default route to a shadow service. The core mirrors
 * to the canary only at share 0; a hand-maintained VirtualService may mirror to a shadow host at
 * any share, and the patch must carry that through untouched.
 */
function virtualService(): KubeManifest {
  const vs = synthesize(SPEC).find((m) => m.kind === 'VirtualService');
  assert.ok(vs);
  const routes = (vs.spec as { http: Array<Record<string, unknown>> }).http;
  const index = routes.findIndex((r) => r.name === 'default');
  routes[index] = {
    ...routes[index],
    mirror: { host: 'checkout-shadow.shop.svc.cluster.local', port: { number: 80 } },
    mirrorPercentage: { value: 5 },
  };
  return vs;
}

const http = (vs: KubeManifest): Route[] => (vs.spec as { http: Route[] }).http;

describe('the in-cluster JSON Patch', () => {
  test('the VirtualService under test has header rules, retries and mirroring', () => {
    const routes = http(virtualService()) as Array<Route & Record<string, unknown>>;
    assert.deepEqual(
      routes.map((r) => r.name),
      ['dark-launch', 'cohort-beta', 'cohort-us-west', 'sticky-canary', 'sticky-stable', 'default'],
    );
    const last = routes[routes.length - 1];
    assert.ok(last.retries && last.mirror && last.mirrorPercentage && last.timeout);
  });

  test('changes the two weights of the default route and leaves every other byte identical', () => {
    const vs = virtualService();
    const read = readDefaultRouteWeights(vs, 'VirtualService shop/checkout');
    assert.deepEqual(read, {
      routeIndex: 5,
      stable: { index: 0, weight: 90 },
      canary: { index: 1, weight: 10 },
    });
    const patched = applyJsonPatch(vs, weightPatch(read, 50));

    const before = JSON.stringify(vs, null, 2);
    const after = JSON.stringify(patched, null, 2);
    const diff = changedLines(before, after);
    assert.deepEqual(diff, [
      '-            "weight": 90',
      '+            "weight": 50',
      '-            "weight": 10',
      '+            "weight": 50',
    ]);
    // And exactly those two values: with them put back, the bytes are the original's.
    const restored = JSON.parse(after) as KubeManifest;
    const route = http(restored)[5].route as Array<{ weight?: number }>;
    route[0].weight = 90;
    route[1].weight = 10;
    assert.equal(JSON.stringify(restored, null, 2), before);
    // Cohort splits have stable/canary weights too: untouched.
    assert.deepEqual(
      http(patched)[1].route?.map((d) => d.weight),
      [50, 50],
    );
    assert.deepEqual(
      http(patched)[2].route?.map((d) => d.weight),
      [80, 20],
    );
  });

  test('the patch is tests on what was read, then two replaces', () => {
    const patch = weightPatch(readDefaultRouteWeights(virtualService(), 'vs'), 0);
    assert.deepEqual(patch, [
      { op: 'test', path: '/spec/http/5/name', value: 'default' },
      { op: 'test', path: '/spec/http/5/route/0/destination/subset', value: 'stable' },
      { op: 'test', path: '/spec/http/5/route/0/weight', value: 90 },
      { op: 'test', path: '/spec/http/5/route/1/destination/subset', value: 'canary' },
      { op: 'test', path: '/spec/http/5/route/1/weight', value: 10 },
      { op: 'replace', path: '/spec/http/5/route/0/weight', value: 100 },
      { op: 'replace', path: '/spec/http/5/route/1/weight', value: 0 },
    ]);
  });

  test('a weight changed since it was read fails the test and nothing is applied', () => {
    const vs = virtualService();
    const patch = weightPatch(readDefaultRouteWeights(vs, 'vs'), 50);
    const changed = JSON.parse(JSON.stringify(vs)) as KubeManifest;
    (http(changed)[5].route as Array<{ weight?: number }>)[1].weight = 20;
    (http(changed)[5].route as Array<{ weight?: number }>)[0].weight = 80;
    assert.throws(
      () => applyJsonPatch(changed, patch),
      (error: Error) =>
        error instanceof PatchError && error.failedTest && /route\/0\/weight/.test(error.message),
    );
  });

  test('a route inserted before default since the read fails the name test (no write at a shifted index)', () => {
    const vs = virtualService();
    const patch = weightPatch(readDefaultRouteWeights(vs, 'vs'), 50);
    const shifted = JSON.parse(JSON.stringify(vs)) as KubeManifest;
    http(shifted).splice(0, 0, {
      name: 'hotfix',
      route: [{ destination: { subset: 'stable' }, weight: 100 }],
    });
    assert.throws(
      () => applyJsonPatch(shifted, patch),
      (error: Error) =>
        error instanceof PatchError && error.failedTest && /http\/5\/name/.test(error.message),
    );
  });

  test('finds the default route by name wherever it is', () => {
    const vs = virtualService();
    const moved = JSON.parse(JSON.stringify(vs)) as KubeManifest;
    const routes = http(moved);
    routes.unshift(routes.pop() as Route);
    (routes[0].route as unknown[]).reverse();
    const read = readDefaultRouteWeights(moved, 'vs');
    assert.deepEqual(read, {
      routeIndex: 0,
      stable: { index: 1, weight: 90 },
      canary: { index: 0, weight: 10 },
    });
    const patched = applyJsonPatch(moved, weightPatch(read, 25));
    assert.deepEqual(
      http(patched)[0].route?.map((d) => [d.destination.subset, d.weight]),
      [
        ['canary', 25],
        ['stable', 75],
      ],
    );
  });

  test('refuses a VirtualService it cannot patch safely, naming it', () => {
    const where = 'VirtualService shop/checkout';
    const noDefault = { spec: { http: [{ name: 'main', route: [] }] } };
    assert.throws(
      () => readDefaultRouteWeights(noDefault, where),
      (e: Error) => e instanceof GateConfigError && /found 0/.test(e.message),
    );
    const noWeight = {
      spec: {
        http: [
          {
            name: 'default',
            route: [{ destination: { subset: 'stable' } }, { destination: { subset: 'canary' }, weight: 0 }],
          },
        ],
      },
    };
    assert.throws(
      () => readDefaultRouteWeights(noWeight, where),
      /spec\.http\[0\]\.route\[0\]\.weight is undefined/,
    );
    const twoCanaries = {
      spec: {
        http: [
          {
            name: 'default',
            route: [
              { destination: { subset: 'canary' }, weight: 50 },
              { destination: { subset: 'canary' }, weight: 50 },
            ],
          },
        ],
      },
    };
    assert.throws(
      () => readDefaultRouteWeights(twoCanaries, where),
      /one destination with subset 'stable'.*found 0/,
    );
  });

  test('JSON Pointer segments are escaped (RFC 6901)', () => {
    assert.equal(
      pointer('metadata', 'annotations', 'canary-kit.dev/stage', 'a~b'),
      '/metadata/annotations/canary-kit.dev~1stage/a~0b',
    );
  });
});
