import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { RULES } from '../../lib/lint';
import { brief, CORPUS, lintFiles } from './helpers';

/** Every finding each `fires.yaml` must produce: rule, severity, object and path, exactly. */
const EXPECTED: Readonly<Record<string, readonly { severity: string; object: string; path: string }[]>> = {
  'weights-invalid': [
    { severity: 'error', object: 'VirtualService shop/cart', path: 'spec.http[0].route[1].weight' },
  ],
  'weights-sum': [{ severity: 'warning', object: 'VirtualService shop/cart', path: 'spec.http[0].route' }],
  'canary-exceeds-stable': [
    {
      severity: 'error',
      object: 'VirtualService production/payment-svc',
      path: 'spec.http[1].route[1].weight',
    },
  ],
  'subset-undefined': [
    {
      severity: 'error',
      object: 'VirtualService shop/cart',
      path: 'spec.http[0].route[1].destination.subset',
    },
  ],
  'subset-selects-no-pods': [
    { severity: 'error', object: 'DestinationRule shop/checkout', path: 'spec.subsets[1].labels' },
  ],
  'service-selects-no-pods': [{ severity: 'error', object: 'Service shop/cart', path: 'spec.selector' }],
  'route-shadowed': [
    { severity: 'error', object: 'VirtualService shop/cart', path: 'spec.http[1]' },
    { severity: 'error', object: 'VirtualService shop/cart-edge', path: 'spec.http[1]' },
  ],
  'header-uppercase': [
    { severity: 'error', object: 'VirtualService shop/cart', path: 'spec.http[0].match[0].headers.X-Canary' },
    { severity: 'error', object: 'Canary web/frontend', path: 'spec.analysis.match[0].headers.X-User-Type' },
  ],
  'string-match-empty': [
    {
      severity: 'error',
      object: 'VirtualService shop/cart',
      path: 'spec.http[0].match[0].headers.x-canary.prefix',
    },
    { severity: 'error', object: 'VirtualService shop/cart', path: 'spec.http[0].match[0].uri.regex' },
    {
      severity: 'error',
      object: 'Canary shop/cart',
      path: 'spec.analysis.match[0].headers.x-user-type.regex',
    },
  ],
  'flagger-match-dropped': [
    { severity: 'error', object: 'Canary test/podinfo', path: 'spec.analysis.match[0].uri' },
    { severity: 'error', object: 'Canary test/frontend', path: 'spec.analysis.match[0].queryParams' },
  ],
  'vs-host-conflict': [
    { severity: 'error', object: 'VirtualService shop/cart-experiment', path: 'spec.hosts[0]' },
  ],
  'vs-gateway-without-mesh': [
    { severity: 'error', object: 'VirtualService shop/cart', path: 'spec.gateways' },
  ],
  'gateway-route-bypasses-split': [
    {
      severity: 'warning',
      object: 'VirtualService shop/shop-edge',
      path: 'spec.http[0].route[0].destination.host',
    },
    {
      severity: 'warning',
      object: 'VirtualService shop/shop-edge',
      path: 'spec.http[1].route[0].destination.host',
    },
  ],
  'flagger-owned-object': [
    { severity: 'error', object: 'Service test/podinfo-primary', path: 'metadata.name' },
    { severity: 'error', object: 'DestinationRule test/podinfo-canary', path: 'metadata.name' },
    { severity: 'error', object: 'VirtualService test/podinfo-routes', path: 'spec.hosts[0]' },
  ],
  'canary-gateway-without-mesh': [
    { severity: 'error', object: 'Canary test/podinfo', path: 'spec.service.gateways' },
  ],
  'flagger-target': [
    { severity: 'error', object: 'Deployment test/podinfo', path: 'spec.template.metadata.labels' },
  ],
  'flagger-target-port': [
    { severity: 'error', object: 'Canary test/podinfo', path: 'spec.service.targetPort' },
  ],
  'flagger-target-replicas': [
    { severity: 'warning', object: 'Deployment test/podinfo', path: 'spec.replicas' },
  ],
  'delegate-invalid': [
    { severity: 'error', object: 'VirtualService shop/cart', path: 'spec.http[0].delegate' },
  ],
  'metric-template-workload': [
    { severity: 'error', object: 'MetricTemplate test/error-rate', path: 'spec.query' },
    { severity: 'error', object: 'MetricTemplate test/latency', path: 'spec.query' },
  ],
  'rollback-within': [{ severity: 'error', object: 'Canary test/podinfo', path: 'spec.analysis' }],
  'mirror-equals-destination': [
    { severity: 'error', object: 'VirtualService shop/cart', path: 'spec.http[0].mirror' },
  ],
  'host-dotted-short-name': [{ severity: 'warning', object: 'DestinationRule shop/cart', path: 'spec.host' }],
  'duplicate-object': [{ severity: 'warning', object: 'VirtualService shop/cart', path: 'metadata.name' }],
  'unknown-host': [
    {
      severity: 'warning',
      object: 'VirtualService shop/cart',
      path: 'spec.http[0].route[1].destination.host',
    },
  ],
};

