import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CanaryServiceSpec, KubeManifest, synthesize, synthesizeResources, toYaml } from '../../lib';
import { FULL_FLAGGER, FULL_MESH, MINIMAL_FLAGGER, SHADOW_MESH, spec } from '../fixtures/specs';
import { find, routes, weights } from '../support/manifests';

/** Every Istio metric selector in the alerts and the dashboard panels. */
function istioSelectors(manifests: KubeManifest[]): string[] {
  const rules = manifests.filter((m) => m.kind === 'PrometheusRule');
  const exprs = rules.flatMap((r) =>
    (r.spec as { groups: { rules: { expr: string }[] }[] }).groups.flatMap((g) => g.rules.map((x) => x.expr)),
  );
  for (const cm of manifests.filter((m) => m.kind === 'ConfigMap')) {
    for (const json of Object.values(cm.data as Record<string, string>)) {
      for (const panel of JSON.parse(json).panels as { targets: { expr: string }[] }[])
        exprs.push(...panel.targets.map((t) => t.expr));
    }
  }
  return exprs.flatMap((e) => e.match(/istio_request[a-z_]*\{[^}]*\}/g) ?? []);
}

const mesh = (traffic: CanaryServiceSpec['traffic'], extra: Partial<CanaryServiceSpec> = {}) =>
  spec({ mode: 'mesh', traffic, ...extra });

describe('weights', () => {
  test('the stable share is always 100 minus the canary share', () => {
    for (const canaryWeight of [0, 1, 10, 25, 50]) {
      const vs = find(synthesize(mesh({ canaryWeight })), 'VirtualService', 'checkout');
      const route = routes(vs).find((r) => r.name === 'default');
      assert.ok(route);
      assert.deepEqual(weights(route), { stable: 100 - canaryWeight, canary: canaryWeight });
    }
  });

  test('a stage sets the canary share from the declared stages', () => {
    const vs = find(synthesize(FULL_MESH), 'VirtualService', 'checkout');
    assert.deepEqual(weights(routes(vs).find((r) => r.name === 'default')!), { stable: 90, canary: 10 });
    assert.equal(vs.metadata.annotations?.['canary-kit.dev/stage'], 'ten');
  });

  test('a promotion above 50 percent is rendered only with promoting: true and says so', () => {
    const vs = find(synthesize(mesh({ canaryWeight: 80, promoting: true })), 'VirtualService', 'checkout');
    assert.deepEqual(weights(routes(vs).at(-1)!), { stable: 20, canary: 80 });
    assert.equal(vs.metadata.annotations?.['canary-kit.dev/promoting'], 'true');
  });

  test('every weighted route of every example sums to 100', () => {
    for (const s of [FULL_MESH, mesh({ canaryWeight: 5 })]) {
      for (const route of routes(find(synthesize(s), 'VirtualService', 'checkout'))) {
        const ws = (route.route ?? []).map((r) => r.weight).filter((w): w is number => w !== undefined);
        if (ws.length > 0)
          assert.equal(
            ws.reduce((a, b) => a + b, 0),
            100,
            `route ${route.name}`,
          );
      }
    }
  });
});

