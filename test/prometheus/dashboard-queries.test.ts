/**
 * The Grafana dashboard's queries (the same selectors as the alerts and the gate) on a real
 * Prometheus server: each target reads its own track. In `mesh` mode the tracks are told apart by
 * `destination_version` ("canary" vs "stable"); in `flagger` mode by the workload (`<name>` vs
 * `<name>-primary`).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { synthesize, type CanaryServiceSpec } from '../../lib';
import { FULL_FLAGGER, FULL_MESH } from '../fixtures/specs';
import { assertClose } from '../support/prometheus/assert-close';
import { emittedQueries, type EmittedQuery } from '../support/prometheus/emitted-queries';
import { usePrometheus } from '../support/prometheus/fixture';
import { buildIstioOpenMetrics, FIXED_END_TIME_SECONDS } from '../support/prometheus/openmetrics';
import { queryValue } from '../support/prometheus/query';
import { describeWithPrometheusTools } from '../support/prometheus/require-tools';
import { tracksFromManifests } from '../support/prometheus/tracks';
import {
  decoyTraffic,
  EXPECTED,
  flaggerWeightGauges,
  twoTrackTraffic,
} from '../support/prometheus/two-track-traffic';

interface PanelTarget {
  readonly title: string;
  readonly legend: string;
  readonly expr: string;
}

/** Every dashboard target with its panel title (the `where` of an emitted query names the panel index). */
function dashboardTargets(manifests: ReturnType<typeof synthesize>): PanelTarget[] {
  const configMap = manifests.find((m) => m.kind === 'ConfigMap');
  assert.ok(configMap, 'no dashboard ConfigMap');
  const [json] = Object.values(configMap.data as Record<string, string>);
  const panels = (
    JSON.parse(json) as { panels: Array<{ title: string; targets: Array<{ legendFormat: string }> }> }
  ).panels;
  const { queries } = emittedQueries(manifests);
  const dashboard = queries.filter((q: EmittedQuery) => q.source === 'dashboard');
  return dashboard.map((q) => {
    const index = Number(/panels\[(\d+)\]/.exec(q.where)?.[1]);
    return { title: panels[index].title, legend: q.label, expr: q.query };
  });
}

/** What each panel's target must read, by panel title and legend. */
function expectedValue(title: string, legend: string): number | undefined {
  const canary = legend === 'canary' || legend === 'canary {{response_code}}';
  const table: Record<string, number> = {
    'Requests per second': canary ? EXPECTED.canaryRps : EXPECTED.stableRps,
    // Summed over the response codes (the query returns one series per code).
    'Requests per second by response code': canary ? EXPECTED.canaryRps : EXPECTED.stableRps,
    'Success rate': canary ? EXPECTED.canarySuccessPercent : EXPECTED.stableSuccessPercent,
    'p99 latency': canary ? EXPECTED.canaryP99 : EXPECTED.stableP99,
    'p99 latency, canary / stable': EXPECTED.canaryP99 / EXPECTED.stableP99,
    'Canary share of requests': EXPECTED.canarySharePercent,
    'Canary weight (Flagger)': EXPECTED.flaggerCanaryWeight,
  };
  return table[title];
}

function dashboardSuite(title: string, spec: CanaryServiceSpec): void {
  describe(title, () => {
    const manifests = synthesize(spec);
    const tracks = tracksFromManifests(manifests);
    const prometheus = usePrometheus(() => ({
      openMetrics: buildIstioOpenMetrics({
        durationSeconds: 1800,
        stepSeconds: 15,
        workloads: [
          ...twoTrackTraffic(tracks),
          ...decoyTraffic(tracks, `${tracks.canary.namespace}-staging`),
        ],
        gauges: tracks.mode === 'flagger' ? flaggerWeightGauges(tracks, EXPECTED.flaggerCanaryWeight) : [],
      }),
    }));
    const targets = dashboardTargets(manifests);

    test('the dashboard has targets for both tracks', () => {
      assert.ok(targets.filter((t) => t.legend === 'canary').length >= 3);
      assert.ok(targets.filter((t) => t.legend !== 'canary').length >= 3);
    });

    for (const target of targets) {
      test(`${target.title} [${target.legend}] reads its own track`, async () => {
        const expected = expectedValue(target.title, target.legend);
        assert.notEqual(
          expected,
          undefined,
          `no expected value for panel "${target.title}" [${target.legend}]`,
        );
        const byCode = target.legend.endsWith('{{response_code}}');
        const value = await queryValue(
          prometheus.url,
          byCode ? `sum(${target.expr})` : target.expr,
          FIXED_END_TIME_SECONDS,
        );
        assertClose(value, expected as number, target.expr, 1e-6);
      });
    }
  });
}

describeWithPrometheusTools('dashboard queries on a real Prometheus server', () => {
  dashboardSuite('mesh: version-label selectors (destination_version canary vs stable)', FULL_MESH);
  dashboardSuite('flagger: workload selectors (<name> vs <name>-primary)', FULL_FLAGGER);
});
