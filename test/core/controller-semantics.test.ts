import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  CanaryServiceSpec,
  KubeManifest,
  rollbackBound,
  specWarnings,
  synthesize,
  validate,
} from '../../lib';
import { validateManifests } from '../../lib/validate';
import { flaggerMaxInterval, flaggerMaxThreshold, flaggerRollbackSeconds } from '../../lib/core/rollback-sla';
import { MINIMAL_FLAGGER, spec } from '../fixtures/specs';
import { dashboardFileName } from '../../lib/core/render/grafana-dashboard';
import { cli } from '../support/cli';
import { find, routes } from '../support/manifests';

// One focused test per item of issue 11 (items 3 to 11): each states what Flagger's, Istio's or
// Grafana's source does and checks that the output agrees. The sources are cited at the code.

const mesh = (extra: Partial<CanaryServiceSpec> = {}): CanaryServiceSpec => spec({ mode: 'mesh', ...extra });

function paths(s: unknown): string[] {
  return validate(s).map((issue) => issue.path);
}

function canarySpec(manifests: KubeManifest[]): Record<string, unknown> {
  return find(manifests, 'Canary', 'checkout').spec as Record<string, unknown>;
}

describe('item 3: resilience.retries: false disables retries', () => {
  test('mesh mode writes attempts: 0 on every route (a missing policy is Istio default of 2 retries)', () => {
    const vs = find(
      synthesize(
        mesh({ resilience: { retries: false }, traffic: { darkLaunchHeaders: { 'x-canary': 'on' } } }),
      ),
      'VirtualService',
      'checkout',
    );
    const http = routes(vs) as Record<string, unknown>[];
    assert.ok(http.length >= 2);
    for (const route of http) assert.deepEqual(route.retries, { attempts: 0 }, String(route.name));
  });

  test('flagger mode writes attempts: 0 in the Canary service (Flagger copies it to every route)', () => {
    const service = canarySpec(synthesize(spec({ resilience: { retries: false } }))).service as Record<
      string,
      unknown
    >;
    assert.deepEqual(service.retries, { attempts: 0 });
  });
});

describe('item 4: Flagger mirroring with session affinity', () => {
  test('is rejected with a reason: Flagger never sees its mirror and loops at weight 0', () => {
    const issues = validate(
      spec({ analysis: { mirror: true, sessionAffinity: { cookieName: 'checkout-canary' } } }),
    );
    assert.equal(issues.length, 1);
    assert.equal(issues[0].path, 'analysis.mirror');
    assert.match(issues[0].message, /sticky-cookie route/);
    assert.match(issues[0].message, /never leaves weight 0/);
  });

  test('each of the two alone is fine', () => {
    assert.deepEqual(paths(spec({ analysis: { mirror: true } })), []);
    assert.deepEqual(paths(spec({ analysis: { sessionAffinity: {} } })), []);
  });
});

describe('item 5: the flagger rollback bound is interval x (threshold + 1) + the window beyond an interval', () => {
  test('Flagger tests the threshold before the analysis: one more interval than the failed checks', () => {
    assert.equal(flaggerRollbackSeconds(60, 5, 60), 360);
    assert.equal(flaggerRollbackSeconds(120, 3, 60), 480);
    // A 3m window behind a 1m interval: the first fully failing check comes 2m later.
    assert.equal(flaggerRollbackSeconds(60, 5, 180), 480);
  });

  test('the spec bound and its explanation use it', () => {
    const bound = rollbackBound(spec({ analysis: { interval: '2m', threshold: 3 }, slo: { window: '1m' } }));
    assert.equal(bound.seconds, 480);
    assert.equal(bound.explanation, 'analysis.interval 2m x (analysis.threshold 3 + 1) = 8m');
    const long = rollbackBound(spec({ analysis: { interval: '1m', threshold: 5 }, slo: { window: '3m' } }));
    assert.equal(
      long.explanation,
      'analysis.interval 1m x (analysis.threshold 5 + 1) + (slo.window 3m - 1m) = 8m',
    );
  });

  test('the README worked example (2m, 3, 1m window) needs 8m and fits 10m, not 7m', () => {
    const example = spec({
      analysis: { interval: '2m', threshold: 3 },
      slo: { window: '1m' },
      rollbackWithin: '7m',
    });
    assert.deepEqual(paths(example), ['rollbackWithin']);
    assert.deepEqual(paths({ ...example, rollbackWithin: '10m' }), []);
  });

  test('the largest threshold and interval that fit a limit satisfy the bound', () => {
    for (const window of [30, 60, 180]) {
      for (const limit of [300, 600, 900]) {
        const threshold = flaggerMaxThreshold(limit, 60, window);
        assert.ok(flaggerRollbackSeconds(60, threshold, window) <= limit);
        assert.ok(flaggerRollbackSeconds(60, threshold + 1, window) > limit);
        const interval = flaggerMaxInterval(limit, 3, window);
        assert.ok(flaggerRollbackSeconds(interval, 3, window) <= limit, `${window} ${limit}`);
        assert.ok(flaggerRollbackSeconds(interval + 1, 3, window) > limit, `${window} ${limit}`);
      }
    }
  });

  test('the minimal flagger spec (1m, 5, 1m) needs 6m', () => {
    assert.equal(rollbackBound(MINIMAL_FLAGGER).seconds, 360);
  });
});

