import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KubeManifest, specWarnings, synthesize, validate } from '../../lib';
import { FULL_FLAGGER, FULL_MESH, MINIMAL_FLAGGER, spec } from '../fixtures/specs';

function alertFors(manifests: KubeManifest[]): Record<string, string> {
  const rule = manifests.find((m) => m.kind === 'PrometheusRule')!;
  const rules = (rule.spec as { groups: { rules: { alert: string; for: string }[] }[] }).groups[0].rules;
  return Object.fromEntries(rules.map((r) => [r.alert, r.for]));
}
function panels(
  manifests: KubeManifest[],
): { id: number; title: string; targets: { expr: string; legendFormat: string }[] }[] {
  const configMap = manifests.find((m) => m.kind === 'ConfigMap' && /dashboard/.test(m.metadata.name))!;
  return JSON.parse(Object.values(configMap.data as Record<string, string>)[0]).panels;
}

describe('per-alert for durations (14.7)', () => {
  test('by default every alert keeps observability.alertFor (2m), as before', () => {
    for (const s of [MINIMAL_FLAGGER, FULL_FLAGGER, FULL_MESH]) {
      assert.deepEqual(new Set(Object.values(alertFors(synthesize(s)))), new Set(['2m']));
    }
  });

  test('observability.alertForByName overrides the named alerts only', () => {
    const fors = alertFors(
      synthesize(
        spec({
          observability: {
            alertFor: '3m',
            alertForByName: { CanaryHighErrorRate: '1m', CanaryFailed: '0s' },
          },
        }),
      ),
    );
    assert.equal(fors.CanaryHighErrorRate, '1m');
    assert.equal(fors.CanaryFailed, '0s');
    assert.equal(fors.CanaryHighLatency, '3m');
    assert.equal(fors.CanaryIstioMetricsAbsent, '3m');
  });

  test('an alert the spec does not emit, or a bad duration, is refused with the names to use', () => {
    const problems = validate(
      spec({
        mode: 'mesh',
        observability: { alertForByName: { CanaryFailed: '1m', CanaryHighLatency: '5 m' } },
      }),
    );
    assert.deepEqual(
      problems.map((p) => p.path),
      ['observability.alertForByName.CanaryFailed', 'observability.alertForByName.CanaryHighLatency'],
    );
    assert.match(
      problems[0].message,
      /is not an alert of this spec.*Use one of CanaryHighErrorRate, CanaryHighLatency, CanaryNoTraffic, CanaryIstioMetricsAbsent\./,
    );
    assert.match(problems[1].message, /is not a Prometheus duration/);
  });
});

describe('response-code panel (14.7)', () => {
  test('requests per second by response code, for each track, with the selectors of every panel', () => {
    for (const [s, stable, sel] of [
      [FULL_MESH, 'stable', 'destination_version="canary"'],
      [FULL_FLAGGER, 'primary', 'destination_workload="checkout"'],
    ] as const) {
      const panel = panels(synthesize(s)).find((p) => p.title === 'Requests per second by response code')!;
      assert.ok(panel, 'the panel exists');
      assert.deepEqual(
        panel.targets.map((t) => t.legendFormat),
        ['canary {{response_code}}', `${stable} {{response_code}}`],
      );
      assert.match(
        panel.targets[0].expr,
        /^sum by \(response_code\) \(rate\(istio_requests_total\{.*\}\[1m\]\)\)$/,
      );
      assert.ok(panel.targets[0].expr.includes(sel), panel.targets[0].expr);
    }
  });
});

describe('PodMonitor for the Envoy sidecars (14.7)', () => {
  const podMonitor = (manifests: KubeManifest[]) => manifests.find((m) => m.kind === 'PodMonitor');

  test('off by default', () => {
    for (const s of [MINIMAL_FLAGGER, FULL_FLAGGER, FULL_MESH])
      assert.equal(podMonitor(synthesize(s)), undefined);
  });

  test("scrapes both tracks' sidecars at http-envoy-prom /stats/prometheus, labelled for the operator's selector", () => {
    const labels = { release: 'kube-prometheus-stack' };
    const flagger = podMonitor(
      synthesize(spec({ observability: { envoyPodMonitor: true, ruleLabels: labels } })),
    )!;
    assert.equal(flagger.apiVersion, 'monitoring.coreos.com/v1');
    assert.equal(flagger.metadata.name, 'checkout-envoy');
    assert.equal(flagger.metadata.labels?.release, 'kube-prometheus-stack');
    assert.deepEqual(flagger.spec, {
      selector: {
        matchExpressions: [{ key: 'app', operator: 'In', values: ['checkout', 'checkout-primary'] }],
      },
      namespaceSelector: { matchNames: ['shop'] },
      podMetricsEndpoints: [{ port: 'http-envoy-prom', path: '/stats/prometheus', interval: '30s' }],
    });
    const mesh = podMonitor(
      synthesize({ ...FULL_MESH, observability: { envoyPodMonitor: true, ruleLabels: labels } }),
    )!;
    assert.deepEqual((mesh.spec as { selector: unknown }).selector, { matchLabels: { app: 'checkout' } });
  });

  test('without ruleLabels the synth warning names the PodMonitor too', () => {
    const warnings = specWarnings(spec({ observability: { envoyPodMonitor: true, alerts: false } }));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0].message, /the PodMonitor checkout-envoy carry no label/);
  });
});
