/**
 * Every webhook type canary-kit renders reaches a local receiver, called by the real Flagger v1.44.0
 * in the order and with the meaning docs/flagger.md states. The receiver answers 2xx to every hook
 * that is not a gate or a kill switch: were any of them rendered as Flagger's `rollback` type, that
 * 2xx would abort the release and the first case would fail.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CanaryServiceSpec } from '../../lib';
import { adminClient, setTraffic, RUN_ID } from '../support/cluster';
import { canaryStatus, explain, recordCanaryWeights, routeWeights, waitForPhase } from '../support/flagger';
import { applySpec, deploymentImage, HEALTHY, initialize, rolloutSpec, withImage } from '../support/rollout';
import { collapseRuns } from '../support/collapse-runs';
import {
  describeCalls,
  startWebhookReceiver,
  WebhookCall,
  WebhookReceiver,
} from '../support/webhook-receiver';

const NEW_IMAGE = 'ghcr.io/stefanprodan/podinfo:6.9.1';
const DENIED = 403;

/** A hook of each type, each at its own path of the receiver. */
function everyHook(receiver: WebhookReceiver, prefix: string): CanaryServiceSpec['analysis'] {
  const hook = (type: string) => [{ name: type, url: `${receiver.url}/${prefix}/${type}`, timeout: '5s' }];
  return {
    webhooks: {
      confirmRollout: hook('confirm-rollout'),
      preRollout: hook('pre-rollout'),
      rollout: hook('rollout'),
      confirmTrafficIncrease: hook('confirm-traffic-increase'),
      confirmPromotion: hook('confirm-promotion'),
      postRollout: hook('post-rollout'),
      rollbackTrigger: hook('rollback'),
      event: hook('event'),
    },
  };
}

/** Index of the first call in `calls` to `path` (-1 if none). */
function firstIndex(calls: readonly WebhookCall[], path: string): number {
  return calls.findIndex((c) => c.path === path);
}

