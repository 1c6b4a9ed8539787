import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KubeManifest } from '../../lib/core/manifest';
import { lintManifests } from '../../lib/lint';
import { LoadedManifest } from '../../lib/manifests/load';
import { brief, CORPUS, load, pick } from './helpers';

/** The error findings after mutating a clean fixture in memory. */
function errorsAfter(
  file: string,
  mutate: (manifests: LoadedManifest[]) => void,
): ReturnType<typeof brief>[] {
  const manifests = load(`${CORPUS}/clean/${file}`).map((m) => ({
    ...m,
    manifest: structuredClone(m.manifest),
  }));
  mutate(manifests);
  return lintManifests(manifests)
    .filter((f) => f.severity === 'error')
    .map(brief);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- mutating untyped YAML in tests
type Loose = any;

function spec(m: KubeManifest): Loose {
  return (m as Loose).spec;
}

describe('mutations of correct manifests are reported with object and path', () => {
  test('reversed weights (10/90 instead of 90/10)', () => {
    const errors = errorsAfter('mesh-checkout.yaml', (ms) => {
      const route = spec(pick(ms, 'VirtualService', 'checkout')).http[3].route;
      [route[0].weight, route[1].weight] = [route[1].weight, route[0].weight];
    });
    assert.deepEqual(errors, [
      {
        rule: 'canary-exceeds-stable',
        severity: 'error',
        object: 'VirtualService shop/checkout',
        path: 'spec.http[3].route[1].weight',
      },
    ]);
  });

  test('broken subset label (the canary gets no endpoints)', () => {
    const errors = errorsAfter('mesh-checkout.yaml', (ms) => {
      spec(pick(ms, 'DestinationRule', 'checkout')).subsets[1].labels.version = 'v2';
    });
    assert.deepEqual(errors, [
      {
        rule: 'subset-selects-no-pods',
        severity: 'error',
        object: 'DestinationRule shop/checkout',
        path: 'spec.subsets[1].labels',
      },
    ]);
  });

  test('broken pod label of the canary Deployment', () => {
    const errors = errorsAfter('bookinfo-reviews.yaml', (ms) => {
      spec(pick(ms, 'Deployment', 'reviews-v2')).template.metadata.labels.version = 'v-2';
    });
    assert.deepEqual(errors, [
      {
        rule: 'subset-selects-no-pods',
        severity: 'error',
        object: 'DestinationRule bookinfo/reviews',
        path: 'spec.subsets[1].labels',
      },
    ]);
  });

  test('catch-all route moved first', () => {
    const errors = errorsAfter('mesh-checkout.yaml', (ms) => {
      const http = spec(pick(ms, 'VirtualService', 'checkout')).http;
      http.unshift(http.pop());
    });
    assert.deepEqual(errors, [
      {
        rule: 'route-shadowed',
        severity: 'error',
        object: 'VirtualService shop/checkout',
        path: 'spec.http[1]',
      },
      {
        rule: 'route-shadowed',
        severity: 'error',
        object: 'VirtualService shop/checkout',
        path: 'spec.http[2]',
      },
      {
        rule: 'route-shadowed',
        severity: 'error',
        object: 'VirtualService shop/checkout',
        path: 'spec.http[3]',
      },
    ]);
  });

  test('Flagger conflict: a VirtualService of its own beside the Canary', () => {
    const manifests = load(`${CORPUS}/clean/flagger-payments.yaml`);
    const own: KubeManifest = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'payments', namespace: 'pay' },
      spec: { hosts: ['payments'], http: [{ route: [{ destination: { host: 'payments-primary' } }] }] },
    };
    const errors = lintManifests([...manifests, own])
      .filter((f) => f.severity === 'error')
      .map(brief);
    assert.deepEqual(errors, [
      {
        rule: 'flagger-owned-object',
        severity: 'error',
        object: 'VirtualService pay/payments',
        path: 'metadata.name',
      },
    ]);
  });

  test('Flagger conflict: the Canary retargeted at a Service name kept in git', () => {
    const errors = errorsAfter('mesh-checkout.yaml', (ms) => {
      ms.push({
        manifest: {
          apiVersion: 'flagger.app/v1beta1',
          kind: 'Canary',
          metadata: { name: 'checkout', namespace: 'shop' },
          spec: {
            targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'checkout-canary' },
            service: { name: 'checkout', port: 80 },
          },
        },
        file: '<memory>',
        line: 0,
        index: 0,
      });
    });
    assert.deepEqual(
      errors.filter((e) => e.rule === 'flagger-owned-object'),
      [
        {
          rule: 'flagger-owned-object',
          severity: 'error',
          object: 'Service shop/checkout',
          path: 'metadata.name',
        },
        {
          rule: 'flagger-owned-object',
          severity: 'error',
          object: 'VirtualService shop/checkout',
          path: 'metadata.name',
        },
      ],
    );
  });

  test('ingress gateway without mesh, on a VirtualService', () => {
    const errors = errorsAfter('mesh-checkout.yaml', (ms) => {
      spec(pick(ms, 'VirtualService', 'checkout')).gateways = ['istio-system/public-gateway'];
    });
    assert.deepEqual(errors, [
      {
        rule: 'vs-gateway-without-mesh',
        severity: 'error',
        object: 'VirtualService shop/checkout',
        path: 'spec.gateways',
      },
    ]);
  });

  test('ingress gateway without mesh, on a Flagger Canary', () => {
    const errors = errorsAfter('flagger-payments.yaml', (ms) => {
      spec(pick(ms, 'Canary', 'payments')).service.gateways = ['istio-system/public-gateway'];
    });
    assert.deepEqual(errors, [
      {
        rule: 'canary-gateway-without-mesh',
        severity: 'error',
        object: 'Canary pay/payments',
        path: 'spec.service.gateways',
      },
    ]);
  });

  test('MetricTemplate switched to the -canary workload', () => {
    const errors = errorsAfter('flagger-payments.yaml', (ms) => {
      const s = spec(pick(ms, 'MetricTemplate', 'payments-success-rate'));
      s.query = s.query.replaceAll(
        'destination_workload="{{ target }}"',
        'destination_workload="{{ target }}-canary"',
      );
    });
    assert.deepEqual(errors, [
      {
        rule: 'metric-template-workload',
        severity: 'error',
        object: 'MetricTemplate pay/payments-success-rate',
        path: 'spec.query',
      },
    ]);
  });
});