describe('mesh routing', () => {
  test('rules come in order: dark launch, cohorts, sticky, weighted default', () => {
    const vs = find(synthesize(FULL_MESH), 'VirtualService', 'checkout');
    assert.deepEqual(
      routes(vs).map((r) => r.name),
      [
        'dark-launch',
        'cohort-beta',
        'cohort-us-west',
        'cohort-api-preview',
        'sticky-canary',
        'sticky-stable',
        'default',
      ],
    );
    assert.equal(routes(vs).at(-1)!.match, undefined, 'only the last route matches everything');
  });

  test('the dark launch sends its header to the canary subset only', () => {
    const darkLaunch = routes(find(synthesize(FULL_MESH), 'VirtualService', 'checkout'))[0];
    assert.deepEqual(darkLaunch.match, [{ headers: { 'x-canary': { exact: 'true' } } }]);
    assert.deepEqual(weights(darkLaunch), { canary: undefined });
  });

  test('each cohort has its own split', () => {
    const rs = routes(find(synthesize(FULL_MESH), 'VirtualService', 'checkout'));
    assert.deepEqual(weights(rs.find((r) => r.name === 'cohort-us-west')!), { stable: 80, canary: 20 });
  });

  test('a rollback keeps the canary destination at 0, drops every sticky route and records the audit trail', () => {
    const rolledBack = mesh({
      canaryWeight: 0,
      stickySession: {},
      rollback: { reason: 'error rate 7% > 1%', at: '2026-11-24T18:00:00Z', previousCanaryWeight: 10 },
    });
    const vs = find(synthesize(rolledBack), 'VirtualService', 'checkout');
    assert.deepEqual(weights(routes(vs).at(-1)!), { stable: 100, canary: 0 });
    assert.deepEqual(
      routes(vs).map((r) => r.name),
      ['default'],
    );
    assert.deepEqual(vs.metadata.annotations, {
      'canary-kit.dev/rollback-at': '2026-11-24T18:00:00Z',
      'canary-kit.dev/rollback-previous-canary-weight': '10',
      'canary-kit.dev/rollback-reason': 'error rate 7% > 1%',
    });
  });

  test('mirroring copies a share of the default route to the canary subset', () => {
    const last = routes(find(synthesize(SHADOW_MESH), 'VirtualService', 'ledger')).at(-1)!;
    assert.deepEqual(last.mirror, { host: 'ledger', port: { number: 80 }, subset: 'canary' });
    assert.deepEqual(last.mirrorPercentage, { value: 5 });
  });

  test('an edge-only service says so to lint instead of looking like a forgotten mesh gateway', () => {
    const edgeOnly = spec(
      { service: { gateways: ['istio-system/public-gateway'], includeMesh: false } },
      FULL_MESH,
    );
    const vs = find(synthesize(edgeOnly), 'VirtualService', 'checkout');
    assert.equal(vs.metadata.annotations?.['canary-kit.dev/lint-ignore'], 'vs-gateway-without-mesh');
    assert.equal(
      find(synthesize(FULL_MESH), 'VirtualService', 'checkout').metadata.annotations?.[
        'canary-kit.dev/lint-ignore'
      ],
      undefined,
    );
  });

  test('gateways get mesh added unless the spec opts out', () => {
    const withMesh = find(synthesize(FULL_MESH), 'VirtualService', 'checkout');
    assert.deepEqual((withMesh.spec as { gateways: string[] }).gateways, [
      'istio-system/public-gateway',
      'mesh',
    ]);
    const edgeOnly = spec(
      { service: { gateways: ['istio-system/public-gateway'], includeMesh: false } },
      FULL_MESH,
    );
    assert.deepEqual(
      (find(synthesize(edgeOnly), 'VirtualService', 'checkout').spec as { gateways: string[] }).gateways,
      ['istio-system/public-gateway'],
    );
  });

  test('the DestinationRule keys subsets on the version label, canary stricter, with mTLS', () => {
    const dr = find(synthesize(FULL_MESH), 'DestinationRule', 'checkout').spec as {
      subsets: {
        name: string;
        labels: Record<string, string>;
        trafficPolicy?: { outlierDetection: { consecutive5xxErrors: number } };
      }[];
      trafficPolicy: { tls: { mode: string }; outlierDetection: { consecutive5xxErrors: number } };
    };
    assert.deepEqual(
      dr.subsets.map((s) => [s.name, s.labels]),
      [
        ['stable', { version: 'stable' }],
        ['canary', { version: 'canary' }],
      ],
    );
    assert.equal(dr.trafficPolicy.tls.mode, 'ISTIO_MUTUAL');
    assert.ok(
      dr.subsets[1].trafficPolicy!.outlierDetection.consecutive5xxErrors <
        dr.trafficPolicy.outlierDetection.consecutive5xxErrors,
    );
  });

  test('the subsets select the pods of the two Deployments', () => {
    const out = synthesize(FULL_MESH);
    const podLabels = (name: string) =>
      (find(out, 'Deployment', name).spec as { template: { metadata: { labels: Record<string, string> } } })
        .template.metadata.labels;
    assert.equal(podLabels('checkout-stable').version, 'stable');
    assert.equal(podLabels('checkout-canary').version, 'canary');
    assert.equal(
      (
        find(out, 'Deployment', 'checkout-canary').spec as {
          template: { spec: { containers: { image: string }[] } };
        }
      ).template.spec.containers[0].image,
      'ghcr.io/acme/checkout:1.5.0',
    );
  });
});

