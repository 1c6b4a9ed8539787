/**
 * Issue 15 item 3 for `--apply gitops`: the gate never gives a share to a canary with fewer ready
 * replicas than the share needs. The counts come from kube-state-metrics in Prometheus or from the
 * API server; a missing, invalid or ambiguous count holds, with the reason in the record. (The
 * same against a real Prometheus: careful-rollout-prometheus.test.ts.)
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { CanaryServiceSpec, validate } from '../../lib';
import { resolvePlan } from '../../lib/core/plan';
import { assessReadiness, DeploymentCounts, ReplicaReading } from '../../lib/gate/canary-readiness';
import { editSpecText } from '../../lib/gate/gitops/edit-spec';
import {
  deploymentCounts,
  readReplicasFromKubernetes,
  readReplicasFromPrometheus,
} from '../../lib/gate/readiness-sources';
import { FakeCluster, readyDeployment } from './support/fake-cluster';
import { fakePrometheusFetch, HEALTHY } from './support/fake-prometheus';
import { runGateCli } from './support/run-gate-cli';
import { meshSpec, writeTempFile } from './support/specs';

const READY: DeploymentCounts = {
  desired: 5,
  updated: 5,
  available: 5,
  generation: 3,
  observedGeneration: 3,
};
const reading = (canary: Partial<DeploymentCounts>, stableReplicas: number | null = 10): ReplicaReading => ({
  source: 'prometheus',
  stableReplicas,
  canary: { ...READY, ...canary },
  problems: [],
});
const WHERE = 'Deployment shop/checkout-canary';

describe('assessReadiness: the decision table', () => {
  const cases: Array<[string, ReplicaReading, boolean, RegExp]> = [
    [
      'rolled out with what the share needs',
      reading({}),
      true,
      /5 available replicas, 50% of stable's 10 replicas needs 5/,
    ],
    [
      'one replica short',
      reading({ desired: 4, updated: 4, available: 4 }),
      false,
      /has 4 available replicas, and 50% .* needs 5/,
    ],
    ['scaled to zero', reading({ desired: 0, updated: 0, available: 0 }), false, /is scaled to 0 replicas/],
    [
      'latest spec not observed',
      reading({ observedGeneration: 2 }),
      false,
      /has not observed its latest spec/,
    ],
    [
      'pods still starting',
      reading({ available: 3 }),
      false,
      /not rolled out: 5 updated and 3 available of 5/,
    ],
    ['old pods only', reading({ updated: 2 }), false, /not rolled out: 2 updated and 5 available of 5/],
    ['stable unknown', reading({}, null), false, /cannot tell .* stable's replicas are unknown/],
    [
      'a count missing',
      { ...reading({ available: null }), problems: ['checkout-canary available replicas: no data'] },
      false,
      /cannot tell from kube-state-metrics in Prometheus whether .* needs: checkout-canary available replicas: no data/,
    ],
  ];
  for (const [name, input, ready, detail] of cases) {
    test(name, () => {
      const result = assessReadiness(input, 50, WHERE);
      assert.equal(result.ready, ready);
      assert.match(result.detail, detail);
    });
  }

  test('the required count is max(1, ceil(stable x share / 100)) of the live stable replicas', () => {
    assert.equal(assessReadiness(reading({}, 10), 1, WHERE).required, 1);
    assert.equal(assessReadiness(reading({}, 10), 11, WHERE).required, 2);
    assert.equal(assessReadiness(reading({}, 3), 50, WHERE).required, 2);
  });
});

describe('readiness from kube-state-metrics', () => {
  const plan = resolvePlan(meshSpec('checkout'));
  /** A fetch answering each kube-state-metrics query with `answer(query)` (a value string, or a raw result). */
  const ksm = (answer: (query: string) => string | unknown[] | undefined) =>
    (async (input: string | URL | Request) => {
      const query = new URL(String(input)).searchParams.get('query') ?? '';
      const value = answer(query);
      const result = Array.isArray(value)
        ? value
        : value === undefined
          ? []
          : [{ metric: {}, value: [0, value] }];
      return new Response(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }));
    }) as typeof fetch;
  const client = (doFetch: typeof globalThis.fetch) => ({
    url: 'http://prom.test:9090',
    timeoutMs: 1000,
    fetch: doFetch,
  });

  test('reads the five counts with the kube-state-metrics names and labels, max for what is needed and min for what is there', async () => {
    const asked: string[] = [];
    const result = await readReplicasFromPrometheus(
      plan,
      client(ksm((q) => (asked.push(q), q.includes('stable') ? '10' : '5'))),
      1,
    );
    assert.deepEqual(result.problems, []);
    assert.equal(result.stableReplicas, 10);
    assert.deepEqual(asked, [
      'max(kube_deployment_spec_replicas{namespace="shop",deployment="checkout-stable"})',
      'max(kube_deployment_spec_replicas{namespace="shop",deployment="checkout-canary"})',
      'max(kube_deployment_metadata_generation{namespace="shop",deployment="checkout-canary"})',
      'min(kube_deployment_status_observed_generation{namespace="shop",deployment="checkout-canary"})',
      'min(kube_deployment_status_replicas_updated{namespace="shop",deployment="checkout-canary"})',
      'min(kube_deployment_status_replicas_available{namespace="shop",deployment="checkout-canary"})',
    ]);
  });

  for (const [name, value, problem] of [
    ['no series', undefined, /no data/],
    ['a fraction', '2.5', /2\.5, not a whole number/],
    ['a negative count', '-1', /not a replica count/],
    ['NaN', 'NaN', /no number/],
    ['not a Prometheus number', '0x5', /not a Prometheus number/],
    [
      'two series',
      [
        { metric: { a: '1' }, value: [0, '5'] },
        { metric: { a: '2' }, value: [0, '5'] },
      ],
      /ambiguous/,
    ],
  ] as Array<[string, string | unknown[] | undefined, RegExp]>) {
    test(`${name} in the available count holds`, async () => {
      const result = await readReplicasFromPrometheus(
        plan,
        client(ksm((q) => (q.includes('replicas_available') ? value : '5'))),
        1,
      );
      assert.match(result.problems.join('\n'), problem);
      assert.equal(result.canary.available, null);
      assert.equal(assessReadiness(result, 10, WHERE).ready, false);
    });
  }

  test('an unreachable Prometheus is asked once, and holds', async () => {
    let calls = 0;
    const result = await readReplicasFromPrometheus(
      plan,
      client((async () => {
        calls++;
        throw new TypeError('fetch failed');
      }) as typeof fetch),
      1,
    );
    assert.equal(calls, 1);
    assert.equal(result.problems.length, 6);
    assert.equal(assessReadiness(result, 10, WHERE).ready, false);
  });
});

