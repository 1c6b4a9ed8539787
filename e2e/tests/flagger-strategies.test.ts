/**
 * The strategies and custom metrics of issue 14 on the real Flagger v1.44.0: Blue/Green and A/B
 * testing complete with a healthy canary and roll back with a failing one (docs/flagger.md,
 * "Strategies"), and a custom metric (`analysis.metrics`) gates the rollout on its own: a canary
 * that meets the built-in SLO but not the custom threshold is rolled back.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AnalysisSpec, CanaryServiceSpec, SloSpec, synthesize } from '../../lib';
import { adminClient, setTraffic, RUN_ID } from '../support/cluster';
import { canaryStatus, explain, httpRoutes, waitForPhase } from '../support/flagger';
import { applySpec, deploymentImage, HEALTHY, initialize, rolloutSpec, withImage } from '../support/rollout';

const NEW_IMAGE = 'ghcr.io/stefanprodan/podinfo:6.9.1';
const FAILING = { rps: 20, errorPercent: 30, latencyMs: 40 } as const;

/** A rollout spec whose analysis is exactly `analysis` on top of the 10 s interval and threshold 2. */
function strategySpec(
  name: string,
  analysis: Partial<AnalysisSpec>,
  slo: Partial<SloSpec> = {},
): CanaryServiceSpec {
  const base = rolloutSpec(name, `e2e-flagger-${name}-${RUN_ID}`);
  const rest: Partial<AnalysisSpec> = { ...base.analysis };
  delete (rest as { stepWeights?: unknown }).stepWeights;
  return { ...base, analysis: { ...rest, ...analysis }, slo: { ...base.slo, ...slo } };
}

/** Releases a new image with the canary reporting `traffic`; returns the final phase and why. */
async function release(
  spec: CanaryServiceSpec,
  traffic: { rps: number; errorPercent: number; latencyMs: number },
): Promise<{ phase: string | undefined; why: string }> {
  const client = adminClient();
  const ns = spec.namespace!;
  await initialize(spec, client);
  await setTraffic(ns, spec.name, traffic);
  await applySpec(client, withImage(spec, NEW_IMAGE));
  await waitForPhase(client, ns, spec.name, ['Succeeded', 'Failed'], 240_000);
  return {
    phase: (await canaryStatus(client, ns, spec.name)).phase,
    why: await explain(client, ns, spec.name),
  };
}

describe('Blue/Green, A/B testing and custom metrics on the real Flagger', { concurrency: true }, () => {
  const client = adminClient();

  test('Blue/Green: iterations without live canary traffic, then the switch', async () => {
    const spec = strategySpec('bluegreen', { strategy: 'blue-green', iterations: 3 });
    const { phase, why } = await release(spec, HEALTHY);
    assert.equal(phase, 'Succeeded', why);
    assert.equal(await deploymentImage(client, spec.namespace!, 'bluegreen-primary'), NEW_IMAGE);
  });

  test('Blue/Green: a failing canary is rolled back and the primary keeps the old image', async () => {
    const spec = strategySpec('bluegreen-bad', { strategy: 'blue-green', iterations: 3 });
    const { phase, why } = await release(spec, FAILING);
    assert.equal(phase, 'Failed', why);
    assert.notEqual(await deploymentImage(client, spec.namespace!, 'bluegreen-bad-primary'), NEW_IMAGE);
  });

  test('A/B testing: only matching requests reach the canary, then promotion', async () => {
    const spec = strategySpec('abtest', {
      strategy: 'ab-testing',
      iterations: 3,
      match: [{ headers: { 'x-canary': 'insider' } }],
    });
    const ns = spec.namespace!;
    let abRoute: unknown;
    const watcher = setInterval(() => {
      void client.get('networking.istio.io/v1beta1', 'VirtualService', ns, 'abtest').then(
        (vs) => {
          const route = httpRoutes(vs).find((r) => JSON.stringify(r.match ?? []).includes('insider'));
          if (
            route &&
            (route.route ?? []).some((d) => d.destination.host === 'abtest-canary' && d.weight === 100)
          )
            abRoute ??= route;
        },
        () => undefined,
      );
    }, 1000);
    try {
      const { phase, why } = await release(spec, HEALTHY);
      assert.equal(phase, 'Succeeded', why);
    } finally {
      clearInterval(watcher);
    }
    assert.ok(abRoute, 'during the analysis Flagger routed the matching requests to the canary only');
    assert.equal(await deploymentImage(client, ns, 'abtest-primary'), NEW_IMAGE);
  });

  test('A/B testing: a failing canary is rolled back', async () => {
    const spec = strategySpec('abtest-bad', {
      strategy: 'ab-testing',
      iterations: 3,
      match: [{ headers: { 'x-canary': 'insider' } }],
    });
    const { phase, why } = await release(spec, FAILING);
    assert.equal(phase, 'Failed', why);
    assert.notEqual(await deploymentImage(client, spec.namespace!, 'abtest-bad-primary'), NEW_IMAGE);
  });

  test('a custom metric gates the rollout: within the SLO but below its minimum, the canary rolls back', async () => {
    // The canary's request rate over the window, at least 5 requests per second.
    const spec = strategySpec(
      'custom',
      { stepWeights: [10, 20, 40] },
      {
        metrics: [
          {
            name: 'request-rate',
            query:
              'sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="{{ namespace }}",destination_workload="{{ target }}"}[{{ interval }}]))',
            min: 5,
            interval: '30s',
          },
        ],
      },
    );
    const template = synthesize(spec).find(
      (m) => m.kind === 'MetricTemplate' && m.metadata.name === 'custom-request-rate',
    );
    assert.ok(template, 'the custom metric renders its MetricTemplate');
    // 1 request per second, no errors, fast: the built-in success rate and latency pass.
    const { phase, why } = await release(spec, { rps: 1, errorPercent: 0, latencyMs: 40 });
    assert.equal(phase, 'Failed', why);
    assert.match(why, /request-rate/, 'Flagger names the custom check that failed');
  });
});
