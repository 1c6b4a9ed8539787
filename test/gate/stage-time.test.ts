/**
 * Issue 15 item 1: a minimum time at each stage. The gate never advances before the stage's
 * minimum time has passed since the recorded start, holds when the start is unknown or in the
 * future, and never waits to roll back.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { CanaryServiceSpec, KubeManifest, synthesize } from '../../lib';
import { FakeCluster, readyDeployment } from './support/fake-cluster';
import { FAILING, fakePrometheusFetch, HEALTHY } from './support/fake-prometheus';
import { runGateCli } from './support/run-gate-cli';
import { meshSpec, writeTempFile } from './support/specs';

const NOW = '2024-01-01T00:00:00Z';
const healthy = { fetch: fakePrometheusFetch(HEALTHY) };
const failing = { fetch: fakePrometheusFetch(FAILING) };

/** A spec file at stage `ten` (minimum 1h) that began `startedAt` (undefined: not recorded). */
function specFile(startedAt: string | undefined, extra: Partial<CanaryServiceSpec> = {}): string {
  const base = meshSpec('checkout');
  const traffic = {
    ...base.traffic,
    stages: [
      { name: 'one', canaryWeight: 1 },
      { name: 'ten', canaryWeight: 10, minDuration: '1h' },
      { name: 'half', canaryWeight: 50 },
    ],
    stageStartedAt: startedAt,
  };
  if (startedAt === undefined) delete traffic.stageStartedAt;
  return writeTempFile(`${JSON.stringify({ ...base, traffic, ...extra }, null, 2)}\n`, 'checkout.json');
}

function args(file: string, ...more: string[]): string[] {
  return [
    '--spec',
    file,
    '--prometheus',
    'http://prometheus.test:9090',
    '--time',
    NOW,
    '--format',
    'json',
    ...more,
  ];
}

