import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KubeManifest } from '../../lib/core/manifest';
import { SimulateError, simulateTraffic } from '../../lib/simulate';
import { Prng, seedFrom } from '../../lib/simulate/prng';
import { FIXTURES, simulate } from './helpers';

const service = (namespace: string): KubeManifest => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace },
  spec: { selector: { app: 'web' } },
});

describe('simulate errors and edge cases', () => {
  test('an unknown host is an error that says what to check', () => {
    assert.throws(
      () => simulate([`${FIXTURES}/manifests/split-90-10.yaml`], { host: 'chekout' }),
      (e: unknown) =>
        e instanceof SimulateError &&
        /no VirtualService, Service or ServiceEntry .* routes host chekout/.test(e.message),
    );
  });

  test('a short host that exists in several namespaces must be qualified', () => {
    assert.throws(
      () => simulateTraffic([service('a'), service('b')], { host: 'web' }),
      /host 'web' exists in several namespaces \(a, b\); give --host web\.<namespace>/,
    );
  });

  test('a Service without VirtualService receives every request', () => {
    const result = simulateTraffic([service('a')], { host: 'web.a', requests: 10 });
    assert.equal(result.kinds[0].destinations[0].destination, 'web.a.svc.cluster.local');
    assert.match(result.kinds[0].destinations[0].rule, /no VirtualService/);
  });

  test('the generator is deterministic and spreads values over [0, 1)', () => {
    const a = new Prng(seedFrom(42));
    const b = new Prng(seedFrom('42'));
    const values = Array.from({ length: 10000 }, () => a.next());
    assert.deepEqual(
      Array.from({ length: 10000 }, () => b.next()),
      values,
    );
    assert.ok(values.every((v) => v >= 0 && v < 1));
    const mean = values.reduce((x, y) => x + y, 0) / values.length;
    assert.ok(Math.abs(mean - 0.5) < 0.02);
    assert.notEqual(seedFrom('release-1'), seedFrom('release-2'));
  });
});
