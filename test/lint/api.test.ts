import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KubeManifest } from '../../lib/core/manifest';
import { lintManifests } from '../../lib/lint';
import { brief, CORPUS, load } from './helpers';

const service: KubeManifest = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'cart', namespace: 'shop' },
  spec: { selector: { app: 'cart' }, ports: [{ port: 80 }] },
};
const deployment: KubeManifest = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'cart', namespace: 'shop' },
  spec: { template: { metadata: { labels: { app: 'kart' } } } },
};

describe('lintManifests', () => {
  test('takes bare objects (synthesized output) and reports them as <memory>', () => {
    const findings = lintManifests([service, deployment]);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].file, '<memory>');
    assert.equal(findings[0].line, 0);
    assert.equal(findings[0].object, 'Service shop/cart');
    assert.equal(findings[0].rule, 'service-selects-no-pods');
  });

  test('canary-kit.dev/lint-ignore silences the named rules on that object only', () => {
    const ignored = {
      ...service,
      metadata: {
        ...service.metadata,
        annotations: { 'canary-kit.dev/lint-ignore': 'weights-sum, service-selects-no-pods' },
      },
    };
    assert.deepEqual(lintManifests([ignored, deployment]), []);
  });

  test('rules and disable options select rules', () => {
    const manifests = load(
      `${CORPUS}/rules/route-shadowed/fires.yaml`,
      `${CORPUS}/rules/weights-sum/fires.yaml`,
    );
    const only = lintManifests(manifests, { rules: ['weights-sum'] });
    assert.deepEqual([...new Set(only.map((f) => f.rule))], ['weights-sum']);
    const without = lintManifests(manifests, { disable: ['route-shadowed'] });
    assert.ok(without.every((f) => f.rule !== 'route-shadowed'));
    assert.ok(without.some((f) => f.rule === 'weights-sum'));
  });

  test('the same input gives the same findings in the same order, whatever the file order', () => {
    const a = load(
      `${CORPUS}/rules/weights-sum/fires.yaml`,
      `${CORPUS}/rules/rollback-within/fires.yaml`,
      `${CORPUS}/rules/canary-exceeds-stable/fires.yaml`,
    );
    const first = lintManifests(a).map(brief);
    assert.equal(first.length, 3);
    assert.deepEqual(lintManifests(a).map(brief), first);
    const files = [...new Set(a.map((m) => m.file))].reverse();
    const b = files.flatMap((f) => a.filter((m) => m.file === f));
    assert.deepEqual(lintManifests(b).map(brief), first);
  });

  test('objects without a namespace are in the default namespace (or the one given)', () => {
    const bare = [
      { ...service, metadata: { name: 'cart' } },
      { ...deployment, metadata: { name: 'cart' } },
    ];
    assert.equal(lintManifests(bare)[0].object, 'Service default/cart');
    assert.equal(lintManifests(bare, { defaultNamespace: 'team' })[0].object, 'Service team/cart');
  });
});