describe('issue 15.1: minimum time at each stage', () => {
  test('a healthy canary 59 minutes into a 1h stage holds, and says until when', async () => {
    const run = await runGateCli(args(specFile('2023-12-31T23:01:00Z')), healthy);
    assert.equal(run.code, 3, run.stdout);
    assert.equal(run.record?.decision, 'hold');
    assert.match(
      run.record?.reason ?? '',
      /stage 'ten' \(10%\) must hold for at least 1h \(traffic\.stages\[1\]\.minDuration\): 59m since 2023-12-31T23:01:00Z \(traffic\.stageStartedAt\), so not before 2024-01-01T00:01:00Z/,
    );
    assert.deepEqual(
      run.record?.checks.map((c) => c.status),
      ['pass', 'pass', 'pass', 'pass', 'pass'],
      'the checks themselves passed: it is the clock that holds',
    );
    assert.equal(run.record?.stageTime.earliestAdvance, '2024-01-01T00:01:00Z');
    assert.equal(run.record?.target, null);
  });

  test('the same canary once the hour has passed advances', async () => {
    const run = await runGateCli(args(specFile('2023-12-31T23:00:00Z')), healthy);
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(run.record?.target, { kind: 'stage', stage: 'half', canaryWeight: 50 });
  });

  test('stages without their own minDuration take traffic.minStageDuration, then the 30m default', async () => {
    const base = meshSpec('checkout');
    const at20m = '2023-12-31T23:40:00Z';
    const defaulted = writeTempFile(
      JSON.stringify({ ...base, traffic: { ...base.traffic, stageStartedAt: at20m } }),
      's.json',
    );
    const run = await runGateCli(args(defaulted), healthy);
    assert.equal(run.code, 3);
    assert.match(run.record?.reason ?? '', /at least 30m \(the default of traffic\.minStageDuration\)/);
    const short = writeTempFile(
      JSON.stringify({
        ...base,
        traffic: { ...base.traffic, stageStartedAt: at20m, minStageDuration: '15m' },
      }),
      's.json',
    );
    assert.equal((await runGateCli(args(short), healthy)).code, 0);
  });

  test('an unknown start holds: the gate never advances a stage whose time it cannot check', async () => {
    const run = await runGateCli(args(specFile(undefined)), healthy);
    assert.equal(run.code, 3);
    assert.match(
      run.record?.reason ?? '',
      /its start time is unknown \(traffic\.stageStartedAt is not set\)/,
    );
  });

  test('a start in the future holds', async () => {
    const run = await runGateCli(args(specFile('2024-01-01T02:00:00Z')), healthy);
    assert.equal(run.code, 3);
    assert.match(run.record?.reason ?? '', /start time 2024-01-01T02:00:00Z .* is in the future/);
  });

  test('a failing canary rolls back at once, one minute into its stage', async () => {
    const run = await runGateCli(args(specFile('2023-12-31T23:59:00Z')), failing);
    assert.equal(run.code, 1);
    assert.equal(run.record?.decision, 'rollback');
  });

  test('--apply gitops writes the new stage with its start time; the next run holds for the new stage', async () => {
    const file = specFile('2023-12-31T22:00:00Z');
    const run = await runGateCli(args(file, '--apply', 'gitops'), healthy);
    assert.equal(run.code, 0, run.stdout);
    const written = JSON.parse(readFileSync(file, 'utf8')) as CanaryServiceSpec;
    assert.equal(written.traffic?.stage, 'half');
    assert.equal(written.traffic?.stageStartedAt, NOW);
    const next = await runGateCli(
      [
        '--spec',
        file,
        '--prometheus',
        'http://p.test:9090',
        '--time',
        '2024-01-01T00:10:00Z',
        '--format',
        'json',
      ],
      healthy,
    );
    assert.equal(next.code, 3);
    assert.match(next.record?.reason ?? '', /stage 'half' \(50%\) must hold for at least 30m/);
  });

  test('--apply gitops rollback removes the stage clock, so a resumed stage starts a new one', async () => {
    const file = specFile('2023-12-31T22:00:00Z');
    const run = await runGateCli(args(file, '--apply', 'gitops'), failing);
    assert.equal(run.code, 1);
    const written = JSON.parse(readFileSync(file, 'utf8')) as CanaryServiceSpec;
    assert.equal(written.traffic?.stageStartedAt, undefined);
    assert.equal(written.traffic?.canaryWeight, 0);
  });

  describe('--apply in-cluster: the clock is the VirtualService annotation, patched with the weights', () => {
    function cluster(startedAt: string | undefined) {
      const automation = { image: 'ghcr.io/acme/canary-kit-gate:0.1.0', schedule: '*/2 * * * *' };
      const base = meshSpec('checkout', { automation });
      const spec = { ...base, traffic: { ...base.traffic, stageStartedAt: startedAt } };
      if (startedAt === undefined) delete spec.traffic.stageStartedAt;
      const manifests = synthesize(spec);
      const configMap = manifests.find((m) => m.metadata.name === 'checkout-gate-spec') as KubeManifest;
      const file = writeTempFile((configMap.data as Record<string, string>)['spec.yaml']);
      const vs = manifests.find((m) => m.kind === 'VirtualService') as KubeManifest;
      const fake = new FakeCluster(vs, {
        'checkout-canary': readyDeployment('checkout-canary'),
        'checkout-stable': readyDeployment('checkout-stable', 2),
      });
      return { file, fake };
    }

    test('the gate spec in the ConfigMap carries no clock: the position and its time come from the cluster', () => {
      const { file } = cluster('2023-12-31T12:00:00Z');
      const spec = parse(readFileSync(file, 'utf8')) as CanaryServiceSpec;
      assert.equal(spec.traffic?.stageStartedAt, undefined);
      assert.equal(spec.traffic?.minStageDuration, undefined, 'the default stays a default');
    });

    test('10 minutes into the stage (annotation): hold, nothing patched', async () => {
      const { file, fake } = cluster('2023-12-31T23:50:00Z');
      const run = await runGateCli(args(file, '--apply', 'in-cluster'), {
        ...healthy,
        clusterApi: async () => fake,
      });
      assert.equal(run.code, 3, run.stdout);
      assert.match(
        run.record?.reason ?? '',
        /10m since 2023-12-31T23:50:00Z \(the canary-kit.dev\/stage-started-at annotation of VirtualService shop\/checkout\)/,
      );
      assert.equal(fake.patches.length, 0);
    });

    test('no annotation: hold', async () => {
      const { file, fake } = cluster(undefined);
      const run = await runGateCli(args(file, '--apply', 'in-cluster'), {
        ...healthy,
        clusterApi: async () => fake,
      });
      assert.equal(run.code, 3);
      assert.match(run.record?.reason ?? '', /start time is unknown/);
    });

    test('an annotation for another stage than the weights are at counts as unknown', async () => {
      const { file, fake } = cluster('2023-12-31T12:00:00Z');
      (fake.virtualService.metadata.annotations as Record<string, string>)['canary-kit.dev/stage'] = 'one';
      const run = await runGateCli(args(file, '--apply', 'in-cluster'), {
        ...healthy,
        clusterApi: async () => fake,
      });
      assert.equal(run.code, 3);
      assert.match(run.record?.reason ?? '', /start time is unknown/);
    });

    test('past the minimum: weights and the clock move in one guarded patch', async () => {
      const { file, fake } = cluster('2023-12-31T12:00:00Z');
      const run = await runGateCli(args(file, '--apply', 'in-cluster'), {
        ...healthy,
        clusterApi: async () => fake,
      });
      assert.equal(run.code, 0, run.stdout);
      assert.deepEqual(fake.virtualService.metadata.annotations, {
        'canary-kit.dev/stage': 'half',
        'canary-kit.dev/stage-started-at': NOW,
      });
      const patch = fake.patches[0];
      const testsBefore = (path: string) => {
        const index = patch.findIndex((op) => op.op === 'replace' && op.path === path);
        return patch.slice(0, index).some((op) => op.op === 'test' && op.path === path);
      };
      for (const op of patch.filter((o) => o.op === 'replace')) assert.ok(testsBefore(op.path), op.path);
    });
  });
});
