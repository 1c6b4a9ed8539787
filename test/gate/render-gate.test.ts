import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import {
  CanaryServiceSpec,
  KubeManifest,
  resolvePlan,
  synthesize,
  synthesizeResources,
  toYaml,
  validate,
} from '../../lib';
import { validateManifests } from '../../lib/validate/validate-manifests';
import { meshSpec } from './support/specs';

const AUTOMATION = {
  image: 'ghcr.io/acme/canary-kit-gate:0.1.0',
  schedule: '*/2 * * * *',
  failuresBeforeRollback: 2,
};
const SPEC: CanaryServiceSpec = meshSpec('checkout', { automation: AUTOMATION });

function byKind(manifests: readonly KubeManifest[], kind: string): KubeManifest {
  const found = manifests.filter((m) => m.kind === kind && m.metadata.name.includes('gate'));
  assert.equal(found.length, 1, `one gate ${kind}`);
  return found[0];
}

type Json = Record<string, unknown>;
const at = (value: unknown, ...path: Array<string | number>): unknown =>
  path.reduce<unknown>((node, key) => (node as Json | undefined)?.[key as string], value);

describe('gate rendering (mesh mode with automation)', () => {
  const manifests = synthesize(SPEC);

  test('adds five objects at the end, with their public ids', () => {
    const resources = synthesizeResources(SPEC);
    assert.deepEqual(
      resources.slice(-5).map((r) => [r.id, r.manifest.kind, r.manifest.metadata.name]),
      [
        ['gate-service-account', 'ServiceAccount', 'checkout-gate'],
        ['gate-role', 'Role', 'checkout-gate'],
        ['gate-role-binding', 'RoleBinding', 'checkout-gate'],
        ['gate-spec', 'ConfigMap', 'checkout-gate-spec'],
        ['gate-cron-job', 'CronJob', 'checkout-gate'],
      ],
    );
    const ids = new Set(resources.map((r) => r.id));
    for (const resource of resources)
      for (const dependency of resource.dependsOn) assert.ok(ids.has(dependency), dependency);
  });

  test('the Role is exactly get+patch on the one VirtualService, get on its two Deployments and patch on the canary scale', () => {
    const role = byKind(manifests, 'Role');
    const virtualService = manifests.find((m) => m.kind === 'VirtualService');
    const deployments = manifests.filter((m) => m.kind === 'Deployment').map((m) => m.metadata.name);
    assert.deepEqual(role.rules, [
      {
        apiGroups: ['networking.istio.io'],
        resourceNames: [virtualService?.metadata.name],
        resources: ['virtualservices'],
        verbs: ['get', 'patch'],
      },
      { apiGroups: ['apps'], resourceNames: deployments, resources: ['deployments'], verbs: ['get'] },
      {
        apiGroups: ['apps'],
        resourceNames: ['checkout-canary'],
        resources: ['deployments/scale'],
        verbs: ['patch'],
      },
    ]);
    assert.deepEqual(deployments, ['checkout-stable', 'checkout-canary']);
    assert.doesNotMatch(JSON.stringify(role), /\*/);
  });

  test('the RoleBinding binds the ServiceAccount to the Role, in the namespace', () => {
    const binding = byKind(manifests, 'RoleBinding');
    assert.deepEqual(binding.roleRef, {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'checkout-gate',
    });
    assert.deepEqual(binding.subjects, [
      { kind: 'ServiceAccount', name: 'checkout-gate', namespace: 'shop' },
    ]);
    assert.equal(byKind(manifests, 'ServiceAccount').metadata.namespace, 'shop');
  });

  test('the CronJob runs the gate in-cluster on the schedule, one run at a time, never retried', () => {
    const cron = byKind(manifests, 'CronJob');
    assert.equal(at(cron, 'spec', 'schedule'), '*/2 * * * *');
    assert.equal(at(cron, 'spec', 'concurrencyPolicy'), 'Forbid');
    const job = at(cron, 'spec', 'jobTemplate', 'spec') as Json;
    assert.equal(job.backoffLimit, 0);
    assert.equal(job.activeDeadlineSeconds, 120);
    const pod = at(job, 'template', 'spec') as Json;
    assert.equal(pod.serviceAccountName, 'checkout-gate');
    assert.equal(pod.restartPolicy, 'Never');
    assert.equal(at(job, 'template', 'metadata', 'annotations', 'sidecar.istio.io/inject'), 'false');
    const [container] = pod.containers as Json[];
    assert.equal(container.image, AUTOMATION.image);
    assert.deepEqual(container.args, [
      'gate',
      '--spec',
      '/config/spec.yaml',
      '--prometheus',
      'http://prometheus.istio-system:9090',
      '--apply',
      'in-cluster',
      '--format',
      'json',
    ]);
    assert.deepEqual(pod.volumes, [
      { name: 'spec', configMap: { name: 'checkout-gate-spec' } },
      { name: 'tmp', emptyDir: {} },
    ]);
    assert.deepEqual(at(container, 'env', 0, 'valueFrom', 'secretKeyRef'), {
      name: 'checkout-gate-notifications',
      key: 'slack-webhook-url',
      optional: true,
    });
  });

  test('the gate pod is restricted like the Deployments', () => {
    const pod = at(byKind(manifests, 'CronJob'), 'spec', 'jobTemplate', 'spec', 'template', 'spec') as Json;
    const deployment = manifests.find((m) => m.kind === 'Deployment') as KubeManifest;
    const appPod = at(deployment, 'spec', 'template', 'spec') as Json;
    assert.deepEqual(
      at(pod, 'containers', 0, 'securityContext'),
      at(appPod, 'containers', 0, 'securityContext'),
    );
    assert.deepEqual(at(pod, 'securityContext', 'seccompProfile'), { type: 'RuntimeDefault' });
    assert.equal(at(pod, 'securityContext', 'runAsNonRoot'), true);
  });

  test('the ConfigMap holds a valid spec with the same SLO, stages and automation, and no position', () => {
    const text = (byKind(manifests, 'ConfigMap').data as Record<string, string>)['spec.yaml'];
    const gateSpec = parse(text) as CanaryServiceSpec;
    assert.deepEqual(validate(gateSpec), []);
    const original = resolvePlan(SPEC);
    const rebuilt = resolvePlan(gateSpec);
    assert.deepEqual(rebuilt.slo, original.slo);
    assert.deepEqual(rebuilt.traffic.stages, original.traffic.stages);
    assert.deepEqual(rebuilt.automation, original.automation);
    assert.deepEqual(rebuilt.names.name, original.names.name);
    assert.equal(gateSpec.traffic?.stage, undefined);
    assert.equal(gateSpec.traffic?.canaryWeight, undefined);
    // A stage change in git leaves the ConfigMap as it was.
    const other = synthesize({ ...SPEC, traffic: { ...SPEC.traffic, stage: 'half' } });
    assert.deepEqual(byKind(other, 'ConfigMap'), byKind(manifests, 'ConfigMap'));
  });

  test('every gate object is valid against the Kubernetes schemas', () => {
    const gate = manifests.filter((m) => m.metadata.name.startsWith('checkout-gate'));
    assert.equal(gate.length, 5);
    assert.deepEqual(validateManifests(gate), []);
  });

  test('same spec, same bytes', () => {
    assert.equal(
      toYaml(synthesize(SPEC)),
      toYaml(synthesize(JSON.parse(JSON.stringify(SPEC)) as CanaryServiceSpec)),
    );
  });

  test('nothing is rendered without automation', () => {
    assert.equal(synthesize(meshSpec()).filter((m) => m.metadata.name.includes('-gate')).length, 0);
  });

  test('a long service name still gives a CronJob name of at most 52 characters', () => {
    const name = `checkout-${'x'.repeat(46)}`;
    assert.equal(name.length, 55);
    const cron = byKind(synthesize(meshSpec(name, { automation: AUTOMATION })), 'CronJob');
    assert.ok(cron.metadata.name.length <= 52, cron.metadata.name);
    assert.match(cron.metadata.name, /^checkout-x+-[0-9a-f]{8}-gate$/);
  });

  test('a mutable image allowed by the spec is allowed in the gate spec too', () => {
    const spec = meshSpec('checkout', {
      workload: { image: 'ghcr.io/acme/checkout:latest', allowMutableImageTag: true },
      automation: AUTOMATION,
    });
    const text = (byKind(synthesize(spec), 'ConfigMap').data as Record<string, string>)['spec.yaml'];
    assert.deepEqual(validate(parse(text)), []);
  });
});
