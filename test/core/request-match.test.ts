import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CanaryServiceSpec, KubeManifest, RequestMatchSpec, synthesize, validate } from '../../lib';
import { lintManifests } from '../../lib/lint';
import { simulateTraffic } from '../../lib/simulate';
import { validateManifests } from '../../lib/validate';
import { AB_FLAGGER, FULL_MESH, MINIMAL_FLAGGER } from '../fixtures/specs';

const MESH: CanaryServiceSpec = {
  name: 'web',
  namespace: 'shop',
  mode: 'mesh',
  workload: { image: 'ghcr.io/acme/web:1.0.0', canaryImage: 'ghcr.io/acme/web:1.1.0' },
  service: { gateways: ['istio-system/public-gateway'], hosts: ['web.example.com'] },
  traffic: { canaryWeight: 0 },
};

function meshWith(traffic: NonNullable<CanaryServiceSpec['traffic']>): CanaryServiceSpec {
  return { ...MESH, traffic: { ...MESH.traffic, ...traffic } };
}
function abWith(match: RequestMatchSpec[]): CanaryServiceSpec {
  return { ...MINIMAL_FLAGGER, analysis: { iterations: 5, match } };
}
function problems(spec: unknown): { path: string; message: string }[] {
  return validate(spec).map(({ path, message }) => ({ path, message }));
}
function paths(spec: unknown): string[] {
  return problems(spec).map((p) => p.path);
}
function routes(manifests: KubeManifest[]): Record<string, unknown>[] {
  const vs = manifests.find((m) => m.kind === 'VirtualService')!;
  return (vs.spec as { http: Record<string, unknown>[] }).http;
}
function route(manifests: KubeManifest[], name: string): Record<string, unknown> {
  return routes(manifests).find((r) => r.name === name)!;
}
const errors = (manifests: KubeManifest[]) =>
  validateManifests(manifests).filter((f) => f.severity === 'error');

const EVERYTHING: RequestMatchSpec = {
  uri: { prefix: '/v2/' },
  method: 'POST',
  queryParams: { beta: '1', variant: { regex: 'b|c' } },
  sourceLabels: { app: 'qa-runner' },
};

describe('route matches beyond headers: rendering (14.5)', () => {
  test('mesh: a dark launch by uri, method, query parameters and source labels renders every condition in one match', () => {
    const manifests = synthesize(meshWith({ darkLaunch: EVERYTHING }));
    assert.deepEqual(route(manifests, 'dark-launch').match, [
      {
        uri: { prefix: '/v2/' },
        method: { exact: 'POST' },
        queryParams: { beta: { exact: '1' }, variant: { regex: 'b|c' } },
        sourceLabels: { app: 'qa-runner' },
      },
    ]);
    assert.deepEqual(errors(manifests), []);
  });

  test('mesh: darkLaunch with headers only renders exactly as darkLaunchHeaders', () => {
    const headers = { 'x-canary': 'true' };
    assert.deepEqual(
      synthesize(meshWith({ darkLaunch: { headers } })),
      synthesize(meshWith({ darkLaunchHeaders: headers })),
    );
  });

  test('mesh: a cohort by uri and query parameter gets its own split', () => {
    const manifests = synthesize(
      meshWith({
        canaryWeight: 10,
        cohorts: [
          {
            name: 'api-beta',
            uri: { regex: '/api/v[0-9]+/.*' },
            queryParams: { beta: '1' },
            canaryWeight: 50,
          },
        ],
      }),
    );
    const cohort = route(manifests, 'cohort-api-beta');
    assert.deepEqual(cohort.match, [
      { uri: { regex: '/api/v[0-9]+/.*' }, queryParams: { beta: { exact: '1' } } },
    ]);
    assert.deepEqual(
      (cohort.route as { weight: number }[]).map((r) => r.weight),
      [50, 50],
    );
  });

  test('flagger: A/B matches by query parameters and source labels reach the Canary and pass its CRD', () => {
    const manifests = synthesize(
      abWith([
        { queryParams: { canary: 'always' } },
        { sourceLabels: { app: 'qa-runner' }, headers: { 'x-qa': 'true' } },
      ]),
    );
    const canary = manifests.find((m) => m.kind === 'Canary')!;
    assert.deepEqual((canary.spec as { analysis: { match: unknown } }).analysis.match, [
      { queryParams: { canary: { exact: 'always' } } },
      { headers: { 'x-qa': { exact: 'true' } }, sourceLabels: { app: 'qa-runner' } },
    ]);
    assert.deepEqual(errors(manifests), []);
  });
});