describe('readiness from the Kubernetes API', () => {
  const plan = resolvePlan(meshSpec('checkout'));
  test('status counts the API server omits are 0; spec.replicas defaults to 1', () => {
    assert.deepEqual(deploymentCounts({ metadata: { generation: 1 }, spec: {} }), {
      desired: 1,
      updated: 0,
      available: 0,
      generation: 1,
      observedGeneration: 0,
    });
    assert.equal(deploymentCounts({ spec: { replicas: '5' } }).desired, null);
  });

  test('reads both Deployments; a missing one is a problem, never a count', async () => {
    const fake = new FakeCluster(
      { kind: 'VirtualService', metadata: { name: 'x', namespace: 'shop' } } as never,
      {
        'checkout-stable': readyDeployment('checkout-stable', 10),
      },
    );
    const result = await readReplicasFromKubernetes(fake, plan);
    assert.match(result.problems.join(), /deployments.apps "checkout-canary" not found/);
    assert.equal(assessReadiness(result, 50, WHERE).ready, false);
    fake.deployments['checkout-canary'] = readyDeployment('checkout-canary', 5);
    assert.equal(assessReadiness(await readReplicasFromKubernetes(fake, plan), 50, WHERE).ready, true);
  });
});

describe('traffic.nextCanaryWeight', () => {
  const at = (
    traffic: Record<string, unknown>,
    workload: Record<string, unknown> = {},
  ): CanaryServiceSpec => {
    const base = meshSpec('checkout');
    return {
      ...base,
      workload: { ...base.workload, replicas: 10, ...workload },
      traffic: { ...base.traffic, ...traffic },
    };
  };

  test('sizes a share-scaled canary ahead of its share; the weights stay', () => {
    assert.equal(resolvePlan(at({ nextCanaryWeight: 50 })).workload.canaryReplicas, 5);
    assert.equal(resolvePlan(at({ nextCanaryWeight: 50 })).traffic.canaryWeight, 10);
  });

  test('is a spec error where it sizes nothing: not above the share, another scaling, not a percentage', () => {
    const messages = (spec: CanaryServiceSpec) =>
      validate(spec)
        .filter((i) => i.path === 'traffic.nextCanaryWeight')
        .map((i) => i.message)
        .join('\n');
    assert.match(messages(at({ nextCanaryWeight: 10 })), /is not above the current canary share \(10%\)/);
    assert.match(
      messages(at({ nextCanaryWeight: 50 }, { canaryReplicas: 2 })),
      /workload.canaryScaling is fixed/,
    );
    assert.match(messages(at({ nextCanaryWeight: 101 })), /whole number from 1 to 100/);
    assert.match(messages(at({ nextCanaryWeight: 12.5 })), /whole number from 1 to 100/);
    assert.equal(messages(at({ nextCanaryWeight: 50 })), '');
  });

  test('the gitops edit sets it, and the share it sized for removes it', () => {
    const spec = at({});
    const text = `${JSON.stringify(spec, null, 2)}\n`;
    const prepared = editSpecText('s.json', text, spec, { kind: 'prepare', nextCanaryWeight: 50 });
    assert.deepEqual(prepared.changes, ['traffic.nextCanaryWeight: (absent) -> 50']);
    const preparedSpec = JSON.parse(prepared.text) as CanaryServiceSpec;
    assert.equal(preparedSpec.traffic?.nextCanaryWeight, 50);
    const advanced = editSpecText('s.json', prepared.text, preparedSpec, {
      kind: 'stage',
      stage: 'half',
      startedAt: '2024-01-01T00:00:00Z',
    });
    assert.ok(
      advanced.changes.includes('traffic.nextCanaryWeight: 50 -> (removed)'),
      advanced.changes.join(),
    );
    const rolledBack = editSpecText('s.json', prepared.text, preparedSpec, {
      kind: 'rollback',
      record: { reason: 'r', at: '2024-01-01T00:00:00Z', previousCanaryWeight: 10 },
    });
    assert.equal((JSON.parse(rolledBack.text) as CanaryServiceSpec).traffic?.nextCanaryWeight, undefined);
  });
});

