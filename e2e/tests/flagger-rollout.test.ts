/**
 * The real Flagger v1.44.0 rolls out canary-kit's output. Each case has its own namespace and runs
 * beside the others (Flagger runs one scheduler per Canary).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rollbackBound } from '../../lib';
import { adminClient, removeTraffic, setTraffic } from '../support/cluster';
import { canaryStatus, explain, recordCanaryWeights, routeWeights, waitForPhase } from '../support/flagger';
import { deploymentImage, HEALTHY, initialize, applySpec, rolloutSpec, withImage } from '../support/rollout';

const NEW_IMAGE = 'ghcr.io/stefanprodan/podinfo:6.9.1';

describe('Flagger rolls out canary-kit output', { concurrency: true }, () => {
  const client = adminClient();

  test('initialization: Flagger creates its objects next to ours', async () => {
    const spec = rolloutSpec('init', 'e2e-flagger-init');
    await initialize(spec, client);
    const ns = spec.namespace!;
    for (const name of ['init', 'init-primary', 'init-canary']) {
      assert.ok(await client.get('v1', 'Service', ns, name), `Flagger created Service ${name}`);
    }
    assert.ok(await client.get('apps/v1', 'Deployment', ns, 'init-primary'), 'Flagger created the primary');
    assert.ok(
      await client.get('networking.istio.io/v1beta1', 'VirtualService', ns, 'init'),
      'Flagger created the VirtualService',
    );
    for (const name of ['init-primary', 'init-canary']) {
      assert.ok(
        await client.get('networking.istio.io/v1beta1', 'DestinationRule', ns, name),
        `Flagger created DestinationRule ${name}`,
      );
    }
    const target = await client.get('apps/v1', 'Deployment', ns, 'init');
    assert.equal((target?.spec as { replicas?: number }).replicas, 0, 'Flagger scaled the target to zero');
    // Re-applying our unchanged output must not disturb Flagger's objects or its phase.
    await applySpec(client, spec);
    assert.equal((await canaryStatus(client, ns, 'init')).phase, 'Initialized');
  });

  test('healthy canary: Flagger walks exactly the spec stepWeights and promotes', async (t) => {
    const spec = rolloutSpec('healthy', 'e2e-flagger-healthy');
    const ns = spec.namespace!;
    await initialize(spec, client);
    await setTraffic(ns, 'healthy', HEALTHY);
    const recorder = recordCanaryWeights(client, ns, 'healthy');
    try {
      await applySpec(client, withImage(spec, NEW_IMAGE));
      await waitForPhase(client, ns, 'healthy', ['Succeeded', 'Failed'], 240_000);
    } finally {
      recorder.stop();
    }
    const status = await canaryStatus(client, ns, 'healthy');
    assert.equal(status.phase, 'Succeeded', await explain(client, ns, 'healthy'));
    t.diagnostic(`weights Flagger wrote: ${recorder.weights.join(' -> ')}`);
    const steps = recorder.weights.filter((w) => w > 0);
    assert.deepEqual(
      steps,
      spec.analysis!.stepWeights,
      `weights Flagger wrote: ${recorder.weights.join(' -> ')}`,
    );
    assert.equal(
      recorder.weights[recorder.weights.length - 1],
      0,
      'all traffic back on the primary after promotion',
    );
    assert.equal(
      await deploymentImage(client, ns, 'healthy-primary'),
      NEW_IMAGE,
      'the primary runs the new image',
    );
  });

  test('failing canary: Flagger rolls back within rollbackWithin', async (t) => {
    const base = rolloutSpec('failing', 'e2e-flagger-failing');
    const bound = rollbackBound(base).seconds!;
    const spec = { ...base, rollbackWithin: `${bound}s` };
    const ns = spec.namespace!;
    await initialize(spec, client);
    await setTraffic(ns, 'failing', HEALTHY);
    const recorder = recordCanaryWeights(client, ns, 'failing');
    let failedAt = 0;
    try {
      await applySpec(client, withImage(spec, NEW_IMAGE));
      await waitForPhase(client, ns, 'failing', ['Progressing'], 120_000);
      // Wait for the first traffic shift, then the canary starts failing.
      const deadline = Date.now() + 60_000;
      while (!recorder.weights.some((w) => w > 0) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      failedAt = Date.now();
      await setTraffic(ns, 'failing', { rps: 20, errorPercent: 30, latencyMs: 40 });
      await waitForPhase(client, ns, 'failing', ['Failed', 'Succeeded'], 240_000);
    } finally {
      recorder.stop();
    }
    const status = await canaryStatus(client, ns, 'failing');
    assert.equal(status.phase, 'Failed', await explain(client, ns, 'failing'));
    const seconds = (Date.now() - failedAt) / 1000;
    t.diagnostic(
      `rolled back ${seconds.toFixed(1)} s after the failure started (bound ${bound} s); weights ${recorder.weights.join(' -> ')}`,
    );
    assert.ok(
      seconds <= bound,
      `rolled back ${seconds.toFixed(1)} s after the failure started; rollbackWithin (${rollbackBound(spec).explanation}) promises ${bound} s`,
    );
    // Flagger routes everything back to the primary before it marks the Canary Failed
    // (fluxcd/flagger v1.44.0 pkg/controller/scheduler.go, rollback): read the final routes.
    const vs = await client.get('networking.istio.io/v1beta1', 'VirtualService', ns, 'failing');
    assert.equal(routeWeights(vs)['failing-canary'], 0, 'the canary gets no traffic after the rollback');
    assert.notEqual(
      await deploymentImage(client, ns, 'failing-primary'),
      NEW_IMAGE,
      'the primary keeps the old image',
    );
  });

  test('no canary metrics: Flagger never promotes', async () => {
    const spec = rolloutSpec('silent', 'e2e-flagger-silent');
    const ns = spec.namespace!;
    await initialize(spec, client);
    await removeTraffic(ns, 'silent');
    await applySpec(client, withImage(spec, NEW_IMAGE));
    const phase = await waitForPhase(client, ns, 'silent', ['Failed', 'Succeeded'], 240_000);
    assert.equal(
      phase,
      'Failed',
      `with no canary series Flagger must not promote\n${await explain(client, ns, 'silent')}`,
    );
    assert.notEqual(await deploymentImage(client, ns, 'silent-primary'), NEW_IMAGE);
  });
});