describe('flagger mode ownership', () => {
  const flaggerNames = ['checkout', 'checkout-primary', 'checkout-canary'];
  const routingKinds = ['Service', 'DestinationRule', 'VirtualService'];

  test('no Service, DestinationRule or VirtualService takes a name Flagger owns', () => {
    for (const s of [MINIMAL_FLAGGER, FULL_FLAGGER]) {
      const owned = synthesize(s).filter(
        (m) => routingKinds.includes(m.kind) && flaggerNames.includes(m.metadata.name),
      );
      assert.deepEqual(owned, []);
    }
  });

  test('without delegation there is no VirtualService at all', () => {
    assert.deepEqual(
      synthesize(MINIMAL_FLAGGER).filter((m) => m.kind === 'VirtualService'),
      [],
    );
  });

  test('with delegation a root VirtualService delegates everything to Flagger', () => {
    const root = find(synthesize(FULL_FLAGGER), 'VirtualService', 'checkout-root');
    const rs = routes(root);
    assert.equal(rs.length, 1);
    assert.deepEqual(rs[0].delegate, { name: 'checkout', namespace: 'shop' });
    const canary = find(synthesize(FULL_FLAGGER), 'Canary', 'checkout').spec as {
      service: Record<string, unknown>;
    };
    assert.equal(canary.service.delegation, true);
    assert.equal(canary.service.hosts, undefined);
    assert.equal(canary.service.gateways, undefined);
  });

  test('the Canary adds mesh to its gateways and keeps only HTTP connection-pool settings', () => {
    const s = spec({
      service: { gateways: ['istio-system/public-gateway'] },
      resilience: { connectionPool: { http2MaxRequests: 10 } },
    });
    const service = (find(synthesize(s), 'Canary', 'checkout').spec as { service: Record<string, unknown> })
      .service;
    assert.deepEqual(service.gateways, ['istio-system/public-gateway', 'mesh']);
    assert.deepEqual(Object.keys((service.trafficPolicy as { connectionPool: object }).connectionPool), [
      'http',
    ]);
  });

  test('the target Deployment is selected by app: <name> and leaves replicas to the autoscaler', () => {
    const out = synthesize(FULL_FLAGGER);
    const deployment = find(out, 'Deployment', 'checkout').spec as Record<string, unknown>;
    assert.deepEqual(deployment.selector, { matchLabels: { app: 'checkout' } });
    assert.equal(deployment.replicas, undefined);
    assert.deepEqual((find(out, 'Canary', 'checkout').spec as { autoscalerRef: unknown }).autoscalerRef, {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      name: 'checkout',
    });
  });
});

describe('one SLO drives every check', () => {
  const out = synthesize(FULL_FLAGGER);
  const canary = find(out, 'Canary', 'checkout').spec as {
    analysis: { metrics: { name: string; thresholdRange: object }[] };
  };

  test('Flagger checks: success rate is a min, latency a max', () => {
    assert.deepEqual(
      canary.analysis.metrics.map((m) => [m.name, m.thresholdRange]),
      [
        ['success-rate', { min: 99.5 }],
        ['latency-p99', { max: 400 }],
        ['latency-ratio', { max: 1.5 }],
      ],
    );
  });

  test('the success-rate template computes the success percentage of the target workload', () => {
    const query = (find(out, 'MetricTemplate', 'checkout-success-rate').spec as { query: string }).query;
    assert.match(query, /response_code!~"5\.\."/);
    assert.match(query, /\* 100$/);
    assert.match(query, /destination_workload="\{\{ target \}\}"/);
    assert.doesNotMatch(query, /-canary|-primary/);
  });

  test('the latency-ratio template compares the target with <target>-primary', () => {
    const query = (find(out, 'MetricTemplate', 'checkout-latency-ratio').spec as { query: string }).query;
    assert.match(query, /destination_workload="\{\{ target \}\}"/);
    assert.match(query, /destination_workload="\{\{ target \}\}-primary"/);
  });

  test('alerts and the dashboard use the same thresholds', () => {
    const rules = (
      find(out, 'PrometheusRule', 'checkout-canary-alerts').spec as {
        groups: { rules: { alert: string; expr: string }[] }[];
      }
    ).groups[0].rules;
    assert.match(
      rules.find((r) => r.alert === 'CanaryHighErrorRate')!.expr,
      /\) < 99\.5 and on\(\) .* >= 50$/,
    );
    assert.match(rules.find((r) => r.alert === 'CanaryHighLatency')!.expr, /\) > 400 and/);
    assert.match(rules.find((r) => r.alert === 'CanaryLatencyRegression')!.expr, /\) > 1\.5 and/);
    const dashboard = JSON.parse(
      Object.values(find(out, 'ConfigMap', 'checkout-dashboard').data as Record<string, string>)[0],
    );
    const steps = dashboard.panels.map(
      (p: { fieldConfig: { defaults: { thresholds: { steps: { value: number | null }[] } } } }) =>
        p.fieldConfig.defaults.thresholds.steps.map((s) => s.value).filter((v) => v !== null),
    );
    assert.deepEqual(steps, [[], [99.5], [400], [], [1.5], []]);
  });

  test('mesh queries select the subsets by version label, flagger queries by workload', () => {
    const meshSelectors = istioSelectors(synthesize(FULL_MESH));
    assert.ok(meshSelectors.length > 0);
    for (const sel of meshSelectors) assert.match(sel, /destination_version="(canary|stable)"/);
    const flaggerSelectors = istioSelectors(out);
    assert.ok(flaggerSelectors.length > 0);
    for (const sel of flaggerSelectors) assert.match(sel, /destination_workload="checkout(-primary)?"/);
  });
});

