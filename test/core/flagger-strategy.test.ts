import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CanaryServiceSpec, KubeManifest, synthesize, validate } from '../../lib';
import { validateManifests } from '../../lib/validate';
import { MINIMAL_FLAGGER as F } from '../fixtures/specs';

function canarySpec(manifests: KubeManifest[]): Record<string, unknown> {
  return manifests.find((m) => m.kind === 'Canary')!.spec as Record<string, unknown>;
}
const analysisOf = (spec: CanaryServiceSpec) =>
  canarySpec(synthesize(spec)).analysis as Record<string, unknown>;
const errors = (manifests: KubeManifest[]) =>
  validateManifests(manifests).filter((f) => f.severity === 'error');
function problems(spec: unknown): { path: string; message: string }[] {
  return validate(spec).map(({ path, message }) => ({ path, message }));
}

/** Flagger's Istio A/B tutorial (podinfo), as a spec. */
const PODINFO_AB: CanaryServiceSpec = {
  name: 'podinfo',
  namespace: 'test',
  workload: {
    image: 'ghcr.io/stefanprodan/podinfo:6.5.0',
    containerPort: 9898,
    autoscaling: { minReplicas: 2, maxReplicas: 4 },
  },
  service: { port: 9898, gateways: ['istio-system/public-gateway'], hosts: ['app.example.com'] },
  analysis: {
    interval: '1m',
    threshold: 10,
    iterations: 10,
    match: [
      { headers: { 'x-canary': { regex: '.*insider.*' } } },
      { headers: { cookie: { regex: '^(.*?;)?(canary=always)(;.*)?$' } } },
    ],
    webhooks: {
      preRollout: [
        {
          name: 'acceptance-test',
          url: 'http://flagger-loadtester.test/',
          timeout: '30s',
          metadata: { type: 'bash', cmd: "curl -sd 'test' http://podinfo-canary:9898/token | grep token" },
        },
      ],
    },
    loadTests: [{ target: 'http://podinfo.test:9898/', headers: { Cookie: 'canary=always' } }],
  },
};

