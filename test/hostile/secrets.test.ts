import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { validate } from '../../lib';
import { notificationText, DecisionRecord } from '../../lib/gate/record';
import { redactUrl } from '../../lib/gate/redact';
import { fakePrometheusFetch, HEALTHY } from '../gate/support/fake-prometheus';
import { meshSpec, writeTempFile } from '../gate/support/specs';
import { runGateCli } from '../gate/support/run-gate-cli';

// Issue 16.6: credentials never travel in URLs, records or logs; they come from a Secret.

const spec = () => writeTempFile(JSON.stringify(meshSpec()), 'checkout.json');

test('a Prometheus URL with user:password is refused with the fix, and the password is not printed', async () => {
  const run = await runGateCli(['--spec', spec(), '--prometheus', 'http://gate:s3cret@prometheus.test:9090']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /carries a user name or password/);
  assert.match(run.stderr, /CANARY_KIT_PROMETHEUS_TOKEN/);
  assert.doesNotMatch(run.stderr + run.stdout, /s3cret/);
});

test('automation.prometheusUrl with credentials is a spec error that does not echo them', () => {
  const issues = validate({
    ...meshSpec(),
    automation: { image: 'ghcr.io/acme/canary-kit:1', prometheusUrl: 'http://gate:s3cret@prom:9090' },
  });
  const issue = issues.find((i) => i.path === 'automation.prometheusUrl');
  assert.ok(issue);
  assert.equal(issue.value, 'http://<credentials>@prom:9090');
});

test('a bearer token from a file reaches Prometheus and never the record', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'canary-kit-secret-'));
  writeFileSync(join(dir, 'token'), 'tok-123\n');
  const seen: string[] = [];
  const answer = fakePrometheusFetch(HEALTHY);
  const run = await runGateCli(
    ['--spec', spec(), '--prometheus', 'http://prometheus.test:9090', '--format', 'json'],
    {
      env: { CANARY_KIT_PROMETHEUS_TOKEN_FILE: join(dir, 'token') },
      fetch: (async (input: string | URL | Request, init?: RequestInit) => {
        seen.push(String(new Headers(init?.headers).get('authorization')));
        return answer(input, init);
      }) as typeof fetch,
    },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.ok(seen.length > 0 && seen.every((h) => h === 'Bearer tok-123'));
  assert.doesNotMatch(run.stdout + run.stderr, /tok-123/);
  assert.equal(run.record?.inputs.prometheus, 'http://prometheus.test:9090');
});

test('basic auth needs both user and password', async () => {
  const run = await runGateCli(['--spec', spec(), '--prometheus', 'http://prometheus.test:9090'], {
    env: { CANARY_KIT_PROMETHEUS_USER: 'gate' },
  });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /needs both CANARY_KIT_PROMETHEUS_USER and CANARY_KIT_PROMETHEUS_PASSWORD/);
});

test('redactUrl hides user information and query values', () => {
  assert.equal(
    redactUrl('https://u:p@prom.example:9090/x?token=abc&a=1'),
    'https://<credentials>@prom.example:9090/x?token=<redacted>&a=<redacted>',
  );
  assert.equal(redactUrl('not a url //u:p@host/x'), 'not a url //<credentials>@host/x');
  assert.equal(redactUrl('http://prometheus:9090'), 'http://prometheus:9090');
});

test('the Slack text escapes mrkdwn control characters', () => {
  const text = notificationText({
    service: { name: 'checkout', namespace: 'shop' },
    decision: 'rollback',
    position: { source: 'spec', stage: 'ten', canaryWeight: 10 },
    reason: 'label <!channel> & <http://evil|click>',
    apply: { mode: 'none', status: 'not-requested', detail: '' },
    time: '2026-11-24T18:00:00Z',
  } as unknown as DecisionRecord);
  assert.match(text, /label &lt;!channel&gt; &amp; &lt;http:\/\/evil\|click&gt;/);
});
