import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CanaryServiceSpec, KubeManifest, specWarnings, synthesize, validate } from '../../lib';
import { FULL_MESH, MINIMAL_FLAGGER } from '../fixtures/specs';
import { meshSpec } from '../gate/support/specs';

// Issue 16 item 6: no API token in app pods unless asked; the gate image can be pinned by digest.

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const withAutomation = (image: string): CanaryServiceSpec =>
  meshSpec('checkout', { automation: { image, prometheusUrl: 'http://prometheus.istio-system:9090' } });

function podSpecs(manifests: KubeManifest[], kind: string): Record<string, unknown>[] {
  return manifests
    .filter((m) => m.kind === kind)
    .map((m) => {
      const spec = m.spec as {
        template?: { spec: Record<string, unknown> };
        jobTemplate?: { spec: { template: { spec: Record<string, unknown> } } };
      };
      return spec.template?.spec ?? (spec.jobTemplate?.spec.template.spec as Record<string, unknown>);
    });
}

describe('service-account tokens', () => {
  test('the app Deployments of both modes mount no service-account token', () => {
    for (const spec of [
      MINIMAL_FLAGGER,
      FULL_MESH,
      withAutomation(`ghcr.io/acme/canary-kit-gate@${DIGEST}`),
    ]) {
      const pods = podSpecs(synthesize(spec), 'Deployment');
      assert.ok(pods.length > 0);
      for (const pod of pods) assert.equal(pod.automountServiceAccountToken, false, spec.name);
    }
  });

  test('workload.security.automountServiceAccountToken: true mounts it, in both modes', () => {
    for (const spec of [MINIMAL_FLAGGER, FULL_MESH]) {
      const optedIn = {
        ...spec,
        workload: { ...spec.workload, security: { automountServiceAccountToken: true } },
      };
      for (const pod of podSpecs(synthesize(optedIn), 'Deployment'))
        assert.equal(pod.automountServiceAccountToken, true);
    }
  });

  test('the gate CronJob keeps its token (it patches the VirtualService with it)', () => {
    const [gate] = podSpecs(synthesize(withAutomation(`ghcr.io/acme/canary-kit-gate@${DIGEST}`)), 'CronJob');
    assert.equal(gate.automountServiceAccountToken, true);
  });
});

describe('the gate image', () => {
  test('a digest reference is accepted, with or without a tag', () => {
    for (const image of [
      `ghcr.io/acme/canary-kit-gate@${DIGEST}`,
      `ghcr.io/acme/canary-kit-gate:0.1.0@${DIGEST}`,
    ])
      assert.deepEqual(
        validate(withAutomation(image)).filter((i) => i.path === 'automation.image'),
        [],
        image,
      );
  });

  test('a malformed digest is a spec error', () => {
    const issues = validate(withAutomation('ghcr.io/acme/canary-kit-gate@sha256:abc')).filter(
      (i) => i.path === 'automation.image',
    );
    assert.equal(issues.length, 1);
    assert.match(issues[0].message, /is not a valid image reference/);
  });

  test('a gate image pinned by tag only is a synth warning that says how to pin it', () => {
    const warnings = specWarnings(withAutomation('ghcr.io/acme/canary-kit-gate:0.1.0')).filter(
      (w) => w.path === 'automation.image',
    );
    assert.equal(warnings.length, 1);
    assert.match(warnings[0].message, /pinned by tag only/);
    assert.match(warnings[0].message, /ghcr\.io\/acme\/canary-kit-gate:0\.1\.0@sha256:<digest>/);
    assert.deepEqual(
      specWarnings(withAutomation(`ghcr.io/acme/canary-kit-gate:0.1.0@${DIGEST}`)).filter(
        (w) => w.path === 'automation.image',
      ),
      [],
    );
  });
});
