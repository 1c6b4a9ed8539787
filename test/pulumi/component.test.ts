import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { CanaryServiceSpec, synthesizeResources } from '../../lib';
import type * as PulumiAdapter from '../../lib/pulumi';
import { FULL_FLAGGER, MINIMAL_FLAGGER } from '../fixtures/specs';
import { MESH, MESH_AUTOSCALED } from './support/specs';
import { manifestOf, MockRecorder, Registration } from './support/mock-recorder';
import { outputValue } from './support/output-value';
import { coreMessage } from './support/core-message';

/** `flagger` mode over a Deployment that canary-kit does not render. */
const EXISTING_DEPLOYMENT: CanaryServiceSpec = {
  ...MINIMAL_FLAGGER,
  workload: { existingDeployment: 'checkout' },
};
/** Invalid twice over: a canary share without `promoting`, and a mutable image tag. */
const BAD: CanaryServiceSpec = {
  ...MINIMAL_FLAGGER,
  mode: 'mesh',
  workload: { image: 'ghcr.io/acme/checkout:latest' },
  traffic: { canaryWeight: 99 },
};

describe('Pulumi CanaryService component', () => {
  let adapter: typeof PulumiAdapter;
  let recorder: MockRecorder;
  const services: Record<string, PulumiAdapter.CanaryService> = {};
  let provider: k8s.Provider;
  let badError: unknown;

  before(async () => {
    recorder = await new MockRecorder().install('canary-kit', 'component');
    adapter = await import('../../lib/pulumi');
    provider = new k8s.Provider('cluster', { context: 'kind-test' });
    services.flagger = new adapter.CanaryService('full-flagger', FULL_FLAGGER, {
      provider,
      ignoreChanges: ['spec'],
    });
    services.mesh = new adapter.CanaryService('mesh', MESH, {
      providers: { kubernetes: provider },
    });
    services.autoscaled = new adapter.CanaryService('mesh-autoscaled', MESH_AUTOSCALED);
    services.existing = new adapter.CanaryService('existing', EXISTING_DEPLOYMENT);
    try {
      new adapter.CanaryService('bad', BAD);
    } catch (error) {
      badError = error;
    }
    await recorder.finish();
  });

  function children(name: string): Registration[] {
    const component = recorder.byName(name);
    assert.equal(component.type, 'canary-kit:index:CanaryService');
    assert.equal(component.custom, false);
    return recorder.childrenOf(component.urn);
  }

  test('creates one child per core resource, named `${name}-${id}`, with the kind as type token', () => {
    for (const [name, spec] of [
      ['full-flagger', FULL_FLAGGER],
      ['mesh', MESH],
    ] as const) {
      const rendered = synthesizeResources(spec);
      const registered = children(name);
      assert.deepEqual(registered.map((r) => r.name).sort(), rendered.map((r) => `${name}-${r.id}`).sort());
      for (const { id, manifest } of rendered) {
        const child = recorder.byName(`${name}-${id}`);
        const group = manifest.apiVersion.includes('/') ? manifest.apiVersion : `core/${manifest.apiVersion}`;
        assert.equal(child.type, `kubernetes:${group}:${manifest.kind}`);
        assert.equal(child.custom, true);
        assert.equal(manifestOf(child).metadata.name, manifest.metadata.name, `${id} keeps the core's name`);
      }
    }
  });

  test('uses the typed class for built-in kinds and CustomResource for CRD kinds', () => {
    const expected: Array<[PulumiAdapter.CanaryService, string, abstract new (...args: never[]) => unknown]> =
      [
        [services.flagger, 'deployment', k8s.apps.v1.Deployment],
        [services.flagger, 'autoscaler', k8s.autoscaling.v2.HorizontalPodAutoscaler],
        [services.flagger, 'dashboard', k8s.core.v1.ConfigMap],
        [services.mesh, 'service', k8s.core.v1.Service],
        [services.flagger, 'canary', k8s.apiextensions.CustomResource],
        [services.flagger, 'metric-template-success-rate', k8s.apiextensions.CustomResource],
        [services.flagger, 'root-virtual-service', k8s.apiextensions.CustomResource],
        [services.flagger, 'prometheus-rule', k8s.apiextensions.CustomResource],
        [services.mesh, 'destination-rule', k8s.apiextensions.CustomResource],
        [services.mesh, 'gate-service-account', k8s.core.v1.ServiceAccount],
        [services.mesh, 'gate-role', k8s.rbac.v1.Role],
        [services.mesh, 'gate-role-binding', k8s.rbac.v1.RoleBinding],
        [services.mesh, 'gate-spec', k8s.core.v1.ConfigMap],
        [services.mesh, 'gate-cron-job', k8s.batch.v1.CronJob],
      ];
    for (const [service, id, type] of expected) {
      assert.ok(service.resource(id) instanceof type, `${id} is a ${type.name}`);
    }
    assert.ok(!(services.flagger.resource('deployment') instanceof k8s.apiextensions.CustomResource));
  });

  test('passes the core dependencies as dependsOn', () => {
    for (const [name, spec] of [
      ['full-flagger', FULL_FLAGGER],
      ['mesh', MESH],
    ] as const) {
      for (const { id, dependsOn } of synthesizeResources(spec)) {
        const expected = dependsOn.map((dependency) => `${name}-${dependency}`).sort();
        assert.deepEqual([...recorder.byName(`${name}-${id}`).dependsOn].sort(), expected, id);
      }
    }
    assert.deepEqual([...recorder.byName('full-flagger-canary').dependsOn].sort(), [
      'full-flagger-autoscaler',
      'full-flagger-deployment',
      'full-flagger-metric-template-latency-p99',
      'full-flagger-metric-template-latency-ratio',
      'full-flagger-metric-template-success-rate',
    ]);
  });

  test("ignores spec.replicas on Flagger's target and on a Deployment an autoscaler scales, nothing else", () => {
    const ignored = (name: string) =>
      Object.fromEntries(
        children(name)
          .filter((r) => r.ignoreChanges.length > 0)
          .map((r) => [r.name, r.ignoreChanges]),
      );
    assert.deepEqual(ignored('full-flagger'), { 'full-flagger-deployment': ['spec.replicas'] });
    assert.deepEqual(ignored('mesh-autoscaled'), {
      'mesh-autoscaled-deployment-stable': ['spec.replicas'],
      // canaryScaling defaults to autoscaler with workload.autoscaling: the canary has its own.
      'mesh-autoscaled-deployment-canary': ['spec.replicas'],
    });
    assert.deepEqual(ignored('existing'), {}, 'an existing Deployment is not ours to ignore');
  });

  test('with the in-cluster gate, ignores the weights it patches and the canary replicas it scales, nothing else', () => {
    const ignored = children('mesh').filter((r) => r.ignoreChanges.length > 0);
    assert.deepEqual(
      ignored.map((r) => r.name),
      ['mesh-deployment-canary', 'mesh-virtual-service'],
    );
    assert.deepEqual(ignored[0].ignoreChanges, ['spec.replicas']);
    const virtualService = manifestOf(ignored[1]);
    const http = (virtualService.spec as { http: Array<{ name?: string; route?: unknown[] }> }).http;
    const index = http.findIndex((route) => route.name === 'default');
    assert.ok(index > 0, 'the dark-launch route comes first, so the index is not trivially 0');
    assert.deepEqual(ignored[1].ignoreChanges, [
      `spec.http[${index}].route[0].weight`,
      `spec.http[${index}].route[1].weight`,
    ]);
    const weights = (http[index].route as Array<{ destination: { subset: string }; weight: number }>).map(
      (destination) => [destination.destination.subset, destination.weight],
    );
    assert.deepEqual(weights, [
      ['stable', 99],
      ['canary', 1],
    ]);
  });

  test('children get only the provider, through the parent; other options stay on the component', () => {
    const providerRegistration = recorder.byName('cluster');
    assert.equal(providerRegistration.type, 'pulumi:providers:kubernetes');
    const reference = `${providerRegistration.urn}::cluster-id`;
    for (const name of ['full-flagger', 'mesh']) {
      const registered = children(name);
      assert.ok(registered.length > 0);
      for (const child of registered) {
        assert.equal(child.provider, reference, `${child.name} uses the given provider`);
        assert.ok(
          !child.ignoreChanges.includes('spec'),
          `${child.name} did not inherit the component's ignoreChanges`,
        );
      }
    }
    assert.deepEqual(recorder.byName('full-flagger').ignoreChanges, ['spec']);
    for (const child of children('mesh-autoscaled')) {
      assert.ok(!child.provider.startsWith(providerRegistration.urn), 'no provider given: the default one');
    }
  });

  test('a spec error is a ResourceError with the core message, raised before any child exists', () => {
    assert.ok(badError instanceof pulumi.ResourceError);
    assert.equal(badError.message, coreMessage(BAD));
    assert.match(badError.message, /\(2 problems\)/);
    assert.equal(badError.hideStack, true, 'the message says it all: no stack trace');
    assert.deepEqual(children('bad'), []);
    assert.equal(
      recorder.registrations.filter((r) => r.name.startsWith('bad-')).length,
      0,
      'no child was registered at all',
    );
  });

  test('registers the names, hosts, mode and ids as outputs', () => {
    assert.deepEqual(recorder.outputsOf('full-flagger'), {
      mode: 'flagger',
      namespace: 'shop',
      apexServiceName: 'checkout',
      host: 'checkout.shop.svc.cluster.local',
      canaryHost: 'checkout-canary.shop.svc.cluster.local',
      objectNames: Object.fromEntries(
        synthesizeResources(FULL_FLAGGER).map((r) => [
          r.id,
          `${r.manifest.kind} shop/${r.manifest.metadata.name}`,
        ]),
      ),
      resourceIds: synthesizeResources(FULL_FLAGGER).map((r) => r.id),
    });
    const mesh = recorder.outputsOf('mesh');
    assert.equal(mesh.mode, 'mesh');
    assert.equal(mesh.canaryHost, undefined, 'mesh mode has no canary-only Service');
    assert.deepEqual(
      mesh.resourceIds,
      synthesizeResources(MESH).map((r) => r.id),
    );
  });

  test('exposes the names and hosts as outputs of the component', async () => {
    assert.equal(
      (await outputValue(services.mesh.objectNames))['virtual-service'],
      'VirtualService shop/ledger',
    );
    assert.equal(await outputValue(services.flagger.namespace), 'shop');
    assert.equal(await outputValue(services.flagger.host), 'checkout.shop.svc.cluster.local');
    assert.equal(await outputValue(services.flagger.canaryHost), 'checkout-canary.shop.svc.cluster.local');
    assert.equal(await outputValue(services.mesh.canaryHost), undefined);
    assert.equal(services.flagger.mode, 'flagger');
    assert.equal(services.flagger.apexServiceName, 'checkout');
  });

  test('resource(id) names the ids it has when asked for another', () => {
    assert.throws(
      () => services.mesh.resource('canary'),
      /CanaryService has no resource 'canary'. It has: deployment-stable, deployment-canary, service,/,
    );
  });

  test('an unmapped built-in kind fails loudly, naming the table to extend', async () => {
    const { createKubeResource } = await import('../../lib/pulumi/kube-resource');
    const pdb = {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'checkout', namespace: 'shop' },
    };
    assert.throws(
      () => createKubeResource('checkout-pdb', pdb, { metadata: pdb.metadata }, {}),
      /no typed resource for policy\/v1 PodDisruptionBudget \(PodDisruptionBudget shop\/checkout\)\. Add 'policy\/v1 PodDisruptionBudget' to TYPED_KINDS/,
    );
  });
  test('only an object whose atomic list a controller writes into is applied with force', () => {
    // The mesh VirtualService with the gate: the gate owns weights inside spec.http (an atomic list),
    // which pulumi-kubernetes cannot leave out of its apply (lib/pulumi/force-apply.ts).
    const forced = (name: string) =>
      children(name)
        .filter((c) => (manifestOf(c).metadata.annotations ?? {})['pulumi.com/patchForce'] === 'true')
        .map((c) => c.name);
    assert.deepEqual(forced('mesh'), ['mesh-virtual-service']);
    assert.deepEqual(forced('mesh-autoscaled'), [], 'no gate: nobody else writes the routes');
    assert.deepEqual(forced('full-flagger'), [], 'Flagger owns no field inside a list of ours');
  });
});
