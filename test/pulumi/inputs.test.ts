import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { synthesizeResources } from '../../lib';
import type * as PulumiAdapter from '../../lib/pulumi';
import { FULL_FLAGGER, MINIMAL_FLAGGER } from '../fixtures/specs';
import { MESH } from './support/specs';
import { MockRecorder, productManifestOf } from './support/mock-recorder';
import { outputValue, unhandledRejections } from './support/output-value';
import { coreMessage } from './support/core-message';

/** A mutable tag, which the core rejects, arriving as another resource's output. */
const LATEST = 'ghcr.io/acme/checkout:latest';

describe('Pulumi CanaryService with Pulumi inputs', () => {
  let adapter: typeof PulumiAdapter;
  let recorder: MockRecorder;
  const services: Record<string, PulumiAdapter.CanaryService> = {};
  const thrown: Record<string, unknown> = {};
  let rejections: unknown[] = [];

  before(async () => {
    recorder = await new MockRecorder().install('canary-kit', 'inputs');
    adapter = await import('../../lib/pulumi');
    // Another resource whose outputs carry the values, as a build step or a Namespace would.
    const build = new k8s.core.v1.ConfigMap('build', {
      metadata: { name: 'build', namespace: 'ci' },
      data: {
        image: 'ghcr.io/acme/ledger:2.3.0',
        canaryImage: 'ghcr.io/acme/ledger:2.4.0',
        gateImage: 'ghcr.io/acme/canary-kit-gate:0.1.0',
        namespace: 'shop',
        host: 'ledger.example.com',
        latest: LATEST,
      },
    });
    const built = (key: string): pulumi.Output<string> => build.data.apply((data) => data[key] as string);
    const attempt = (key: string, create: () => PulumiAdapter.CanaryService): void => {
      try {
        services[key] = create();
      } catch (error) {
        thrown[key] = error;
      }
    };
    rejections = await unhandledRejections(async () => {
      attempt(
        'mesh',
        () =>
          new adapter.CanaryService('mesh-from-outputs', {
            ...MESH,
            namespace: built('namespace'),
            workload: { ...MESH.workload, image: built('image'), canaryImage: built('canaryImage') },
            service: { ...MESH.service, hosts: [built('host')] },
            automation: { image: built('gateImage') },
          }),
      );
      attempt(
        'flagger',
        () =>
          new adapter.CanaryService('flagger-from-promises', {
            ...FULL_FLAGGER,
            workload: {
              ...FULL_FLAGGER.workload,
              image: Promise.resolve(FULL_FLAGGER.workload.image as string),
            },
            service: {
              ...FULL_FLAGGER.service,
              hosts: pulumi.output([...(FULL_FLAGGER.service?.hosts ?? [])]),
            },
          }),
      );
      attempt(
        'bad-resolved',
        () =>
          new adapter.CanaryService('bad-resolved', {
            ...MINIMAL_FLAGGER,
            workload: { image: built('latest') },
          }),
      );
      attempt(
        'misplaced',
        () =>
          new adapter.CanaryService('misplaced', {
            ...MINIMAL_FLAGGER,
            workload: { image: built('image'), replicas: pulumi.output(3) as unknown as number },
          }),
      );
      attempt(
        'bad-plain',
        () =>
          new adapter.CanaryService('bad-plain', {
            ...MINIMAL_FLAGGER,
            mode: 'mesh',
            workload: { image: built('latest') },
            traffic: { canaryWeight: 99 },
          }),
      );
      await recorder.finish().catch(() => undefined);
    });
  });

  /** The manifests registered under the component `name`, by child name. */
  function registered(name: string): Record<string, unknown> {
    const component = recorder.byName(name);
    return Object.fromEntries(recorder.childrenOf(component.urn).map((c) => [c.name, productManifestOf(c)]));
  }

  test('an image, canary image, gate image, namespace and host from outputs give the plain spec’s objects', async () => {
    assert.ok(services.mesh, String(thrown.mesh));
    const expected = synthesizeResources(MESH);
    assert.deepEqual(
      registered('mesh-from-outputs'),
      Object.fromEntries(expected.map((r) => [`mesh-from-outputs-${r.id}`, r.manifest])),
    );
    for (const { id, dependsOn, controllerOwned = [] } of expected) {
      const child = recorder.byName(`mesh-from-outputs-${id}`);
      assert.deepEqual(
        [...child.dependsOn].sort(),
        ['build', ...dependsOn.map((d) => `mesh-from-outputs-${d}`)].sort(),
        `${id}: the core's dependencies, and the resource its inputs come from`,
      );
      assert.deepEqual(child.ignoreChanges, [...new Set(controllerOwned.map((f) => f.path))]);
    }
    assert.equal(await outputValue(services.mesh.namespace), 'shop');
    assert.equal(await outputValue(services.mesh.host), 'ledger.shop.svc.cluster.local');
  });

  test('a promised image and a whole hosts list as one output work too', () => {
    assert.ok(services.flagger, String(thrown.flagger));
    assert.deepEqual(
      registered('flagger-from-promises'),
      Object.fromEntries(
        synthesizeResources(FULL_FLAGGER).map((r) => [`flagger-from-promises-${r.id}`, r.manifest]),
      ),
    );
  });

  test("an invalid resolved value fails with the core's message, and no child reaches the engine", () => {
    const expected = coreMessage({ ...MINIMAL_FLAGGER, workload: { image: LATEST } });
    const errors = [...new Set(rejections)].filter((e) => e instanceof Error && e.message === expected);
    assert.equal(
      errors.length,
      1,
      `one error with the core's message; got: ${rejections.map(String).join('\n')}`,
    );
    const [error] = errors;
    assert.ok(error instanceof pulumi.ResourceError);
    assert.equal(error.hideStack, true);
    assert.match(error.message, /workload\.image: 'ghcr\.io\/acme\/checkout:latest' /);
    assert.doesNotMatch(rejections.map(String).join('\n'), /toJSON/);
    assert.deepEqual(registered('bad-resolved'), {});
  });

  test('an Output in a field that takes no input is named, never serialized', () => {
    const error = thrown.misplaced;
    assert.ok(error instanceof pulumi.ResourceError, String(error));
    assert.equal(
      error.message,
      "Invalid CanaryService spec 'checkout' (1 problem):\n" +
        "  - workload.replicas: 'pulumi.Output' is not accepted here: only namespace, workload.image, " +
        'workload.canaryImage, service.hosts, automation.image take Pulumi inputs. Pass a plain value.',
    );
    assert.deepEqual(registered('misplaced'), {});
  });

  test('problems in plain values are reported at once, before the inputs resolve and before any child', () => {
    const error = thrown['bad-plain'];
    assert.ok(error instanceof pulumi.ResourceError, String(error));
    const plain = coreMessage({ ...MINIMAL_FLAGGER, mode: 'mesh', traffic: { canaryWeight: 99 } });
    assert.equal(error.message, plain, 'only the plain problems: the image is checked once it resolves');
    assert.deepEqual(registered('bad-plain'), {});
  });
});