describe('strategies (issue 14.4)', () => {
  test("Flagger's podinfo A/B tutorial is expressible and valid against the CRD", () => {
    const manifests = synthesize(PODINFO_AB);
    assert.deepEqual(errors(manifests), []);
    const analysis = canarySpec(manifests).analysis as Record<string, unknown>;
    assert.equal(analysis.iterations, 10);
    assert.deepEqual(analysis.match, [
      { headers: { 'x-canary': { regex: '.*insider.*' } } },
      { headers: { cookie: { regex: '^(.*?;)?(canary=always)(;.*)?$' } } },
    ]);
    const hooks = analysis.webhooks as Array<{ name: string; metadata?: Record<string, string> }>;
    assert.equal(
      hooks.find((h) => h.name === 'load-test')?.metadata?.cmd,
      "hey -z 1m -q 10 -c 2 -H 'Cookie: canary=always' http://podinfo.test:9898/",
    );
  });

  test('Blue/Green: iterations, no match, no weights; with and without mirroring', () => {
    for (const mirror of [false, true]) {
      const manifests = synthesize({
        ...F,
        analysis: { strategy: 'blue-green', iterations: 10, ...(mirror ? { mirror } : {}) },
      });
      assert.deepEqual(errors(manifests), []);
      const analysis = canarySpec(manifests).analysis as Record<string, unknown>;
      assert.equal(analysis.iterations, 10);
      assert.equal(analysis.match, undefined);
      assert.equal(analysis.stepWeight, undefined);
      assert.equal(analysis.maxWeight, undefined);
      assert.equal(analysis.mirror, mirror ? true : undefined);
    }
  });

  test('iterations without match is not silently a Blue/Green', () => {
    assert.deepEqual(problems({ ...F, analysis: { iterations: 10 } }), [
      {
        path: 'analysis.match',
        message:
          'is required with analysis.iterations: A/B testing needs the headers or cookie that select the canary. For Blue/Green (no match), set analysis.strategy: blue-green.',
      },
    ]);
  });

  test('strategy conflicts', () => {
    assert.deepEqual(
      problems({ ...F, analysis: { strategy: 'blue-green' } }).map((p) => p.path),
      ['analysis.iterations'],
    );
    assert.deepEqual(
      problems({
        ...F,
        analysis: { strategy: 'blue-green', iterations: 5, match: [{ headers: { 'x-canary': 'insider' } }] },
      }).map((p) => p.path),
      ['analysis.match'],
    );
    assert.deepEqual(
      problems({ ...F, analysis: { strategy: 'canary', iterations: 5 } }).map((p) => p.path),
      ['analysis.iterations'],
    );
    assert.deepEqual(
      problems({
        ...F,
        analysis: { iterations: 5, mirror: true, match: [{ headers: { 'x-canary': 'insider' } }] },
      }).map((p) => p.path),
      ['analysis.mirror'],
    );
  });

  test('the rollback bound applies to Blue/Green too (failed checks count the same way)', () => {
    assert.deepEqual(
      problems({
        ...F,
        analysis: { strategy: 'blue-green', iterations: 10, interval: '1m', threshold: 5 },
        rollbackWithin: '3m',
      }).map((p) => p.path),
      ['rollbackWithin'],
    );
  });

  test('promotion steps, readiness thresholds, suspend, revertOnDeletion, primary scaler bounds', () => {
    const manifests = synthesize({
      ...F,
      workload: { ...F.workload, autoscaling: { minReplicas: 2, maxReplicas: 10 } },
      analysis: {
        stepWeightPromotion: 20,
        primaryReadyThreshold: 80,
        canaryReadyThreshold: 90,
        suspend: true,
        revertOnDeletion: true,
        primaryScalerReplicas: { minReplicas: 4, maxReplicas: 20 },
      },
    });
    assert.deepEqual(errors(manifests), []);
    const spec = canarySpec(manifests);
    const analysis = spec.analysis as Record<string, unknown>;
    assert.equal(analysis.stepWeightPromotion, 20);
    assert.equal(analysis.primaryReadyThreshold, 80);
    assert.equal(analysis.canaryReadyThreshold, 90);
    assert.equal(spec.suspend, true);
    assert.equal(spec.revertOnDeletion, true);
    assert.deepEqual((spec.autoscalerRef as Record<string, unknown>).primaryScalerReplicas, {
      minReplicas: 4,
      maxReplicas: 20,
    });
  });

  test('primaryScalerReplicas needs an autoscaler; thresholds are percentages', () => {
    assert.deepEqual(
      problems({
        ...F,
        analysis: { primaryScalerReplicas: { minReplicas: 2 }, canaryReadyThreshold: 0 },
      }).map((p) => p.path),
      ['analysis.canaryReadyThreshold', 'analysis.primaryScalerReplicas'],
    );
  });

  test("Flagger's newer cookie attributes", () => {
    const analysis = analysisOf({
      ...F,
      analysis: {
        sessionAffinity: {
          cookieName: 'ck',
          primaryCookieName: 'ck-primary',
          domain: 'example.com',
          httpOnly: true,
          secure: true,
          sameSite: 'None',
          partitioned: true,
        },
      },
    });
    assert.deepEqual(analysis.sessionAffinity, {
      cookieName: 'ck',
      maxAge: 86400,
      path: '/',
      primaryCookieName: 'ck-primary',
      domain: 'example.com',
      httpOnly: true,
      secure: true,
      sameSite: 'None',
      partitioned: true,
    });
    assert.deepEqual(
      problems({
        ...F,
        analysis: {
          sessionAffinity: { sameSite: 'None', partitioned: true, primaryCookieName: 'canary-kit-affinity' },
        },
      }).map((p) => p.path),
      [
        'analysis.sessionAffinity.sameSite',
        'analysis.sessionAffinity.partitioned',
        'analysis.sessionAffinity.primaryCookieName',
      ],
    );
  });
});
