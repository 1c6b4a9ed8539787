import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CanaryServiceSpec, KubeManifest, synthesize, validate } from '../../lib';
import { loadTestCommand, shellQuote } from '../../lib/core/flagger/load-test';
import { validateManifests } from '../../lib/validate';
import { checkoutSpec } from '../../stacks/cdk8s/environments';
import { MINIMAL_FLAGGER as F } from '../fixtures/specs';

type Hook = {
  name: string;
  type: string;
  url: string;
  timeout?: string;
  retries?: number;
  metadata?: Record<string, string>;
  muteAlert?: boolean;
  disableTLS?: boolean;
};

function hooks(manifests: KubeManifest[]): Hook[] {
  const canary = manifests.find((m) => m.kind === 'Canary');
  return (canary?.spec as { analysis: { webhooks?: Hook[] } }).analysis.webhooks ?? [];
}

function problems(spec: unknown): { path: string; message: string }[] {
  return validate(spec).map(({ path, message }) => ({ path, message }));
}

const LT = 'http://flagger-loadtester.test/';

const EVERY_TYPE: CanaryServiceSpec = {
  ...F,
  analysis: {
    webhooks: {
      confirmRollout: [{ url: `${LT}gate/check`, muteAlert: true }],
      preRollout: [
        {
          name: 'smoke',
          url: LT,
          metadata: { type: 'bash', cmd: 'curl -sf http://checkout-canary.shop/healthz' },
        },
        { name: 'migrations', url: 'https://ci.example.com/check', retries: 2, disableTls: true },
      ],
      rollout: [{ url: LT, metadata: { type: 'bash', cmd: 'true' } }],
      confirmTrafficIncrease: [{ url: `${LT}gate/check` }],
      confirmPromotion: [{ url: `${LT}gate/check` }, { url: 'http://release.ops/approved', timeout: '10s' }],
      postRollout: [{ url: 'http://release.ops/done' }],
      rollbackTrigger: [{ url: `${LT}rollback/check` }],
      event: [{ url: 'http://events.ops/flagger' }],
    },
    loadTests: [{ target: 'http://checkout-canary.shop/' }],
  },
};

describe('Flagger webhooks (issue 14.2, issue 11.1)', () => {
  test('every Flagger type, several per type, in lifecycle order with default names', () => {
    const rendered = hooks(synthesize(EVERY_TYPE));
    assert.deepEqual(
      rendered.map((h) => [h.name, h.type]),
      [
        ['confirm-rollout', 'confirm-rollout'],
        ['smoke', 'pre-rollout'],
        ['migrations', 'pre-rollout'],
        ['rollout', 'rollout'],
        ['load-test', 'rollout'],
        ['confirm-traffic-increase', 'confirm-traffic-increase'],
        ['confirm-promotion-1', 'confirm-promotion'],
        ['confirm-promotion-2', 'confirm-promotion'],
        ['post-rollout', 'post-rollout'],
        ['rollback', 'rollback'],
        ['event', 'event'],
      ],
    );
    const migrations = rendered.find((h) => h.name === 'migrations')!;
    assert.equal(migrations.retries, 2);
    assert.equal(migrations.disableTLS, true);
    assert.equal(rendered.find((h) => h.type === 'confirm-rollout')!.muteAlert, true);
    assert.equal(rendered.find((h) => h.name === 'confirm-promotion-2')!.timeout, '10s');
    assert.equal(rendered.find((h) => h.name === 'smoke')!.retries, undefined, 'zero values are omitted');
  });

  test('the rendered Canary is valid against the Flagger v1.44.0 CRD', () => {
    const errors = validateManifests(synthesize(EVERY_TYPE)).filter((f) => f.severity === 'error');
    assert.deepEqual(errors, []);
  });

  test('a rollback hook is not a notification: the old key is refused with the reason', () => {
    assert.deepEqual(
      problems({ ...F, analysis: { webhooks: { rollback: { url: 'http://notify.ops/' } } } }),
      [
        {
          path: 'analysis.webhooks.rollback',
          message:
            'was removed: Flagger calls a rollback hook at every interval and rolls the canary back whenever it answers 2xx, so it is a kill switch, not a notification. Use analysis.webhooks.rollbackTrigger for a kill switch, or notifications (Flagger alert providers) or an event hook to be told of a rollback.',
        },
      ],
    );
  });

  test('the old smokeTest and loadTest keys say what replaced them', () => {
    assert.deepEqual(
      problems({ ...F, analysis: { webhooks: { smokeTest: { url: LT }, loadTest: { url: LT } } } }).map(
        (p) => p.path,
      ),
      ['analysis.webhooks.smokeTest', 'analysis.webhooks.loadTest'],
    );
  });

  test('webhook url, timeout and retries', () => {
    assert.deepEqual(
      problems({
        ...F,
        analysis: { webhooks: { rollout: [{ url: 'flagger-loadtester/', timeout: '1h', retries: 11 }] } },
      }),
      [
        {
          path: 'analysis.webhooks.rollout[0].url',
          message: 'is not an http(s) URL. Use e.g. http://flagger-loadtester.test/.',
        },
        {
          path: 'analysis.webhooks.rollout[0].timeout',
          message:
            'is not a Flagger duration. Use whole seconds or minutes, e.g. "30s" or "1m" (Flagger rejects "1h" and "90").',
        },
        { path: 'analysis.webhooks.rollout[0].retries', message: 'must be a whole number from 0 to 10.' },
      ],
    );
  });

  test('muteAlert only where Flagger alerts', () => {
    assert.deepEqual(
      problems({ ...F, analysis: { webhooks: { rollout: [{ url: LT, muteAlert: true }] } } }),
      [
        {
          path: 'analysis.webhooks.rollout[0].muteAlert',
          message:
            'has no effect on a rollout hook: Flagger alerts only from confirm-rollout, confirm-traffic-increase and confirm-promotion hooks. Remove it.',
        },
      ],
    );
  });

  test('disableTls on an http URL', () => {
    assert.deepEqual(problems({ ...F, analysis: { webhooks: { event: [{ url: LT, disableTls: true }] } } }), [
      {
        path: 'analysis.webhooks.event[0].disableTls',
        message: 'has no effect on an http:// URL. Remove it, or use https://.',
      },
    ]);
  });

  test('hook names are unique across types and load tests', () => {
    assert.deepEqual(
      problems({
        ...F,
        analysis: {
          webhooks: { rollout: [{ name: 'load-test', url: LT }] },
          loadTests: [{ target: 'http://c.shop/' }],
        },
      }),
      [
        {
          path: 'analysis.loadTests[0].name',
          message: 'is the name of analysis.webhooks.rollout[0].name too. Give every webhook its own name.',
        },
      ],
    );
  });

  test('confirm-traffic-increase is never called by Blue/Green or A/B', () => {
    assert.deepEqual(
      problems({
        ...F,
        analysis: {
          iterations: 5,
          match: [{ headers: { 'x-canary': 'insider' } }],
          webhooks: { confirmTrafficIncrease: [{ url: LT }] },
        },
      }).map((p) => p.path),
      ['analysis.webhooks.confirmTrafficIncrease'],
    );
  });
});

