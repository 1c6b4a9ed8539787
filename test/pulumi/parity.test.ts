import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as pulumi from '@pulumi/pulumi';
import { Chart, Testing } from 'cdk8s';
import {
  CanaryServiceSpec,
  CanarySpecError,
  KubeManifest,
  RoutingMode,
  sortManifests,
  validate,
} from '../../lib';
import { CanaryService as Cdk8sCanaryService } from '../../lib/cdk8s';
import type * as PulumiAdapter from '../../lib/pulumi';
import * as fixtures from '../fixtures/specs';
import { MockRecorder, productManifestOf } from './support/mock-recorder';
import { MESH, MESH_AUTOSCALED } from './support/specs';
import { stackConfig, STACKS } from './support/stack-files';

/** Every exported spec constant of the fixtures (builders and helpers are skipped). */
function fixtureSpecs(): Array<[string, CanaryServiceSpec]> {
  return Object.entries(fixtures).filter(
    (entry): entry is [string, CanaryServiceSpec] =>
      entry[1] !== null && typeof entry[1] === 'object' && 'name' in entry[1] && 'workload' in entry[1],
  );
}

/** The spec of a shipped stack file, with the provider's namespace filled in as the program does. */
function stackSpec(stack: string): CanaryServiceSpec {
  const config = stackConfig(stack);
  const spec = config['canary-kit:service'] as CanaryServiceSpec;
  const kubernetes = config['canary-kit:kubernetes'] as { namespace?: string } | undefined;
  return { namespace: kubernetes?.namespace, ...spec };
}

/** One spec in one mode: as written, and with the other mode. */
interface Variant {
  readonly label: string;
  readonly spec: CanaryServiceSpec;
  /** Whether the core accepts the spec in this mode (a flagger-only spec is invalid in mesh mode). */
  readonly valid: boolean;
}

function variants(): Variant[] {
  const specs: Array<[string, CanaryServiceSpec]> = [
    ...fixtureSpecs(),
    ...STACKS.map((stack): [string, CanaryServiceSpec] => [`Pulumi.${stack}.yaml`, stackSpec(stack)]),
    ['the gate spec', MESH],
    ['the autoscaled mesh spec', MESH_AUTOSCALED],
  ];
  return specs.flatMap(([label, spec]) =>
    (['flagger', 'mesh'] as RoutingMode[]).map((mode) => {
      const variant = { ...spec, mode };
      return { label: `${label} in ${mode} mode`, spec: variant, valid: validate(variant).length === 0 };
    }),
  );
}

function cdk8sManifests(spec: CanaryServiceSpec): KubeManifest[] {
  const chart = new Chart(Testing.app(), 'parity');
  new Cdk8sCanaryService(chart, 'svc', spec);
  return Testing.synth(chart) as KubeManifest[];
}

/** The core's error for a spec it rejects, to compare both adapters' messages with. */
function coreError(spec: CanaryServiceSpec): string {
  const issues = validate(spec);
  assert.ok(issues.length > 0);
  return new CanarySpecError(spec.name, issues).message;
}

describe('Pulumi CanaryService parity with the cdk8s construct', () => {
  let adapter: typeof PulumiAdapter;
  let recorder: MockRecorder;
  const all = variants();
  /** Component name by variant, for the valid ones. */
  const created = new Map<string, string>();
  const rejected = new Map<string, unknown>();

  before(async () => {
    recorder = await new MockRecorder().install('canary-kit', 'parity');
    adapter = await import('../../lib/pulumi');
    all.forEach(({ label, spec }, index) => {
      try {
        new adapter.CanaryService(`svc${index}`, spec);
        created.set(label, `svc${index}`);
      } catch (error) {
        rejected.set(label, error);
      }
    });
    await recorder.finish();
  });

  test('covers every fixture spec, and each mode with at least two valid specs', () => {
    assert.ok(
      fixtureSpecs().length >= 3,
      'the fixtures export at least MINIMAL_FLAGGER, FULL_FLAGGER, FULL_MESH',
    );
    for (const mode of ['flagger', 'mesh']) {
      const valid = all.filter((v) => v.spec.mode === mode && v.valid);
      assert.ok(
        valid.length >= 2,
        `at least two valid ${mode} specs, got ${valid.map((v) => v.label).join(', ')}`,
      );
    }
  });

  for (const { label, spec } of all.filter((v) => v.valid)) {
    test(`${label}: the registered manifests equal the cdk8s synth, field for field`, () => {
      const name = created.get(label);
      assert.ok(name, `the component rejected a valid spec: ${String(rejected.get(label))}`);
      const component = recorder.byName(name);
      assert.equal(component.type, adapter.CANARY_SERVICE_TYPE);
      const children = recorder.childrenOf(component.urn);
      assert.ok(children.length > 0, 'the mocks saw the children');
      assert.deepEqual(sortManifests(children.map(productManifestOf)), sortManifests(cdk8sManifests(spec)));
    });
  }

  for (const { label, spec } of all.filter((v) => !v.valid)) {
    test(`${label}: both adapters reject it with the core's message`, () => {
      assert.equal(created.get(label), undefined);
      const error = rejected.get(label);
      assert.ok(error instanceof pulumi.ResourceError, `expected a ResourceError, got ${String(error)}`);
      assert.equal(error.message, coreError(spec));
      assert.throws(
        () => cdk8sManifests(spec),
        (e: Error) => e instanceof CanarySpecError && e.message === coreError(spec),
      );
    });
  }
});
