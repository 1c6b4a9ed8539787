/**
 * Issue 15 item 5: `canary-kit plan` prints the rollout a spec describes: each stage with its
 * share, minimum time and criteria, and the worst-case times to full promotion and to rollback;
 * as text, JSON and a Markdown table.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCli } from '../../lib/cli/main';
import { RolloutPlan } from '../../lib/gate/rollout-plan';
import { meshSpec, writeTempFile } from '../gate/support/specs';

async function plan(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (err += t), cwd: process.cwd() };
  const code = await runCli(['plan', ...args], io);
  return { code, out, err };
}

const base = meshSpec('checkout');
const SPEC = writeTempFile(
  JSON.stringify({
    ...base,
    workload: { ...base.workload, replicas: 10 },
    traffic: {
      ...base.traffic,
      stages: [
        { name: 'one', canaryWeight: 1, minDuration: '30m' },
        { name: 'ten', canaryWeight: 10, minDuration: '1h', promotionCriteria: { minRequests: 1000 } },
        { name: 'half', canaryWeight: 50, minDuration: '4h' },
      ],
    },
    automation: {
      image: 'ghcr.io/acme/canary-kit-gate:0.1.0',
      schedule: '*/5 * * * *',
      failuresBeforeRollback: 2,
    },
    rollbackWithin: '20m',
  }),
  'checkout.json',
);

describe('issue 15.5: canary-kit plan', () => {
  test('JSON: every stage with share, replicas, minimum time and both criteria; worst cases', async () => {
    const run = await plan([SPEC, '--format', 'json']);
    assert.equal(run.code, 0, run.err);
    const rollout = JSON.parse(run.out) as RolloutPlan;
    assert.deepEqual(
      rollout.stages.map((s) => [s.name, s.canaryWeight, s.canaryReplicas, s.minDuration, s.current]),
      [
        ['one', 1, 1, '30m', false],
        ['ten', 10, 1, '1h', true],
        ['half', 50, 5, '4h', false],
      ],
    );
    assert.match(
      rollout.stages[1].advanceWhen,
      />= 1000 canary requests in 5m; at least 1h after the stage began/,
    );
    assert.match(rollout.stages[0].advanceWhen, />= 100 canary requests/);
    assert.match(
      rollout.stages[0].rollbackWhen,
      /success < 99% or p99 > 500 ms .* at 2 runs in a row; at once/,
    );
    // 30m + 1h + 4h, plus one 5-minute gate interval per stage.
    assert.equal(rollout.promotion.bestCaseSeconds, 5.5 * 3600);
    assert.equal(rollout.promotion.worstCaseSeconds, 5.5 * 3600 + 3 * 300);
    // 5m x 2 failing runs + the 5m window.
    assert.equal(rollout.rollback.worstCaseSeconds, 15 * 60);
  });

  test('text and Markdown carry the same plan', async () => {
    const text = await plan([SPEC]);
    assert.equal(text.code, 0);
    assert.match(text.out, /^Rollout of shop\/checkout/);
    assert.match(text.out, /2\. ten \(current\): canary 10% \/ stable 90%, 1 canary replicas, at least 1h/);
    assert.match(
      text.out,
      /worst-case time to full promotion: 5h45m|worst-case time to full promotion: 345m/,
    );
    assert.match(text.out, /worst-case time to rollback: 15m/);
    const markdown = await plan([SPEC, '--format', 'markdown']);
    assert.match(markdown.out, /^### Rollout of `shop\/checkout`/);
    assert.match(markdown.out, /\n\| 3 \| half \| 50% \/ 50% \| 5 \| 4h \| /);
    assert.equal(markdown.out.split('\n').filter((l) => l.startsWith('| ')).length, 4);
  });

  test('a flagger-mode spec or a bad --format exit 2', async () => {
    const flagger = writeTempFile('name: c\nworkload:\n  image: ghcr.io/acme/c:1.0.0\n');
    const run = await plan([flagger]);
    assert.equal(run.code, 2);
    assert.match(run.err, /mode is 'flagger'/);
    assert.equal((await plan([SPEC, '--format', 'html'])).code, 2);
  });
});
