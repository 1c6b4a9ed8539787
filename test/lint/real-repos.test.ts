import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KubeManifest } from '../../lib';
import { lintManifests } from '../../lib/lint';

// Issue 11 item 15: lint on real repositories.

const service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'cart', namespace: 'shop' },
  spec: { selector: { app: 'cart' }, ports: [{ name: 'http', port: 80 }] },
};
const deployment = (version: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: `cart-${version}`, namespace: 'shop' },
  spec: {
    selector: { matchLabels: { app: 'cart', version } },
    template: {
      metadata: { labels: { app: 'cart', version } },
      spec: { containers: [{ name: 'cart', image: 'cart:1' }] },
    },
  },
});
const rule = (subsets: unknown[]) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name: 'cart', namespace: 'shop' },
  spec: { host: 'cart', subsets },
});
const routeTo = (subset: string) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'cart', namespace: 'shop' },
  spec: { hosts: ['cart'], http: [{ route: [{ destination: { host: 'cart', subset } }] }] },
});

function lint(objects: unknown[]): string[] {
  return lintManifests(objects as KubeManifest[]).map(
    (f) => `${f.severity} ${f.rule} ${f.object} ${f.path}: ${f.message}`,
  );
}

describe('lint on real repositories (issue 11 item 15)', () => {
  test('a subset no route uses and that selects no pods is a warning that claims no 503s', () => {
    const findings = lint([
      service,
      deployment('v1'),
      rule([
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v3', labels: { version: 'v3' } },
      ]),
      routeTo('v1'),
    ]);
    assert.equal(findings.length, 1, findings.join('\n'));
    assert.match(
      findings[0],
      /^warning subset-selects-no-pods DestinationRule shop\/cart spec\.subsets\[1\]\.labels: /,
    );
    assert.match(findings[0], /no route in the linted files uses this subset/);
    assert.doesNotMatch(findings[0], /503/);
  });

  test('the same subset, once a route uses it, is an error that names the 503s', () => {
    const findings = lint([
      service,
      deployment('v1'),
      rule([{ name: 'v3', labels: { version: 'v3' } }]),
      routeTo('v3'),
    ]);
    assert.equal(findings.length, 1, findings.join('\n'));
    assert.match(findings[0], /^error subset-selects-no-pods .*fail with 503/);
  });

  test('subset labels may use the topology labels Istio adds to every endpoint', () => {
    const findings = lint([
      service,
      deployment('v1'),
      rule([
        { name: 'west', labels: { version: 'v1', 'topology.kubernetes.io/region': 'us-west1' } },
        {
          name: 'zone-a',
          labels: { 'topology.kubernetes.io/zone': 'us-west1-a', 'topology.istio.io/network': 'n1' },
        },
        {
          name: 'node',
          labels: {
            'kubernetes.io/hostname': 'node-1',
            'topology.istio.io/cluster': 'c1',
            'topology.istio.io/subzone': 's',
          },
        },
      ]),
      {
        ...routeTo('west'),
        spec: {
          hosts: ['cart'],
          http: [
            {
              route: [
                { destination: { host: 'cart', subset: 'west' }, weight: 50 },
                { destination: { host: 'cart', subset: 'zone-a' }, weight: 50 },
              ],
            },
          ],
        },
      },
    ]);
    assert.deepEqual(findings, []);
  });

  test('an edge-only Flagger Canary says so with canary-kit.dev/edge-only and is not reported', () => {
    const canary = (annotations: Record<string, string>) => ({
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      metadata: { name: 'web', namespace: 'shop', annotations },
      spec: {
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        service: { port: 80, gateways: ['istio-system/public'], hosts: ['web.example.com'] },
        analysis: { interval: '1m', threshold: 5, iterations: 5 },
      },
    });
    const rules = (objects: unknown[]) =>
      lintManifests(objects as KubeManifest[]).filter((f) => f.rule === 'canary-gateway-without-mesh').length;
    assert.equal(rules([canary({})]), 1);
    assert.equal(rules([canary({ 'canary-kit.dev/edge-only': 'true' })]), 0);
  });
});