describe("item 7: dashboards of services with the same name in two namespaces don't overwrite each other", () => {
  test('the data key (the file the Grafana sidecar writes) names the namespace', () => {
    const keys = ['shop', 'payments'].map((namespace) => {
      const manifests = synthesize(spec({ namespace }));
      const dashboard = manifests.find(
        (m) => m.kind === 'ConfigMap' && m.metadata.name === 'checkout-dashboard',
      );
      assert.ok(dashboard);
      return Object.keys(dashboard.data as Record<string, string>);
    });
    assert.deepEqual(keys, [['shop.checkout-canary.json'], ['payments.checkout-canary.json']]);
  });

  test('no two namespace/name pairs share a key', () => {
    const pairs = [
      ['a-b', 'c'],
      ['a', 'b-c'],
    ].map(([namespace, name]) => dashboardFileName(namespace, name));
    assert.equal(new Set(pairs).size, 2);
  });
});

describe("item 8: empty prefix or regex header matches (Istio's admission rejects them)", () => {
  test('the spec rejects them wherever it takes header matches', () => {
    const issues = validate(
      mesh({
        traffic: {
          darkLaunchHeaders: { 'x-canary': { prefix: '' } },
          cohorts: [{ name: 'beta', headers: { 'x-beta': { regex: '' } }, canaryWeight: 10 }],
        },
      }),
    );
    assert.deepEqual(
      issues.map((i) => i.path),
      ['traffic.darkLaunchHeaders.x-canary.prefix', 'traffic.cohorts[0].headers.x-beta.regex'],
    );
    assert.match(
      issues[0].message,
      /Istio's admission rejects \("prefix string match should not be empty"\)/,
    );
    assert.deepEqual(
      paths(spec({ analysis: { iterations: 5, match: [{ headers: { 'x-ab': { prefix: '' } } }] } })),
      ['analysis.match[0].headers.x-ab.prefix'],
    );
  });

  test('an empty exact value is valid', () => {
    assert.deepEqual(paths(mesh({ traffic: { darkLaunchHeaders: { 'x-canary': '' } } })), []);
  });

  test('validate reports them in VirtualServices and in Flagger Canaries, as the webhook would', () => {
    const vs = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'cart', namespace: 'shop' },
      spec: {
        hosts: ['cart'],
        http: [
          {
            match: [
              { headers: { 'x-a': { prefix: '' } }, uri: { prefix: '' } },
              { queryParams: { q: { regex: '' } }, authority: { prefix: '' }, uri: { regex: '' } },
            ],
            route: [{ destination: { host: 'cart' } }],
          },
        ],
      },
    };
    assert.deepEqual(
      validateManifests([vs as unknown as KubeManifest]).map((f) => f.path),
      [
        'spec.http[0].match[0].headers.x-a.prefix',
        'spec.http[0].match[1].queryParams.q.regex',
        'spec.http[0].match[1].authority.prefix',
        'spec.http[0].match[1].uri.regex',
      ],
    );
    const canary = find(
      synthesize(spec({ analysis: { iterations: 5, match: [{ headers: { 'x-ab': 'yes' } }] } })),
      'Canary',
      'checkout',
    );
    const broken = structuredClone(canary) as unknown as { spec: { analysis: { match: unknown[] } } };
    broken.spec.analysis.match = [{ headers: { 'x-ab': { regex: '' } } }];
    const findings = validateManifests([broken as unknown as KubeManifest]);
    assert.deepEqual(
      findings.map((f) => [f.path, f.code]),
      [['spec.analysis.match[0].headers.x-ab.regex', 'invalid-value']],
    );
  });
});