describe('route matches beyond headers: validated as Istio validates them (14.5)', () => {
  test('flagger: uri and method are refused in an A/B match, because the Canary CRD prunes them', () => {
    const found = problems(abWith([{ uri: { prefix: '/beta/' }, method: 'GET', headers: { 'x-ab': '1' } }]));
    assert.deepEqual(
      found.map((p) => p.path),
      ['analysis.match[0].uri', 'analysis.match[0].method'],
    );
    assert.match(
      found[0].message,
      /dropped by Flagger's Canary CRD, which keeps only headers, queryParams and sourceLabels/,
    );
  });

  test('flagger: a dark launch by any condition is refused, as the header one is', () => {
    assert.deepEqual(paths({ ...MINIMAL_FLAGGER, traffic: { darkLaunch: { uri: { prefix: '/v2/' } } } }), [
      'traffic.darkLaunch',
    ]);
  });

  test('darkLaunch and darkLaunchHeaders together are refused', () => {
    assert.deepEqual(
      paths(meshWith({ darkLaunch: { uri: { prefix: '/v2/' } }, darkLaunchHeaders: { 'x-a': '1' } })),
      ['traffic.darkLaunchHeaders'],
    );
  });

  test('a match without any condition is refused (it would match every request)', () => {
    assert.deepEqual(problems(meshWith({ cohorts: [{ name: 'all', canaryWeight: 5 }] })), [
      {
        path: 'traffic.cohorts[0]',
        message:
          'sets no condition, so it would match every request. Give at least one of headers, uri, method, queryParams, sourceLabels.',
      },
    ]);
    assert.deepEqual(paths(abWith([{}])), ['analysis.match[0]']);
  });

  test('empty prefix and regex: refused for method and query parameters, an empty uri regex refused, an empty uri prefix matches everything', () => {
    assert.deepEqual(
      paths(
        meshWith({
          darkLaunch: {
            method: { prefix: '' },
            queryParams: { a: { prefix: '' }, b: { regex: '' } },
            uri: { regex: '' },
          },
        }),
      ),
      [
        'traffic.darkLaunch.uri.regex',
        'traffic.darkLaunch.method.prefix',
        'traffic.darkLaunch.queryParams.a.prefix',
        'traffic.darkLaunch.queryParams.b.regex',
      ],
    );
    const [everything] = problems(meshWith({ darkLaunch: { uri: { prefix: '' } } }));
    assert.equal(everything.path, 'traffic.darkLaunch');
    assert.match(everything.message, /^matches every request/);
  });

  test('regexes are RE2 and at most 1024 bytes, in every field', () => {
    assert.deepEqual(
      paths(
        meshWith({
          darkLaunch: { uri: { regex: '/(?=a)' }, queryParams: { q: { regex: `a{1}${'b'.repeat(1030)}` } } },
        }),
      ),
      ['traffic.darkLaunch.uri.regex', 'traffic.darkLaunch.queryParams.q.regex'],
    );
  });

  test('a uri without a leading slash, a lowercase method and a non-token method never match', () => {
    const found = problems(
      meshWith({ cohorts: [{ name: 'c', uri: { exact: 'api' }, method: 'post', canaryWeight: 5 }] }),
    );
    assert.deepEqual(found, [
      {
        path: 'traffic.cohorts[0].uri.exact',
        message: 'never matches: request paths start with "/". Use "/api".',
      },
      {
        path: 'traffic.cohorts[0].method',
        message: "never matches: methods are case-sensitive and sent uppercase. Use 'POST'.",
      },
    ]);
    assert.deepEqual(paths(meshWith({ darkLaunch: { method: { exact: 'GET POST' } } })), [
      'traffic.darkLaunch.method.exact',
    ]);
  });

  test('source labels must be Kubernetes label keys and values (labels.Instance.Validate)', () => {
    assert.deepEqual(paths(meshWith({ darkLaunch: { sourceLabels: { 'bad key': 'ok', app: 'not ok' } } })), [
      'traffic.darkLaunch.sourceLabels.bad key',
      'traffic.darkLaunch.sourceLabels.app',
    ]);
  });

  test('conditions that every request meets are refused together: uri prefix "/", a method regex for all methods', () => {
    const found = problems(meshWith({ darkLaunch: { uri: { prefix: '/' }, method: { regex: '[A-Z]+' } } }));
    assert.deepEqual(
      found.map((p) => p.path),
      ['traffic.darkLaunch'],
    );
    assert.match(found[0].message, /each of uri, method accepts any request/);
    // One real condition is enough.
    assert.deepEqual(
      paths(meshWith({ darkLaunch: { uri: { prefix: '/' }, queryParams: { beta: '1' } } })),
      [],
    );
  });

  test('header-only cohorts and A/B matches keep their messages and paths', () => {
    assert.deepEqual(paths(meshWith({ cohorts: [{ name: 'c', headers: {}, canaryWeight: 5 }] })), [
      'traffic.cohorts[0].headers',
    ]);
    assert.deepEqual(paths(abWith([{ headers: { 'X-Ab': '1' } }])), ['analysis.match[0].headers.X-Ab']);
  });
});