describe('typed load tests (issue 14.2)', () => {
  test('hey GET is the Flagger tutorial command', () => {
    assert.equal(
      loadTestCommand({ target: 'http://podinfo-canary.test:9898/' }),
      'hey -z 1m -q 10 -c 2 http://podinfo-canary.test:9898/',
    );
  });

  test('hey POST with a body and headers, every argument shell-quoted', () => {
    assert.equal(
      loadTestCommand({
        target: 'http://podinfo.test:9898/api/echo',
        method: 'POST',
        body: `{"it's":"x"}`,
        headers: { Cookie: 'canary=always' },
        rate: 5,
        concurrency: 1,
        duration: '30s',
      }),
      `hey -z 30s -q 5 -c 1 -m POST -T application/json -d '{"it'\\''s":"x"}' -H 'Cookie: canary=always' http://podinfo.test:9898/api/echo`,
    );
  });

  test('ghz with call, data and metadata', () => {
    assert.equal(
      loadTestCommand({
        tool: 'ghz',
        target: 'podinfo.test:9999',
        call: 'grpc.health.v1.Health/Check',
        body: '{}',
        headers: { 'x-canary': 'insider' },
      }),
      `ghz --insecure --call=grpc.health.v1.Health/Check -z 1m --rps 10 -c 2 -d '{}' --metadata '{"x-canary":"insider"}' podinfo.test:9999`,
    );
  });

  test('shell quoting survives hostile input', () => {
    assert.equal(shellQuote(`$(rm -rf /);'`), `'$(rm -rf /);'\\'''`);
  });

  test('renders a rollout webhook of type cmd at the load tester', () => {
    const [hook] = hooks(
      synthesize({
        ...F,
        analysis: {
          loadTests: [{ target: 'http://checkout-canary.shop/', loadTesterUrl: 'http://lt.tools/' }],
        },
      }),
    );
    assert.deepEqual(hook, {
      name: 'load-test',
      type: 'rollout',
      url: 'http://lt.tools/',
      timeout: '30s',
      metadata: { type: 'cmd', cmd: 'hey -z 1m -q 10 -c 2 http://checkout-canary.shop/' },
    });
  });

  test('tool-specific fields are checked', () => {
    assert.deepEqual(
      problems({
        ...F,
        analysis: {
          loadTests: [
            { tool: 'ghz', target: 'http://x/', method: 'POST' },
            { target: 'checkout:80', body: 'x', call: 'a.B/C' },
          ],
        },
      }),
      [
        {
          path: 'analysis.loadTests[0].target',
          message: 'is not a host:port, which ghz needs. Use e.g. checkout-canary.shop:9090.',
        },
        {
          path: 'analysis.loadTests[0].method',
          message: 'applies to hey only; ghz calls a gRPC method. Remove it.',
        },
        {
          path: 'analysis.loadTests[0].call',
          message: 'is required with tool: ghz. Give the gRPC method, e.g. grpc.health.v1.Health/Check.',
        },
        {
          path: 'analysis.loadTests[1].target',
          message: 'is not an http(s) URL, which hey needs. Use e.g. http://checkout-canary.shop/.',
        },
        {
          path: 'analysis.loadTests[1].call',
          message: 'applies to ghz only. Set tool: ghz, or remove call.',
        },
        {
          path: 'analysis.loadTests[1].body',
          message: 'is sent only with method: POST. Set method: POST, or remove body.',
        },
      ],
    );
  });
});

describe('example stacks: approval flows per environment (issue 14.2, issue 11.1)', () => {
  test('dev promotes automatically; prod holds at a confirm-promotion gate', () => {
    assert.deepEqual(hooks(synthesize(checkoutSpec('dev'))), []);
    const prod = hooks(synthesize(checkoutSpec('prod')));
    assert.ok(prod.some((h) => h.type === 'confirm-promotion'));
  });

  test('no stack points a rollback hook at anything but a kill switch', () => {
    for (const env of ['dev', 'staging', 'prod'] as const) {
      for (const hook of hooks(synthesize(checkoutSpec(env))).filter((h) => h.type === 'rollback')) {
        assert.match(hook.url, /\/rollback\/check$/, `${env}: ${hook.url}`);
      }
    }
  });
});
