import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CanaryServiceSpec, KubeManifest, synthesize, validate } from '../../lib';
import { validateManifests } from '../../lib/validate';
import { MINIMAL_FLAGGER as F } from '../fixtures/specs';

const SPEC: CanaryServiceSpec = {
  ...F,
  notifications: [
    {
      name: 'payments-oncall',
      type: 'slack',
      secretRef: 'slack-payments',
      severity: 'error',
      channel: 'payments-alerts',
    },
    { name: 'releases', type: 'msteams', secretRef: 'teams-releases' },
    { name: 'ops', type: 'discord', secretRef: 'discord-ops', severity: 'warn', username: 'flagger-shop' },
    { name: 'chat', type: 'rocket', secretRef: 'rocket-chat', proxy: 'http://proxy.infra:3128' },
  ],
};

function problems(spec: unknown): { path: string; message: string }[] {
  return validate(spec).map(({ path, message }) => ({ path, message }));
}

describe('notifications: Flagger AlertProviders and analysis.alerts (issue 14.3)', () => {
  const manifests = synthesize(SPEC);
  const providers = manifests.filter((m) => m.kind === 'AlertProvider');

  test('one AlertProvider per receiver, the address only in a referenced Secret', () => {
    assert.deepEqual(
      providers.map((p) => [p.metadata.name, p.spec]),
      [
        [
          'checkout-payments-oncall',
          { type: 'slack', channel: 'payments-alerts', secretRef: { name: 'slack-payments' } },
        ],
        ['checkout-releases', { type: 'msteams', secretRef: { name: 'teams-releases' } }],
        ['checkout-ops', { type: 'discord', username: 'flagger-shop', secretRef: { name: 'discord-ops' } }],
        [
          'checkout-chat',
          { type: 'rocket', proxy: 'http://proxy.infra:3128', secretRef: { name: 'rocket-chat' } },
        ],
      ],
    );
    for (const p of providers) assert.equal((p.spec as { address?: string }).address, undefined);
  });

  test("the Canary lists every receiver with its severity (Flagger's default: info)", () => {
    const canary = manifests.find((m) => m.kind === 'Canary') as KubeManifest;
    assert.deepEqual((canary.spec as { analysis: { alerts: unknown } }).analysis.alerts, [
      {
        name: 'payments-oncall',
        severity: 'error',
        providerRef: { name: 'checkout-payments-oncall', namespace: 'shop' },
      },
      { name: 'releases', severity: 'info', providerRef: { name: 'checkout-releases', namespace: 'shop' } },
      { name: 'ops', severity: 'warn', providerRef: { name: 'checkout-ops', namespace: 'shop' } },
      { name: 'chat', severity: 'info', providerRef: { name: 'checkout-chat', namespace: 'shop' } },
    ]);
  });

  test('the providers come before the Canary that references them, and are valid against the CRD', () => {
    const kinds = manifests.map((m) => m.kind);
    assert.ok(kinds.lastIndexOf('AlertProvider') < kinds.indexOf('Canary'));
    assert.deepEqual(
      validateManifests(manifests).filter((f) => f.severity === 'error'),
      [],
    );
  });

  test("a CanaryFailed alert from Flagger's status gauge, both label forms", () => {
    const rules = (
      manifests.find((m) => m.kind === 'PrometheusRule')!.spec as {
        groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
      }
    ).groups[0].rules;
    assert.deepEqual(
      rules.filter((r) => r.alert === 'CanaryFailed').map((r) => r.expr),
      [
        'max(flagger_canary_status{name="checkout",namespace="shop"} or flagger_canary_status{name="checkout",exported_namespace="shop"}) == 2',
      ],
    );
  });

  test('mesh mode: the same receivers configure the gate, which takes no proxy', () => {
    assert.deepEqual(
      problems({ ...SPEC, mode: 'mesh' }).map((p) => p.path),
      ['notifications[3].proxy'],
    );
    const mesh = synthesize({ ...SPEC, mode: 'mesh', notifications: SPEC.notifications!.slice(0, 3) });
    assert.deepEqual(
      mesh.filter((m) => m.kind === 'AlertProvider'),
      [],
    );
  });

  test('a generic type is not a Flagger provider', () => {
    assert.deepEqual(
      problems({ ...F, notifications: [{ name: 'x', type: 'generic', secretRef: 's' }] }).map((p) => p.path),
      ['notifications[0].type'],
    );
  });

  test('the address cannot be inlined', () => {
    assert.deepEqual(
      problems({
        ...F,
        notifications: [{ name: 'x', type: 'slack', secretRef: 's', address: 'https://hooks.slack.com/x' }],
      }).map((p) => p.path),
      ['notifications[0].address'],
    );
  });

  test('names, secret names, options Flagger ignores, proxy URL', () => {
    assert.deepEqual(
      problems({
        ...F,
        notifications: [
          { name: 'A', type: 'slack', secretRef: 'Bad_Secret' },
          { name: 'b', type: 'msteams', secretRef: 's', channel: 'c' },
          { name: 'b', type: 'gchat', secretRef: 's', proxy: 'proxy:3128' },
        ],
      }),
      [
        {
          path: 'notifications[0].name',
          message: 'is not a DNS-1123 label. Use lowercase letters, digits and "-", e.g. payments-oncall.',
        },
        {
          path: 'notifications[0].secretRef',
          message: 'is not a Secret name. Use a DNS-1123 name, e.g. slack-webhook.',
        },
        {
          path: 'notifications[1].channel',
          message:
            "has no effect for type msteams: Flagger's msteams notifier posts to the webhook's own channel. Remove it.",
        },
        {
          path: 'notifications[2].name',
          message: 'is also the name of notifications[1]. Give every receiver its own name.',
        },
        {
          path: 'notifications[2].proxy',
          message: 'is not an http(s) URL. Use e.g. http://proxy.infra:3128.',
        },
      ],
    );
  });
});
