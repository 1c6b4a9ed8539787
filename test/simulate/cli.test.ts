import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cli } from '../support/cli';
import { FIXTURES } from './helpers';

const MANIFESTS = `${FIXTURES}/manifests`;

describe('canary-kit simulate', () => {
  test('prints each destination with share, expected share, requests and rule', async () => {
    const r = await cli([
      'simulate',
      `${MANIFESTS}/split-90-10.yaml`,
      '--host',
      'checkout',
      '--requests',
      '1000',
      '--seed',
      '9',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'Simulated 1000 requests to checkout.shop.svc.cluster.local (seed 9).');
    assert.equal(lines[1], 'VirtualServices: shop/checkout');
    assert.match(lines[4], /^ +SHARE +EXPECTED +REQUESTS +DESTINATION +RULE$/);
    assert.match(
      lines[5],
      /^ +\d+\.\d\d% +90\.00% +\d+ +checkout\.shop\.svc\.cluster\.local\/stable +VirtualService shop\/checkout http\[0\] "weighted"$/,
    );
  });

  test('the same seed prints the same bytes', async () => {
    const args = ['simulate', MANIFESTS, '--host', 'cart', '--seed', 'abc', '--requests', '5000'];
    assert.equal((await cli(args)).stdout, (await cli(args)).stdout);
  });

  test('--header, --cookie, --source-labels and --gateway shape the request', async () => {
    const qa = await cli([
      'simulate',
      MANIFESTS,
      '--host',
      'cart',
      '--header',
      'x-canary=true',
      '--format',
      'json',
    ]);
    assert.equal(
      JSON.parse(qa.stdout).kinds[0].destinations[0].rule,
      'VirtualService shop/cart http[0] "qa"',
    );
    const beta = await cli([
      'simulate',
      MANIFESTS,
      '--host',
      'cart',
      '--cookie',
      'user-group=beta',
      '--format',
      'json',
    ]);
    assert.equal(
      JSON.parse(beta.stdout).kinds[0].destinations[0].rule,
      'VirtualService shop/cart http[1] "beta-cookie"',
    );
    const web = await cli([
      'simulate',
      MANIFESTS,
      '--host',
      'cart',
      '--source-labels',
      'app=web,version=v2',
      '--format',
      'json',
    ]);
    assert.equal(
      JSON.parse(web.stdout).kinds[0].destinations[0].rule,
      'VirtualService shop/cart http[2] "web-v2-callers"',
    );
    const edge = await cli([
      'simulate',
      MANIFESTS,
      '--host',
      'cart.example.com',
      '--gateway',
      'istio-system/public-gateway',
      '--header',
      ':path=/api/v1',
      '--format',
      'json',
    ]);
    assert.equal(
      JSON.parse(edge.stdout).kinds[0].destinations[0].rule,
      'VirtualService shop/cart http[4] "edge-api"',
    );
  });

  test('--path and --method set the request path (with query) and method; a bad value is a usage error', async () => {
    const edge = (path: string) =>
      cli([
        'simulate',
        MANIFESTS,
        '--host',
        'cart.example.com',
        '--gateway',
        'istio-system/public-gateway',
        '--path',
        path,
        '--method',
        'POST',
        '--format',
        'json',
      ]);
    assert.equal(
      JSON.parse((await edge('/api/v1?x=1')).stdout).kinds[0].destinations[0].rule,
      'VirtualService shop/cart http[4] "edge-api"',
    );
    assert.notEqual(
      JSON.parse((await edge('/shop')).stdout).kinds[0].destinations[0].rule,
      'VirtualService shop/cart http[4] "edge-api"',
    );
    const bad = await cli(['simulate', MANIFESTS, '--host', 'cart', '--path', 'api']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--path must start with "\/"/);
    const method = await cli(['simulate', MANIFESTS, '--host', 'cart', '--method', 'GET POST']);
    assert.equal(method.code, 2);
    assert.match(method.stderr, /--method must be an HTTP method/);
  });

  test('--profile prints each kind and the overall result', async () => {
    const r = await cli([
      'simulate',
      MANIFESTS,
      '--host',
      'cart',
      '--profile',
      `${FIXTURES}/profiles/cart-profile.yaml`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Simulated 200000 requests/);
    assert.match(r.stdout, /\nqa: \d+ requests \(\d+\.\d\d%, configured 5\.00%\)\n/);
    assert.match(r.stdout, /\nbeta: \d+ requests/);
    assert.match(r.stdout, /\noverall: 200000 requests\n/);
    assert.match(r.stdout, /mirrored copies \(sent in addition, responses discarded\):/);
  });

  test('exit 2 with a clear message: unknown host, bad profile, bad --requests, missing --host', async () => {
    const unknown = await cli(['simulate', MANIFESTS, '--host', 'nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /routes host nope/);
    const profile = await cli([
      'simulate',
      MANIFESTS,
      '--host',
      'cart',
      '--profile',
      `${FIXTURES}/profiles/bad-profile.yaml`,
    ]);
    assert.equal(profile.code, 2);
    assert.match(profile.stderr, /bad-profile\.yaml:7: kinds\[1\]\.shares: unknown field/);
    const requests = await cli(['simulate', MANIFESTS, '--host', 'cart', '--requests', '1e6']);
    assert.equal(requests.code, 2);
    assert.match(requests.stderr, /--requests must be a whole number/);
    const host = await cli(['simulate', MANIFESTS]);
    assert.equal(host.code, 2);
    assert.match(host.stderr, /--host is required/);
    const pair = await cli(['simulate', MANIFESTS, '--host', 'cart', '--header', 'x-canary']);
    assert.equal(pair.code, 2);
    assert.match(pair.stderr, /--header 'x-canary' is not key=value/);
  });
});