/** Waits until `predicate` holds, polling; throws with `why()` on timeout. */
async function until(predicate: () => boolean, timeoutMs: number, why: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(why());
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Flagger calls every webhook type as docs/flagger.md says', { concurrency: true }, () => {
  const client = adminClient();
  let receiver: WebhookReceiver;
  before(async () => {
    receiver = await startWebhookReceiver();
  });
  after(() => receiver.close());

  test('gates hold, tests run, notifications are told, and a 2xx from them never aborts', async (t) => {
    const p = (type: string) => `/order/${type}`;
    const spec = rolloutSpec('hooks', `e2e-flagger-hooks-${RUN_ID}`, {
      analysis: everyHook(receiver, 'order'),
    });
    const ns = spec.namespace!;
    let rolloutApproved = false;
    let promotionApproved = false;
    receiver.answer(p('confirm-rollout'), () => (rolloutApproved ? 200 : DENIED));
    receiver.answer(p('confirm-promotion'), () => (promotionApproved ? 200 : DENIED));
    // "do not roll back": any 2xx here would abort the release (pkg/controller/scheduler.go).
    receiver.answer(p('rollback'), DENIED);
    const calls = () => receiver.calls.filter((c) => c.path.startsWith('/order/'));
    const why = async () => `hook calls:\n${describeCalls(calls())}\n${await explain(client, ns, 'hooks')}`;

    await initialize(spec, client);
    await setTraffic(ns, 'hooks', HEALTHY);
    const recorder = recordCanaryWeights(client, ns, 'hooks');
    try {
      await applySpec(client, withImage(spec, NEW_IMAGE));

      // confirm-rollout: the new revision waits; nothing else runs, no traffic moves.
      await waitForPhase(client, ns, 'hooks', ['Waiting'], 120_000);
      await until(
        () => receiver.callsTo(p('confirm-rollout')).length >= 2,
        60_000,
        () => 'gate not re-asked',
      );
      assert.equal((await canaryStatus(client, ns, 'hooks')).phase, 'Waiting', await why());
      assert.deepEqual(
        collapseRuns(
          calls()
            .map((c) => c.path)
            .filter((x) => x !== p('event')),
        ),
        [p('confirm-rollout')],
        `while waiting only the confirm-rollout gate is called\n${await why()}`,
      );
      assert.ok(!recorder.weights.some((w) => w > 0), 'no traffic while waiting for confirm-rollout');
      const approvedAt = Date.now();
      rolloutApproved = true;

      // confirm-promotion: the analysis ends at the last step and the canary waits there.
      await waitForPhase(client, ns, 'hooks', ['WaitingPromotion', 'Failed'], 180_000);
      assert.equal((await canaryStatus(client, ns, 'hooks')).phase, 'WaitingPromotion', await why());
      await until(
        () => receiver.callsTo(p('confirm-promotion')).length >= 2,
        60_000,
        () => 'gate not re-asked',
      );
      assert.notEqual(
        await deploymentImage(client, ns, 'hooks-primary'),
        NEW_IMAGE,
        'the primary is not replaced before confirm-promotion answers 2xx',
      );
      const heldAt = Date.now();
      promotionApproved = true;
      await waitForPhase(client, ns, 'hooks', ['Succeeded', 'Failed'], 180_000);
      assert.equal((await canaryStatus(client, ns, 'hooks')).phase, 'Succeeded', await why());
      await receiver.waitFor(p('post-rollout'), 30_000);

      const seq = calls();
      t.diagnostic(`weights ${recorder.weights.join(' -> ')}; calls:\n${describeCalls(seq)}`);
      assert.deepEqual(
        recorder.weights.filter((w) => w > 0),
        spec.analysis!.stepWeights,
        await why(),
      );

      // Order: confirm-rollout < pre-rollout < first traffic increase / rollout test.
      const order = ['confirm-rollout', 'pre-rollout', 'confirm-traffic-increase', 'rollout'].map((x) =>
        firstIndex(seq, p(x)),
      );
      assert.ok(
        order.every((i) => i >= 0),
        `every gate and test hook was called\n${await why()}`,
      );
      assert.ok(order[0] < order[1] && order[1] < order[2] && order[1] < order[3], await why());
      assert.ok(
        seq.filter((c) => c.path === p('pre-rollout')).every((c) => c.at >= approvedAt),
        'pre-rollout runs only after the rollout was confirmed',
      );

      // Each weight increase was confirmed just before it (confirm-traffic-increase).
      for (const change of recorder.changes.filter((c) => c.weight > 0)) {
        const before = seq.filter((c) => c.path === p('confirm-traffic-increase') && c.at <= change.at);
        assert.ok(before.length > 0, `weight ${change.weight} was not preceded by confirm-traffic-increase`);
      }
      // confirm-promotion is asked only once the last step is reached, and the primary changes after.
      const lastStep = recorder.changes.find((c) => c.weight === spec.analysis!.stepWeights!.at(-1));
      assert.ok(lastStep, `the last step was reached: ${recorder.weights.join(' -> ')}`);
      const promotionAsks = seq.filter((c) => c.path === p('confirm-promotion'));
      assert.ok(
        promotionAsks.every((c) => c.at >= lastStep.at - 1000),
        await why(),
      );
      assert.ok(
        promotionAsks.some((c) => c.at < heldAt && c.status === DENIED),
        'confirm-promotion was denied while held',
      );

      // rollout (the test hook) runs at analysis intervals; a 2xx is a passed check.
      assert.ok(receiver.callsTo(p('rollout')).length >= spec.analysis!.stepWeights!.length, await why());

      // post-rollout: once, after the promotion, with phase Succeeded.
      const post = receiver.callsTo(p('post-rollout'));
      assert.equal(post.length, 1, await why());
      assert.equal(post[0].phase, 'Succeeded');

      // rollback: asked at every interval of the analysis, never while Waiting (a canary waiting for
      // confirm-rollout returns from checkCanaryStatus before the rollback check), and its 403
      // ("do not roll back") let the release go on.
      const rollbackAsks = receiver.callsTo(p('rollback'));
      assert.ok(rollbackAsks.length >= 3, await why());
      assert.deepEqual(
        [...new Set(rollbackAsks.map((c) => c.phase))].sort(),
        ['Progressing', 'WaitingPromotion'],
        `phases in which the rollback trigger is asked\n${await why()}`,
      );

      // event: Flagger's events of this canary, with their message and type.
      const events = receiver.callsTo(p('event'));
      assert.ok(events.length > 0, await why());
      for (const e of events) {
        assert.equal(e.name, 'hooks');
        assert.equal(e.namespace, ns);
        assert.ok(e.metadata.eventMessage && e.metadata.eventType, JSON.stringify(e));
      }
      assert.ok(
        events.some((e) => /Promotion completed/.test(e.metadata.eventMessage)),
        `events: ${events.map((e) => e.metadata.eventMessage).join(' | ')}`,
      );
      assert.equal(await deploymentImage(client, ns, 'hooks-primary'), NEW_IMAGE);
    } finally {
      recorder.stop();
    }
  });

  test('rollbackTrigger is a kill switch: its first 2xx rolls the canary back', async () => {
    const p = (type: string) => `/kill/${type}`;
    const spec = rolloutSpec('killswitch', `e2e-flagger-killswitch-${RUN_ID}`, {
      analysis: {
        stepWeights: [10, 20, 30, 40, 50],
        webhooks: {
          rollbackTrigger: [{ url: `${receiver.url}${p('rollback')}`, timeout: '5s' }],
          postRollout: [{ url: `${receiver.url}${p('post-rollout')}`, timeout: '5s' }],
        },
      },
    });
    const ns = spec.namespace!;
    let pulled = false;
    receiver.answer(p('rollback'), () => (pulled ? 200 : DENIED));
    await initialize(spec, client);
    await setTraffic(ns, 'killswitch', HEALTHY);
    const recorder = recordCanaryWeights(client, ns, 'killswitch');
    let pulledAt = 0;
    try {
      await applySpec(client, withImage(spec, NEW_IMAGE));
      await until(
        () => recorder.weights.some((w) => w > 0),
        120_000,
        () => 'no traffic shift',
      );
      pulledAt = Date.now();
      pulled = true;
      await waitForPhase(client, ns, 'killswitch', ['Failed', 'Succeeded'], 120_000);
    } finally {
      recorder.stop();
    }
    const why = `${describeCalls(receiver.calls.filter((c) => c.path.startsWith('/kill/')))}\n${await explain(client, ns, 'killswitch')}`;
    assert.equal((await canaryStatus(client, ns, 'killswitch')).phase, 'Failed', why);
    const seconds = (Date.now() - pulledAt) / 1000;
    // One scheduler tick (the 10 s interval) plus Flagger's jitter and our polling.
    assert.ok(seconds <= 25, `rolled back ${seconds.toFixed(1)} s after the trigger answered 2xx\n${why}`);
    const vs = await client.get('networking.istio.io/v1beta1', 'VirtualService', ns, 'killswitch');
    assert.equal(routeWeights(vs)['killswitch-canary'], 0, why);
    assert.notEqual(await deploymentImage(client, ns, 'killswitch-primary'), NEW_IMAGE);
    const post = await receiver.waitFor(p('post-rollout'), 30_000);
    assert.equal(post.phase, 'Failed', 'post-rollout also runs after a rollback, with phase Failed');
  });

  test('a failing pre-rollout hook counts as failed checks; it does not roll back at once', async () => {
    const p = (type: string) => `/pre/${type}`;
    const spec = rolloutSpec('prefail', `e2e-flagger-prefail-${RUN_ID}`, {
      analysis: {
        threshold: 3,
        webhooks: { preRollout: [{ url: `${receiver.url}${p('pre-rollout')}`, timeout: '5s' }] },
      },
    });
    const ns = spec.namespace!;
    receiver.answer(p('pre-rollout'), 500);
    await initialize(spec, client);
    await setTraffic(ns, 'prefail', HEALTHY);
    const recorder = recordCanaryWeights(client, ns, 'prefail');
    try {
      await applySpec(client, withImage(spec, NEW_IMAGE));
      await waitForPhase(client, ns, 'prefail', ['Failed', 'Succeeded'], 180_000);
    } finally {
      recorder.stop();
    }
    const why = `${describeCalls(receiver.callsTo(p('pre-rollout')))}\n${await explain(client, ns, 'prefail')}`;
    assert.equal((await canaryStatus(client, ns, 'prefail')).phase, 'Failed', why);
    // FailedChecks reaches the threshold one failed call at a time (scheduler.go: pre-rollout failure
    // -> SetStatusFailedChecks(+1); rollback once FailedChecks >= threshold).
    assert.ok(receiver.callsTo(p('pre-rollout')).length >= spec.analysis!.threshold!, why);
    assert.ok(!recorder.weights.some((w) => w > 0), 'no traffic reached the canary');
  });
  test('notifications: Flagger posts its alerts to the AlertProvider, reading the address from the Secret', async () => {
    const path = '/alerts/slack';
    const spec = rolloutSpec('alerted', `e2e-flagger-alerted-${RUN_ID}`, {
      notifications: [{ name: 'team', type: 'slack', secretRef: 'team-slack', severity: 'info' }],
    });
    const ns = spec.namespace!;
    // The Secret the spec references (never rendered by canary-kit): Flagger reads `address` from it
    // (fluxcd/flagger v1.44.0 pkg/controller/events.go, alert -> AlertProvider secretRef).
    await client.ensureNamespace(ns);
    await client.apply({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'team-slack', namespace: ns },
      stringData: { address: `${receiver.url}${path}` },
    });
    await initialize(spec, client);
    await setTraffic(ns, 'alerted', HEALTHY);
    await applySpec(client, withImage(spec, NEW_IMAGE));
    await waitForPhase(client, ns, 'alerted', ['Succeeded', 'Failed'], 240_000);
    const alert = await receiver.waitFor(path, 30_000);
    // Slack's payload (pkg/notifier/slack.go): the canary's name and namespace in the attachment.
    assert.match(alert.raw, /"attachments"/, alert.raw);
    assert.ok(alert.raw.includes(`alerted.${ns}`) || alert.raw.includes('alerted'), alert.raw);
    assert.ok(
      receiver.callsTo(path).some((c) => /promotion finished|New revision/i.test(c.raw)),
      receiver
        .callsTo(path)
        .map((c) => c.raw)
        .join('\n'),
    );
  });
});