describe('item 9: service.responseHeaders reach every response', () => {
  const headers = { 'x-service': 'checkout' };

  test('mesh mode adds them on every route of the VirtualService', () => {
    const vs = find(
      synthesize(
        mesh({
          service: { responseHeaders: headers },
          traffic: {
            canaryWeight: 10,
            darkLaunchHeaders: { 'x-canary': 'on' },
            cohorts: [{ name: 'beta', headers: { 'x-beta': 'yes' }, canaryWeight: 50 }],
            stickySession: {},
          },
        }),
      ),
      'VirtualService',
      'checkout',
    );
    const http = routes(vs) as Record<string, unknown>[];
    assert.deepEqual(
      http.map((r) => r.name),
      ['dark-launch', 'cohort-beta', 'sticky-canary', 'sticky-stable', 'default'],
    );
    for (const route of http) {
      assert.deepEqual(route.headers, { response: { add: headers } }, String(route.name));
    }
  });

  test('flagger mode adds them through the Canary and on the root VirtualService', () => {
    const manifests = synthesize(
      spec({ service: { delegation: true, gateways: ['istio-system/gw'], responseHeaders: headers } }),
    );
    const service = canarySpec(manifests).service as Record<string, unknown>;
    assert.deepEqual(service.headers, { response: { add: headers } });
    for (const route of routes(find(manifests, 'VirtualService', 'checkout-root')) as Record<
      string,
      unknown
    >[]) {
      assert.deepEqual(route.headers, { response: { add: headers } });
    }
  });
});

describe('item 10: no header dark launch in flagger mode (the canary has no pods between rollouts)', () => {
  test('is refused with the reason and the alternatives', () => {
    const issues = validate(
      spec({ service: { delegation: true }, traffic: { darkLaunchHeaders: { 'x-canary': 'true' } } }),
    );
    assert.deepEqual(
      issues.map((i) => i.path),
      ['traffic.darkLaunchHeaders'],
    );
    assert.match(issues[0].message, /scales the canary to zero between rollouts/);
    assert.match(issues[0].message, /503/);
    assert.match(issues[0].message, /analysis\.iterations with analysis\.match/);
  });

  test('no flagger-mode output routes to <name>-canary: Flagger owns every route to it', () => {
    const manifests = synthesize(spec({ service: { delegation: true } }));
    const hosts = manifests
      .filter((m) => m.kind === 'VirtualService')
      .flatMap((vs) => routes(vs).flatMap((r) => (r.route ?? []).map((d) => d.destination.host)));
    assert.ok(!hosts.includes('checkout-canary'));
  });

  test('mesh mode keeps its dark launch', () => {
    assert.deepEqual(paths(mesh({ traffic: { darkLaunchHeaders: { 'x-canary': 'true' } } })), []);
  });
});