describe('route matches beyond headers: simulate routes by them (14.5)', () => {
  const manifests = synthesize(meshWith({ darkLaunch: EVERYTHING }));
  const host = 'web.shop';
  function destinationOf(kind: Parameters<typeof simulateTraffic>[1]['kinds']): string {
    const result = simulateTraffic(manifests, { host, requests: 200, kinds: kind });
    return result.kinds[0].destinations
      .filter((d) => d.expectedShare > 0)
      .map((d) => `${d.subset}:${d.rule.split('"')[1]}`)
      .join(',');
  }
  const qa = { name: 'qa', share: 1, sourceLabels: { app: 'qa-runner' }, method: 'POST' };

  test('a request meeting every condition takes the dark launch', () => {
    assert.equal(destinationOf([{ ...qa, path: '/v2/items?beta=1&variant=c' }]), 'canary:dark-launch');
  });

  test('missing any one condition falls through to the default route', () => {
    for (const kind of [
      { ...qa, path: '/v1/items?beta=1&variant=c' },
      { ...qa, path: '/v2/items?beta=2&variant=c' },
      { ...qa, path: '/v2/items?beta=1&variant=bc' },
      { ...qa, path: '/v2/items?beta=1&variant=c', method: 'GET' },
      { ...qa, path: '/v2/items?beta=1&variant=c', sourceLabels: { app: 'web' } },
    ]) {
      assert.equal(destinationOf([kind]), 'stable:default', JSON.stringify(kind));
    }
  });

  test("flagger A/B: Flagger's VirtualService is simulated with the query-parameter match (the A/B route, then the primary)", () => {
    const result = simulateTraffic(synthesize(AB_FLAGGER), {
      host: 'storefront.shop',
      requests: 100,
      kinds: [
        { name: 'ab', share: 1, path: '/?canary=always' },
        { name: 'other', share: 1, path: '/?canary=never' },
      ],
    });
    assert.deepEqual(
      result.kinds.map((k) => k.destinations[0].rule),
      ['VirtualService shop/storefront http[0]', 'VirtualService shop/storefront http[1]'],
    );
  });
});

/** Lints the spec's output with the first route of its VirtualService matching only `match`. */
function lintWithFirstMatch(spec: CanaryServiceSpec, match: Record<string, unknown>) {
  const manifests = synthesize(spec);
  const vs = manifests.find((m) => m.kind === 'VirtualService')!;
  const http = (vs.spec as { http: Record<string, unknown>[] }).http;
  const broken: KubeManifest = {
    ...vs,
    spec: { ...(vs.spec as object), http: [{ ...http[0], match: [match] }, ...http.slice(1)] },
  };
  return lintManifests([...manifests.filter((m) => m !== vs), broken]);
}

describe('route matches beyond headers: lint (14.5)', () => {
  test('a route whose conditions every request meets shadows the routes after it', () => {
    const findings = lintWithFirstMatch(meshWith({ darkLaunch: { uri: { prefix: '/v2/' } } }), {
      uri: { regex: '/.*' },
    }).filter((f) => f.rule === 'route-shadowed');
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /its conditions accept every request/);
  });

  test('string-match-empty: an empty query-parameter prefix is refused too (Istio 1.30 validateStringMatch)', () => {
    const findings = lintWithFirstMatch(meshWith({ darkLaunch: { queryParams: { beta: '1' } } }), {
      queryParams: { beta: { prefix: '' } },
    }).filter((f) => f.rule === 'string-match-empty');
    assert.deepEqual(
      findings.map((f) => f.path),
      ['spec.http[0].match[0].queryParams.beta.prefix'],
    );
  });

  test('the fixtures that use every match field lint clean', () => {
    for (const spec of [FULL_MESH, AB_FLAGGER]) {
      assert.deepEqual(
        lintManifests(synthesize(spec)).filter((f) => f.severity === 'error'),
        [],
      );
    }
  });
});
