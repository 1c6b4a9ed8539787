import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KubeManifest } from '../../lib';
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
