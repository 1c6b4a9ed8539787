/**
 * The routing options canary-kit offers in `flagger` mode, each exercised by a real Flagger v1.44.0
 * rollout: session affinity, mirroring, and the dark-launch root VirtualService that delegates to
 * Flagger's VirtualService. Plus the ownership rule: no object Flagger generates is also written by
 * canary-kit (a Flagger-owned object in our output would make the two fight over it).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CanaryServiceSpec } from '../../lib';
import { adminClient, setTraffic, RUN_ID } from '../support/cluster';
import {
  canaryStatus,
  explain,
  flaggerOwnershipConflicts,
  httpRoutes,
  recordCanaryWeights,
  routeWeights,
  waitForPhase,
} from '../support/flagger';
import { KubeObject } from '../support/kube-client';
import { applySpec, HEALTHY, initialize, rolloutSpec, withImage } from '../support/rollout';

const NEW_IMAGE = 'ghcr.io/stefanprodan/podinfo:6.9.1';
const VS = 'networking.istio.io/v1beta1';

/** Applies a new image and waits for the end of the rollout; returns the weights Flagger wrote. */
async function release(
  spec: CanaryServiceSpec,
  during?: (vs: KubeObject | undefined) => void,
): Promise<{ weights: number[]; changes: { weight: number; mirrored: boolean }[] }> {
  const client = adminClient();
  const ns = spec.namespace!;
  await initialize(spec, client);
  await setTraffic(ns, spec.name, HEALTHY);
  const recorder = recordCanaryWeights(client, ns, spec.name);
  let sampling = true;
  const sampler = (async () => {
    while (sampling && during) {
      const vs = await client.get(VS, 'VirtualService', ns, spec.name).catch(() => undefined);
      if ((recorder.weights.at(-1) ?? 0) > 0) during(vs);
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  try {
    await applySpec(client, withImage(spec, NEW_IMAGE));
    await waitForPhase(client, ns, spec.name, ['Succeeded', 'Failed'], 240_000);
  } finally {
    recorder.stop();
    sampling = false;
    await sampler;
  }
  assert.equal(
    (await canaryStatus(client, ns, spec.name)).phase,
    'Succeeded',
    await explain(client, ns, spec.name),
  );
  return { weights: recorder.weights, changes: recorder.changes };
}

describe('Flagger routes canary-kit output as the docs say', { concurrency: true }, () => {
  const client = adminClient();

  test('session affinity: a cookie route pins users to the canary while the weights walk', async () => {
    const spec = rolloutSpec('sticky', `e2e-flagger-sticky-${RUN_ID}`, {
      analysis: { sessionAffinity: { cookieName: 'e2e-affinity', maxAge: 600 } },
    });
    let cookieRoute: unknown;
    let setCookie: string | undefined;
    const { weights } = await release(spec, (vs) => {
      const http = httpRoutes(vs);
      // The first cookie route seen during the analysis (after the promotion Flagger points it at
      // the primary and expires the cookie: pkg/router/istio.go, getSessionAffinityRouteRules).
      const sticky = http.find((r) => JSON.stringify(r.match ?? []).includes('e2e-affinity'));
      if (routeWeights(vs)['sticky-canary'] > 0) cookieRoute ??= sticky;
      const canaryDest = http
        .flatMap((r) => r.route ?? [])
        .find((d) => d.destination.host === 'sticky-canary' && (d.weight ?? 0) > 0 && d.weight !== 100) as
        { headers?: { response?: { add?: Record<string, string> } } } | undefined;
      setCookie ??= canaryDest?.headers?.response?.add?.['Set-Cookie'];
    });
    assert.deepEqual(
      weights.filter((w) => w > 0),
      spec.analysis!.stepWeights,
    );
    assert.ok(cookieRoute, 'Flagger wrote a route that matches the affinity cookie');
    const route = (cookieRoute as { route: { destination: { host: string }; weight?: number }[] }).route;
    assert.deepEqual(
      route.filter((d) => (d.weight ?? 100) > 0).map((d) => d.destination.host),
      ['sticky-canary'],
      `the cookie route sends only to the canary: ${JSON.stringify(cookieRoute)}`,
    );
    assert.ok(setCookie, 'the weighted canary route sets the affinity cookie');
    assert.match(setCookie, /^e2e-affinity=/);
    assert.match(setCookie, /Max-Age=600/);
    assert.match(setCookie, /Path=\//, 'the cookie path canary-kit sets reaches the route');
  });

  test('mirroring: one mirrored step at weight 0, then the spec stepWeights', async () => {
    const spec = rolloutSpec('mirror', `e2e-flagger-mirror-${RUN_ID}`, { analysis: { mirror: true } });
    const { weights, changes } = await release(spec);
    const firstShift = changes.findIndex((c) => c.weight > 0);
    assert.ok(
      changes.slice(0, firstShift).some((c) => c.weight === 0 && c.mirrored),
      `Flagger mirrored to the canary before shifting: ${JSON.stringify(changes)}`,
    );
    assert.ok(
      changes.slice(firstShift).every((c) => !c.mirrored),
      `no mirroring once traffic shifts: ${JSON.stringify(changes)}`,
    );
    assert.deepEqual(
      weights.filter((w) => w > 0),
      spec.analysis!.stepWeights,
    );
  });

  test('dark-launch root VirtualService delegates to the live Flagger delegate through a rollout', async () => {
    const spec = rolloutSpec('delegated', `e2e-flagger-delegated-${RUN_ID}`, {
      service: { port: 80, delegation: true, hosts: ['delegated.e2e.example.com'] },
    });
    const ns = spec.namespace!;
    const rootBefore = await (async () => {
      await applySpec(client, spec);
      return client.get(VS, 'VirtualService', ns, 'delegated-root');
    })();
    const { weights } = await release(spec, (vs) => {
      const s = vs?.spec as { hosts?: string[]; gateways?: string[] };
      assert.ok(!s.hosts?.length && !s.gateways?.length, `Flagger's VS is a delegate: ${JSON.stringify(s)}`);
    });
    assert.deepEqual(
      weights.filter((w) => w > 0),
      spec.analysis!.stepWeights,
    );
    const root = await client.get(VS, 'VirtualService', ns, 'delegated-root');
    assert.deepEqual(
      (root?.spec as { http: { delegate?: { name: string; namespace: string } }[] }).http.map(
        (r) => r.delegate,
      ),
      [{ name: 'delegated', namespace: ns }],
      'the root delegates to Flagger VirtualService',
    );
    assert.deepEqual(root?.spec, rootBefore?.spec, 'the rollout leaves the root VirtualService alone');
    assert.equal(
      root?.metadata.resourceVersion,
      rootBefore?.metadata.resourceVersion,
      'nobody wrote the root during the rollout',
    );
  });

  test('ownership: canary-kit writes none of the objects Flagger generates', async () => {
    const spec = rolloutSpec('owned', `e2e-flagger-owned-${RUN_ID}`);
    await initialize(spec, client);
    assert.deepEqual(await flaggerOwnershipConflicts(client, spec.namespace!, 'owned'), []);
  });

  test('guard: a Flagger-owned object in our output is caught by the ownership check', async () => {
    const spec = rolloutSpec('mutant', `e2e-flagger-mutant-${RUN_ID}`);
    await initialize(spec, client);
    // The mutation: our output also carries the primary Service, which Flagger generates.
    await client.apply(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'mutant-primary', namespace: spec.namespace! },
        spec: { ports: [{ name: 'http', port: 80, targetPort: 9898 }], selector: { app: 'mutant-primary' } },
      },
      'canary-kit',
      true,
    );
    const conflicts = await flaggerOwnershipConflicts(client, spec.namespace!, 'mutant');
    assert.ok(
      conflicts.some((c) => c.includes('Service') && c.includes('mutant-primary')),
      `the check must report the mutant Service: ${JSON.stringify(conflicts)}`,
    );
  });
});