describe('item 6: mesh stickiness never keeps returning users out of a stage or out of mirroring', () => {
  const stages = [
    { name: 'smoke', canaryWeight: 1 },
    { name: 'ten', canaryWeight: 10 },
  ];
  const sticky = (traffic: CanaryServiceSpec['traffic']) =>
    routes(
      find(synthesize(mesh({ traffic: { stickySession: {}, ...traffic } })), 'VirtualService', 'checkout'),
    );
  const setCookies = (http: ReturnType<typeof routes>): string[] =>
    [...JSON.stringify(http).matchAll(/"set-cookie":"(canary-kit-track=[a-z]+-[0-9]+)/g)].map((m) => m[1]);
  /** The route a request with this Cookie header takes, as Envoy matches the regexes (first match wins). */
  const routeFor = (http: ReturnType<typeof routes>, cookie: string): string | undefined =>
    http.find((r) => {
      const regex = r.match?.[0]?.headers?.cookie?.regex;
      return regex === undefined ? r.match === undefined : new RegExp(regex).test(cookie);
    })?.name;

  test('at share 0 no cookie is issued and no sticky route exists', () => {
    const http = sticky({ canaryWeight: 0 });
    assert.deepEqual(
      http.map((r) => r.name),
      ['default'],
    );
    assert.deepEqual(setCookies(http), []);
  });

  test('the cookie names the track and the share that issued it', () => {
    const http = sticky({ stages, stage: 'ten' });
    assert.deepEqual(setCookies(http).sort(), ['canary-kit-track=canary-10', 'canary-kit-track=stable-10']);
    assert.equal(routeFor(http, 'a=1; canary-kit-track=canary-10'), 'sticky-canary');
    assert.equal(routeFor(http, 'canary-kit-track=stable-10; b=2'), 'sticky-stable');
  });

  test('a later stage reaches returning users: a cookie of an earlier stage is split again', () => {
    const smoke = sticky({ stages, stage: 'smoke' });
    const issued = setCookies(smoke).find((c) => c.includes('stable'));
    assert.equal(issued, 'canary-kit-track=stable-1');
    const ten = sticky({ stages, stage: 'ten' });
    assert.equal(routeFor(ten, issued!), 'default');
    assert.equal(routeFor(ten, 'canary-kit-track=canary-1'), 'default');
    // canary-10 is not canary-100, nor canary-1 canary-10.
    assert.equal(routeFor(ten, 'canary-kit-track=canary-100'), 'default');
  });

  test('mirroring applies to every route that serves stable', () => {
    const http = sticky({
      canaryWeight: 0,
      mirrorPercentage: 5,
      cohorts: [{ name: 'beta', headers: { 'x-beta': 'yes' }, canaryWeight: 0 }],
    });
    assert.deepEqual(
      http.map((r) => [r.name, r.mirrorPercentage?.value]),
      [
        ['cohort-beta', 5],
        ['default', 5],
      ],
    );
  });

  test('a cohort with live canary traffic cannot be mirrored (its canary requests would run twice)', () => {
    assert.deepEqual(
      paths(
        mesh({
          traffic: {
            mirrorPercentage: 5,
            cohorts: [{ name: 'beta', headers: { 'x-b': 'y' }, canaryWeight: 20 }],
          },
        }),
      ),
      ['traffic.cohorts[0].canaryWeight'],
    );
  });
});

describe('item 11: observability that works with the usual installs', () => {
  test("Flagger's weight gauge is matched as namespace and as exported_namespace", () => {
    const rule = find(synthesize(MINIMAL_FLAGGER), 'PrometheusRule', 'checkout-canary-alerts');
    const exprs = JSON.stringify(rule.spec);
    assert.match(
      exprs,
      /flagger_canary_weight\{workload=\\"checkout\\",namespace=\\"shop\\",exported_namespace=\\"\\"\}/,
    );
    assert.match(exprs, /flagger_canary_weight\{workload=\\"checkout\\",exported_namespace=\\"shop\\"\}/);
  });

  test('a PrometheusRule without ruleLabels gets a warning naming the release label; with them, none', () => {
    const [warning, ...more] = specWarnings(MINIMAL_FLAGGER);
    assert.deepEqual(more, []);
    assert.equal(warning.path, 'observability.ruleLabels');
    assert.match(warning.message, /release: <its Helm release name>/);
    assert.deepEqual(specWarnings(spec({ observability: { ruleLabels: { release: 'kps' } } })), []);
    assert.deepEqual(specWarnings(spec({ observability: { alerts: false } })), []);
  });

  test('canary-kit synth prints the warning on stderr and still renders', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ck-warn-'));
    const file = join(dir, 'checkout.yaml');
    writeFileSync(
      file,
      'name: checkout\nnamespace: shop\nworkload: { image: ghcr.io/acme/checkout:1.4.2 }\n',
    );
    const result = await cli(['synth', file]);
    assert.equal(result.code, 0);
    assert.match(result.stderr, /^warning: .*checkout\.yaml: observability\.ruleLabels: .*release/m);
    assert.match(result.stdout, /kind: PrometheusRule/);
  });

  test('an alert says when Prometheus has no Istio request metrics of the service', () => {
    for (const s of [MINIMAL_FLAGGER, mesh()]) {
      const rule = find(synthesize(s), 'PrometheusRule', 'checkout-canary-alerts').spec as {
        groups: { rules: { alert: string; expr: string }[] }[];
      };
      const absent = rule.groups[0].rules.find((r) => r.alert === 'CanaryIstioMetricsAbsent');
      assert.ok(absent);
      assert.match(absent.expr, /^absent\(istio_requests_total\{.*\} or istio_requests_total\{.*\}\)$/);
    }
  });

  test('the session-affinity cookie is set for every path', () => {
    const analysis = canarySpec(synthesize(spec({ analysis: { sessionAffinity: {} } }))).analysis as {
      sessionAffinity: Record<string, unknown>;
    };
    assert.equal(analysis.sessionAffinity.path, '/');
  });

  test('the README says slo.minRequests is no Flagger threshold, and the Canary has none', () => {
    const readme = readFileSync('README.md', 'utf8');
    assert.doesNotMatch(readme, /slo\.minRequests`\s+become Flagger/);
    assert.match(readme, /`slo\.minRequests` guards the alerts and the `mesh` gate only/);
    const metrics = (
      canarySpec(synthesize(spec({ slo: { minRequests: 321 } }))).analysis as { metrics: unknown[] }
    ).metrics;
    assert.doesNotMatch(JSON.stringify(metrics), /321/);
  });

  test('the README says what a ServiceMonitor needs under STRICT mTLS', () => {
    assert.match(readFileSync('README.md', 'utf8'), /\*\*ServiceMonitor under STRICT mTLS\.\*\*/);
  });
});