describe('lint rules on the hand-written corpus', () => {
  test('every rule has a fires.yaml and a near-miss.yaml case', () => {
    const dirs = readdirSync(resolve(process.cwd(), CORPUS, 'rules')).sort();
    assert.deepEqual(dirs, RULES.map((r) => r.id).sort());
    assert.deepEqual(Object.keys(EXPECTED).sort(), dirs);
  });

  for (const rule of RULES) {
    test(`${rule.id}: fires on the broken case with the exact object and path`, () => {
      const findings = lintFiles([`${CORPUS}/rules/${rule.id}/fires.yaml`]).filter((f) => f.rule === rule.id);
      assert.deepEqual(
        findings.map(brief),
        EXPECTED[rule.id].map((e) => ({ rule: rule.id, ...e })),
      );
      for (const f of findings) {
        assert.ok(f.line > 0, 'the finding names a line');
        assert.ok(
          f.message.length > 20 && f.fix.length > 10,
          'the finding says what is wrong and how to fix it',
        );
      }
    });

    test(`${rule.id}: stays silent on the near miss (and nothing else errs there)`, () => {
      const findings = lintFiles([`${CORPUS}/rules/${rule.id}/near-miss.yaml`]);
      assert.deepEqual(findings.filter((f) => f.rule === rule.id || f.severity !== 'info').map(brief), []);
    });
  }
});

describe('finding details', () => {
  test('weights-sum says what share each destination really gets', () => {
    const [f] = lintFiles([`${CORPUS}/rules/weights-sum/fires.yaml`]);
    assert.match(f.message, /sum to 110, not 100/);
    assert.match(f.message, /cart\/v1 gets 81\.82% \(weight 90\), cart\/v2 gets 18\.18% \(weight 20\)/);
    assert.match(f.fix, /cart\/v1: 82, cart\/v2: 18/);
  });

  test('the 99/1 typo names both shares and the promotion annotation', () => {
    const [f] = lintFiles([`${CORPUS}/rules/canary-exceeds-stable/fires.yaml`]);
    assert.match(f.message, /canary payment-svc\/v2 gets 99% of requests and stable payment-svc\/v1 gets 1%/);
    assert.match(f.fix, /give stable 99 and the canary 1/);
    assert.match(f.fix, /canary-kit\.dev\/promoting: "true"/);
  });

  test('subset-selects-no-pods quotes the labels the pods really carry', () => {
    const [f] = lintFiles([`${CORPUS}/rules/subset-selects-no-pods/fires.yaml`]);
    assert.match(f.message, /selects pods labelled version=v2/);
    assert.match(f.message, /version=canary\|stable/);
  });

  test('rollback-within shows the arithmetic and the largest threshold that fits', () => {
    const [f] = lintFiles([`${CORPUS}/rules/rollback-within/fires.yaml`]);
    assert.match(f.message, /interval 1m x \(threshold 5 \+ 1\) = 6m/);
    assert.match(f.fix, /threshold to 4/);
  });

  test('the line points at the offending field, not only at the object', () => {
    const [f] = lintFiles([`${CORPUS}/rules/weights-invalid/fires.yaml`]);
    assert.equal(f.line, 79);
    assert.equal(f.file, `${CORPUS}/rules/weights-invalid/fires.yaml`);
  });
});

describe('documentation', () => {
  test('docs/lint.md has a row for every rule, with its severity', () => {
    const doc = readFileSync(resolve(process.cwd(), 'docs/lint.md'), 'utf8');
    for (const rule of RULES)
      assert.match(doc, new RegExp(`\\n\\| \`${rule.id}\` \\| ${rule.severity} \\|`), rule.id);
  });
});
