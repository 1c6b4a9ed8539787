import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KubeManifest } from '../../lib';
import { lintManifests } from '../../lib/lint';
import { validateManifests } from '../../lib/validate';

test("validate rejects empty prefix/regex string matches as Istio's webhook does (issue 11 item 8)", () => {
  const vs = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'cart', namespace: 'shop' },
    spec: {
      hosts: ['cart'],
      http: [
        {
          match: [
            {
              headers: { 'x-canary': { prefix: '' }, 'x-ok': { prefix: 'a' } },
              withoutHeaders: { 'x-debug': { regex: '*' }, 'x-trace': { regex: '' } },
              uri: { prefix: '' },
              method: { prefix: '' },
            },
          ],
          route: [{ destination: { host: 'cart' } }],
        },
      ],
    },
  } as unknown as KubeManifest;
  assert.deepEqual(
    validateManifests([vs]).map((f) => `${f.path}: ${f.code}`),
    [
      'spec.http[0].match[0].headers.x-canary.prefix: invalid-value',
      'spec.http[0].match[0].withoutHeaders.x-trace.regex: invalid-value',
      'spec.http[0].match[0].method.prefix: invalid-value',
    ],
  );
});

test('validate and lint share one port of the webhook: the same findings on VirtualServices and Canaries', () => {
  // istio/istio pkg/config/validation/virtualservice.go validateHTTPRouteMatchRequest: queryParams
  // go through validateStringMatch, so an empty prefix is refused there too (not only a regex).
  const match = [
    {
      headers: { 'x-a': { prefix: '' } },
      queryParams: { q: { prefix: '' }, r: { regex: '' } },
      uri: { prefix: '' },
      authority: { regex: '' },
    },
  ];
  const objects = [
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'cart', namespace: 'shop' },
      spec: { hosts: ['cart'], http: [{ match, route: [{ destination: { host: 'cart' } }] }] },
    },
    {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      metadata: { name: 'cart', namespace: 'shop' },
      spec: {
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'cart' },
        service: { port: 80, match },
        analysis: { interval: '1m', threshold: 5, iterations: 5, match },
      },
    },
  ] as unknown as KubeManifest[];
  const expected = (prefix: string) =>
    ['headers.x-a.prefix', 'queryParams.q.prefix', 'queryParams.r.regex', 'authority.regex'].map(
      (p) => `${prefix}[0].${p}`,
    );
  const all = [
    ...expected('VirtualService spec.http[0].match'),
    ...expected('Canary spec.service.match'),
    ...expected('Canary spec.analysis.match'),
  ].sort();
  const validated = validateManifests(objects)
    .filter((f) => f.code === 'invalid-value')
    .map((f) => `${f.object.split(' ')[0]} ${f.path}`);
  const linted = lintManifests(objects, { rules: ['string-match-empty'] }).map(
    (f) => `${f.object.split(' ')[0]} ${f.path}`,
  );
  assert.deepEqual(validated.sort(), all);
  assert.deepEqual(linted.sort(), all);
});