describe('the gate: where readiness is read', () => {
  const ARGS = ['--prometheus', 'http://p.test:9090', '--time', '2024-01-01T00:00:00Z', '--format', 'json'];
  const file = () => writeTempFile(`${JSON.stringify(meshSpec('checkout', {}), null, 2)}\n`, 'checkout.json');

  test('gitops with --kubeconfig reads the API server (read only), and advances once the canary is ready', async () => {
    const fake = new FakeCluster(
      { kind: 'VirtualService', metadata: { name: 'x', namespace: 'shop' } } as never,
      {
        'checkout-stable': readyDeployment('checkout-stable', 2),
        'checkout-canary': readyDeployment('checkout-canary', 1, 0),
      },
    );
    const deps = { fetch: fakePrometheusFetch(HEALTHY), clusterApi: async () => fake };
    const path = file();
    const held = await runGateCli(['--spec', path, ...ARGS, '--apply', 'gitops', '--kubeconfig', '/k'], deps);
    assert.equal(held.code, 3, held.stdout);
    assert.equal(held.record?.canaryReadiness?.source, 'kubernetes');
    assert.match(
      held.record?.reason ?? '',
      /not rolled out: 1 updated and 0 available of 1 replicas \(the Kubernetes API\)/,
    );
    assert.equal(held.record?.inputs.readinessFrom, 'kubernetes');
    fake.deployments['checkout-canary'] = readyDeployment('checkout-canary', 1);
    const advanced = await runGateCli(
      ['--spec', path, ...ARGS, '--apply', 'gitops', '--kubeconfig', '/k'],
      deps,
    );
    assert.equal(advanced.code, 0, advanced.stdout);
    assert.equal((JSON.parse(readFileSync(path, 'utf8')) as CanaryServiceSpec).traffic?.stage, 'half');
    assert.deepEqual(fake.patches, [], 'gitops never writes the cluster');
    assert.deepEqual(fake.scalePatches, []);
  });

  test('--apply none checks only on request; in-cluster refuses the Prometheus source', async () => {
    const deps = { fetch: fakePrometheusFetch(HEALTHY) };
    const plain = await runGateCli(['--spec', file(), ...ARGS], deps);
    assert.equal(plain.code, 0);
    assert.equal(plain.record?.canaryReadiness, null);
    assert.equal(plain.record?.inputs.readinessFrom, null);
    const asked = await runGateCli(['--spec', file(), ...ARGS, '--readiness-from', 'prometheus'], deps);
    assert.equal(asked.code, 0);
    assert.equal(asked.record?.canaryReadiness?.ready, true);
    const refused = await runGateCli(
      ['--spec', file(), ...ARGS, '--apply', 'in-cluster', '--readiness-from', 'prometheus'],
      deps,
    );
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--readiness-from prometheus with --apply in-cluster/);
    const bad = await runGateCli(['--spec', file(), ...ARGS, '--readiness-from', 'kubelet'], deps);
    assert.equal(bad.code, 2);
  });
});