describe('determinism', () => {
  test('the same spec synthesizes to the same bytes', () => {
    for (const s of [MINIMAL_FLAGGER, FULL_FLAGGER, FULL_MESH]) {
      assert.equal(toYaml(synthesize(s)), toYaml(synthesize(structuredClone(s))));
    }
  });

  test('key order does not depend on how the spec was written', () => {
    const reverseKeys = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reverseKeys)
        : value && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reverseKeys(v)]),
            )
          : value;
    const reordered = reverseKeys(FULL_MESH) as CanaryServiceSpec;
    assert.notDeepEqual(Object.keys(reordered), Object.keys(FULL_MESH));
    assert.equal(toYaml(synthesize(reordered)), toYaml(synthesize(FULL_MESH)));
  });

  test('resource ids are unique and objects come in the documented order', () => {
    const ids = synthesizeResources(FULL_FLAGGER).map((r) => r.id);
    assert.deepEqual(ids, [
      'deployment',
      'autoscaler',
      'metric-template-success-rate',
      'metric-template-latency-p99',
      'metric-template-latency-ratio',
      'canary',
      'root-virtual-service',
      'prometheus-rule',
      'service-monitor',
      'dashboard',
    ]);
    const meshIds = synthesizeResources(FULL_MESH).map((r) => r.id);
    assert.deepEqual(meshIds, [
      'deployment-stable',
      'deployment-canary',
      'service',
      'destination-rule',
      'virtual-service',
      'prometheus-rule',
      'service-monitor',
      'dashboard',
    ]);
  });

  test('dependencies name only resources that exist', () => {
    for (const s of [MINIMAL_FLAGGER, FULL_FLAGGER, FULL_MESH]) {
      const resources = synthesizeResources(s);
      const ids = new Set(resources.map((r) => r.id));
      for (const r of resources)
        for (const dep of r.dependsOn) assert.ok(ids.has(dep), `${r.id} depends on missing ${dep}`);
    }
  });
});

describe('workload defaults', () => {
  test('rendered pods are restricted: non-root, no escalation, no capabilities, RuntimeDefault seccomp, read-only root', () => {
    const pod = (
      find(synthesize(MINIMAL_FLAGGER), 'Deployment', 'checkout').spec as {
        template: {
          spec: {
            securityContext: unknown;
            containers: { securityContext: unknown }[];
            volumes: unknown;
          };
        };
      }
    ).template.spec;
    assert.deepEqual(pod.securityContext, {
      runAsNonRoot: true,
      runAsUser: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    assert.deepEqual(pod.containers[0].securityContext, {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
    });
    assert.deepEqual(pod.volumes, [{ name: 'tmp', emptyDir: {} }]);
  });

  test('an existing Deployment is referenced, not rendered', () => {
    const out = synthesize(spec({ workload: { existingDeployment: 'checkout' } }));
    assert.deepEqual(
      out.filter((m) => m.kind === 'Deployment'),
      [],
    );
    assert.deepEqual((find(out, 'Canary', 'checkout').spec as { targetRef: unknown }).targetRef, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'checkout',
    });
  });
});

describe('fields controllers own at run time', () => {
  test("Flagger owns its target's replicas; nothing else is claimed in flagger mode", () => {
    const owned = synthesizeResources(MINIMAL_FLAGGER).flatMap((r) =>
      (r.controllerOwned ?? []).map((f) => `${r.id} ${f.path} ${f.owner}`),
    );
    assert.deepEqual(owned, ['deployment spec.replicas Flagger']);
  });

  test('the gate owns the weights of the default and cohort routes and the canary replicas', () => {
    const automated = spec({ automation: { image: 'ghcr.io/acme/canary-kit-gate:0.1.0' } }, FULL_MESH);
    const resources = synthesizeResources(automated);
    const vs = resources.find((r) => r.id === 'virtual-service')!;
    const names = routes(vs.manifest).map((r) => r.name);
    const weighted = names.flatMap((name, index) =>
      name === 'default' || String(name).startsWith('cohort-') ? [index] : [],
    );
    assert.ok(weighted.length > 1, 'FULL_MESH has cohorts');
    assert.deepEqual(
      [...(vs.controllerOwned ?? [])].map((f) => f.path).sort(),
      weighted.flatMap((i) => [`spec.http[${i}].route[0].weight`, `spec.http[${i}].route[1].weight`]).sort(),
    );
    assert.equal(resources.find((r) => r.id === 'deployment-stable')!.controllerOwned, undefined);
    assert.deepEqual(
      resources
        .find((r) => r.id === 'deployment-canary')!
        .controllerOwned?.map((f) => `${f.path} ${f.owner}`),
      ['spec.replicas the canary-kit gate'],
    );
  });
});
