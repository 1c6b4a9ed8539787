/**
 * The mesh gate's notification to the spec's receivers (14.3): the kinds of Flagger's
 * AlertProvider, each in its payload shape, against a webhook receiver on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { synthesize } from '../../lib';
import { NotificationSpec } from '../../lib/core/spec';
import { chatRequest, discordSlackUrl } from '../../lib/gate/notify-payloads';
import { FAILING, fakePrometheusFetch, HEALTHY } from './support/fake-prometheus';
import { startTestServer, TestServer } from './support/http-server';
import { runGateCli, FAKE_PROMETHEUS_ARGS } from './support/run-gate-cli';
import { meshSpec, writeTempFile } from './support/specs';

const RECEIVERS: NotificationSpec[] = [
  { name: 'payments-oncall', type: 'slack', secretRef: 'slack-payments', severity: 'error', channel: 'pay' },
  { name: 'releases', type: 'msteams', secretRef: 'teams-releases' },
  { name: 'ops', type: 'discord', secretRef: 'discord-ops', severity: 'warn' },
  { name: 'chat', type: 'rocket', secretRef: 'rocket-chat' },
  { name: 'google', type: 'gchat', secretRef: 'gchat-room' },
];
const SPEC = writeTempFile(
  `${JSON.stringify(meshSpec('checkout', { notifications: RECEIVERS }))}\n`,
  'receivers.json',
);
const ARGS = ['--spec', SPEC, ...FAKE_PROMETHEUS_ARGS];
const SECRET = 'T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX';
const TOKEN = 'xoxb-secret-token';

describe('gate notifications to the spec receivers (14.3)', () => {
  let hook: TestServer;
  before(async () => {
    hook = await startTestServer(() => ({
      status: 200,
      body: 'ok',
      headers: { 'content-type': 'text/plain' },
    }));
  });
  after(async () => {
    await hook.close();
  });
  const env = (): Record<string, string> => ({
    CANARY_KIT_NOTIFY_PAYMENTS_ONCALL_URL: `${hook.url}/slack/${SECRET}`,
    CANARY_KIT_NOTIFY_PAYMENTS_ONCALL_TOKEN: TOKEN,
    CANARY_KIT_NOTIFY_RELEASES_URL: `${hook.url}/teams/${SECRET}`,
    CANARY_KIT_NOTIFY_OPS_URL: `${hook.url}/api/webhooks/1/${SECRET}`,
    CANARY_KIT_NOTIFY_CHAT_URL: `${hook.url}/hooks/${SECRET}`,
    CANARY_KIT_NOTIFY_GOOGLE_URL: `${hook.url}/v1/spaces/${SECRET}`,
  });
  const deps = (signals = FAILING, e: Record<string, string> = env()) => ({
    fetch: fakePrometheusFetch(signals, (input, init) => fetch(input, init)),
    env: e,
  });

  test("a rollback reaches every receiver in its service's payload shape, as Flagger's notifiers post", async () => {
    const from = hook.requests.length;
    const run = await runGateCli(ARGS, deps());
    assert.equal(run.code, 1);
    assert.equal(run.record?.notification.status, 'sent', run.record?.notification.detail);
    const sent = hook.requests.slice(from);
    assert.deepEqual(
      sent.map((r) => r.url.split('/').slice(0, 2).join('/')),
      ['/slack', '/teams', '/api', '/hooks', '/v1'],
    );
    const [slack, teams, discord, rocket, gchat] = sent.map((r) => JSON.parse(r.body));
    assert.equal(sent[0].headers.authorization, `Bearer ${TOKEN}`, 'a Slack token is a bearer token');
    assert.equal(sent[1].headers.authorization, undefined);
    assert.equal(slack.channel, 'pay');
    assert.equal(slack.username, 'canary-kit');
    assert.equal(slack.icon_emoji, ':rocket:');
    assert.equal(slack.attachments[0].color, 'danger');
    assert.equal(slack.attachments[0].author_name, 'checkout.shop');
    assert.match(
      slack.attachments[0].text,
      /^canary-kit gate: ROLLBACK shop\/checkout at stage 'ten' \(10%\)$/,
    );
    assert.deepEqual(
      slack.attachments[0].fields.map((f: { title: string }) => f.title),
      ['Reason', 'Applied', 'Time'],
    );
    assert.equal(teams['@type'], 'MessageCard');
    assert.equal(teams.themeColor, 'FF0000');
    assert.equal(teams.sections[0].activitySubtitle, 'checkout.shop');
    assert.deepEqual(
      teams.sections[0].facts.map((f: { name: string }) => f.name),
      ['Reason', 'Applied', 'Time'],
    );
    assert.ok(sent[2].url.endsWith(`${SECRET}/slack`), 'Discord gets its Slack-compatible endpoint');
    assert.equal(discord.attachments[0].color, 'danger');
    assert.equal(rocket.attachments[0].color, '#FF0000');
    assert.equal(gchat.cards[0].header.subtitle, 'checkout.shop');
    assert.equal(gchat.cards[0].sections.length, 4);
    assert.doesNotMatch(run.stdout + run.stderr, new RegExp(SECRET));
    assert.doesNotMatch(run.stdout + run.stderr, new RegExp(TOKEN));
  });

  test('severity filters as Flagger does: an error receiver hears only rollbacks, a warn receiver holds too', async () => {
    const from = hook.requests.length;
    const run = await runGateCli([...ARGS, '--notify', 'all'], deps(HEALTHY));
    assert.notEqual(run.record?.decision, 'rollback');
    const paths = hook.requests.slice(from).map((r) => r.url.split('/')[1]);
    assert.ok(!paths.includes('slack'), 'the error receiver is not told about a non-rollback');
    assert.ok(
      paths.includes('teams') && paths.includes('hooks') && paths.includes('v1'),
      'info receivers hear it',
    );
    assert.equal(
      paths.includes('api'),
      run.record?.decision === 'hold',
      'the warn receiver hears holds only',
    );
    assert.match(
      run.record?.notification.detail ?? '',
      /payments-oncall \(slack\): skipped: severity error does not cover/,
    );
  });

  test('a receiver without its variable is a failed notification naming the variable and Secret; the others still go out', async () => {
    const partial = env();
    delete partial.CANARY_KIT_NOTIFY_RELEASES_URL;
    const run = await runGateCli(ARGS, deps(FAILING, partial));
    assert.equal(run.code, 1, 'the decision and exit code do not change');
    assert.equal(run.record?.notification.status, 'failed');
    assert.match(
      run.record?.notification.detail ?? '',
      /releases \(msteams\): failed: CANARY_KIT_NOTIFY_RELEASES_URL is not set \(key address of Secret teams-releases\)/,
    );
    assert.match(run.record?.notification.detail ?? '', /payments-oncall \(slack\): sent/);
  });

  test('text is escaped for each service: mrkdwn control characters, HTML', () => {
    const n = {
      name: 'checkout',
      namespace: 'shop',
      message: 'rollback <!channel> & <a href="x">',
      fields: [{ name: 'Reason', value: 'label="<b>"' }],
      severity: 'error' as const,
    };
    const slack = chatRequest('slack', 'https://hooks.slack.test/x', n, undefined, undefined).body as {
      attachments: { text: string; fields: { value: string }[] }[];
    };
    assert.equal(slack.attachments[0].text, 'rollback &lt;!channel&gt; &amp; &lt;a href="x"&gt;');
    const gchat = JSON.stringify(chatRequest('gchat', 'https://chat.test/x', n, undefined, undefined).body);
    assert.doesNotMatch(gchat, /<a href|<!channel>|<b>&quot;/);
    const teams = JSON.stringify(
      chatRequest('msteams', 'https://teams.test/x', n, undefined, undefined).body,
    );
    assert.doesNotMatch(teams, /<a href|<!channel>/);
    assert.equal(
      discordSlackUrl('https://discord.test/api/webhooks/1/abc'),
      'https://discord.test/api/webhooks/1/abc/slack',
    );
    assert.equal(
      discordSlackUrl('https://discord.test/api/webhooks/1/abc/slack'),
      'https://discord.test/api/webhooks/1/abc/slack',
    );
  });

  test('the gate CronJob maps each receiver Secret, optional so a missing Secret never stops the gate; its spec lists the receivers', () => {
    const manifests = synthesize(
      meshSpec('checkout', {
        notifications: RECEIVERS.slice(0, 2),
        automation: {
          image: 'ghcr.io/acme/canary-kit-gate:0.1.0',
          prometheusUrl: 'http://prometheus.monitoring:9090',
        },
      }),
    );
    const cron = manifests.find((m) => m.kind === 'CronJob')!;
    const container = (
      cron.spec as { jobTemplate: { spec: { template: { spec: { containers: { env: unknown[] }[] } } } } }
    ).jobTemplate.spec.template.spec.containers[0];
    assert.deepEqual(container.env.slice(1), [
      {
        name: 'CANARY_KIT_NOTIFY_PAYMENTS_ONCALL_URL',
        valueFrom: { secretKeyRef: { name: 'slack-payments', key: 'address', optional: true } },
      },
      {
        name: 'CANARY_KIT_NOTIFY_PAYMENTS_ONCALL_TOKEN',
        valueFrom: { secretKeyRef: { name: 'slack-payments', key: 'token', optional: true } },
      },
      {
        name: 'CANARY_KIT_NOTIFY_RELEASES_URL',
        valueFrom: { secretKeyRef: { name: 'teams-releases', key: 'address', optional: true } },
      },
    ]);
    const config = manifests.find((m) => m.kind === 'ConfigMap' && /gate/.test(m.metadata.name))!;
    const text = Object.values(config.data as Record<string, string>)[0];
    assert.match(
      text,
      /notifications:\n {2}- name: payments-oncall\n {4}type: slack\n {4}secretRef: slack-payments/,
    );
    assert.deepEqual(
      manifests.filter((m) => m.kind === 'AlertProvider'),
      [],
    );
  });
});
