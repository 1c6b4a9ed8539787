/**
 * Notifications against a tiny webhook receiver on 127.0.0.1 (Prometheus answers come from a
 * table here: the decision itself is tested against a real Prometheus in prometheus.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SLACK_WEBHOOK_ENV } from '../../lib/gate/notify';
import { FAILING, fakePrometheusFetch, HEALTHY } from './support/fake-prometheus';
import { startTestServer, TestServer } from './support/http-server';
import { runGateCli, FAKE_PROMETHEUS_ARGS } from './support/run-gate-cli';
import { meshSpec, writeTempFile } from './support/specs';

const SPEC = writeTempFile(`${JSON.stringify(meshSpec())}\n`, 'checkout.json');
const ARGS = ['--spec', SPEC, ...FAKE_PROMETHEUS_ARGS];
/** The secret part of a Slack webhook URL, which must never be printed. */
const SECRET = 'T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX';

describe('notifications', () => {
  let webhook: TestServer;
  let failing: TestServer;
  before(async () => {
    webhook = await startTestServer(() => ({
      status: 200,
      body: 'ok',
      headers: { 'content-type': 'text/plain' },
    }));
    failing = await startTestServer(() => ({
      status: 500,
      body: 'no_service',
      headers: { 'content-type': 'text/plain' },
    }));
  });
  after(async () => {
    await webhook.close();
    await failing.close();
  });
  const deps = (signals = FAILING, url = `${webhook.url}/services/${SECRET}`) => ({
    fetch: fakePrometheusFetch(signals, (input, init) => fetch(input, init)),
    env: { [SLACK_WEBHOOK_ENV]: url },
  });

  test('a rollback POSTs a Slack-compatible JSON message', async () => {
    const before = webhook.requests.length;
    const run = await runGateCli(ARGS, deps());
    assert.equal(run.code, 1);
    assert.equal(run.record?.notification.status, 'sent');
    const request = webhook.requests[before];
    assert.equal(request.method, 'POST');
    assert.equal(request.url, `/services/${SECRET}`);
    assert.equal(request.headers['content-type'], 'application/json');
    const message = JSON.parse(request.body) as { text: string };
    assert.deepEqual(Object.keys(message), ['text']);
    assert.match(
      message.text,
      /^canary-kit gate: \*ROLLBACK\* shop\/checkout at stage 'ten' \(10%\)\nReason: canary success rate 90% is below/,
    );
  });

  test('a failing webhook is logged and changes neither the decision nor the exit code; the URL is never printed', async () => {
    const run = await runGateCli(ARGS, deps(FAILING, `${failing.url}/services/${SECRET}`));
    assert.equal(run.code, 1);
    assert.equal(run.record?.decision, 'rollback');
    assert.equal(run.record?.notification.status, 'failed');
    assert.match(run.record?.notification.detail ?? '', /the webhook answered HTTP 500: no_service/);
    assert.match(run.stderr, /canary-kit gate: notification failed: the webhook answered HTTP 500/);
    assert.doesNotMatch(run.stdout + run.stderr, new RegExp(SECRET));
  });

  test('an unreachable or malformed webhook URL is a failed notification, nothing more', async () => {
    const gone = await startTestServer(() => ({ status: 200, body: '' }));
    await gone.close();
    const unreachable = await runGateCli(ARGS, deps(FAILING, `${gone.url}/services/${SECRET}`));
    assert.equal(unreachable.code, 1);
    assert.equal(unreachable.record?.notification.status, 'failed');
    const malformed = await runGateCli(ARGS, deps(FAILING, `not a url/${SECRET}`));
    assert.equal(malformed.code, 1);
    assert.equal(malformed.record?.notification.status, 'failed');
    assert.doesNotMatch(malformed.stdout + malformed.stderr, new RegExp(SECRET));
  });

  test('an advance is not notified by default, but is with --notify all', async () => {
    const before = webhook.requests.length;
    const quiet = await runGateCli(ARGS, deps(HEALTHY));
    assert.equal(quiet.code, 0);
    assert.equal(quiet.record?.notification.status, 'skipped');
    assert.equal(webhook.requests.length, before);
    const loud = await runGateCli([...ARGS, '--notify', 'all'], deps(HEALTHY));
    assert.equal(loud.record?.notification.status, 'sent');
    assert.match(JSON.parse(webhook.requests[before].body).text, /\*ADVANCE\* shop\/checkout/);
  });

  test('without the environment variable nothing is sent', async () => {
    const run = await runGateCli(ARGS, { fetch: fakePrometheusFetch(FAILING) });
    assert.equal(run.code, 1);
    assert.deepEqual(run.record?.notification, {
      status: 'skipped',
      detail: `${SLACK_WEBHOOK_ENV} is not set`,
    });
  });
});
