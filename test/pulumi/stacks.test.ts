import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import * as pulumi from '@pulumi/pulumi';
import { CanaryServiceSpec, KubeManifest, sortManifests, synthesizeResources } from '../../lib';
import { ROLLBACK_WITHIN_ANNOTATION } from '../../lib/core/annotations';
import { manifestOf } from './support/mock-recorder';
import { runStack, StackRun } from './support/run-stack';
import { outputValue } from './support/output-value';
import { projectFile, stackConfig, StackName, STACKS } from './support/stack-files';
import { coreMessage } from './support/core-message';

/** The provider settings of a stack file. */
function kubernetesOf(config: Record<string, unknown>): { context?: string; namespace?: string } {
  return (config['canary-kit:kubernetes'] ?? {}) as { context?: string; namespace?: string };
}

/** The spec a stack deploys: its `canary-kit:service`, in the provider's namespace. */
function specOf(config: Record<string, unknown>): CanaryServiceSpec {
  return {
    namespace: kubernetesOf(config).namespace,
    ...(config['canary-kit:service'] as CanaryServiceSpec),
  };
}

/** A copy of a stack's config with `canary-kit:service` changed by `edit`. */
function withService(
  stack: StackName,
  edit: (service: Record<string, unknown>) => Record<string, unknown>,
): Record<string, unknown> {
  const config = stackConfig(stack);
  return {
    ...config,
    'canary-kit:service': edit(structuredClone(config['canary-kit:service']) as Record<string, unknown>),
  };
}

function manifests(run: StackRun): KubeManifest[] {
  const component = run.recorder.byName('checkout');
  return run.recorder.childrenOf(component.urn).map(manifestOf);
}

function find(run: StackRun, kind: string): KubeManifest | undefined {
  return manifests(run).find((m) => m.kind === kind);
}

describe('Pulumi project and stacks', () => {
  const runs = new Map<StackName, StackRun>();
  const run = (stack: StackName): StackRun => {
    const found = runs.get(stack);
    assert.ok(found, `stack ${stack} did not run`);
    assert.equal(found.error, undefined, `stack ${stack} failed: ${String(found.error)}`);
    return found;
  };

  before(async () => {
    for (const stack of STACKS) runs.set(stack, await runStack(stack));
  });

  test('Pulumi.yaml runs the TypeScript program in stacks/pulumi/', () => {
    const project = projectFile();
    assert.equal(project.name, 'canary-kit');
    assert.deepEqual(project.runtime, { name: 'nodejs', options: { typescript: true } });
    assert.equal(project.main, 'stacks/pulumi/');
    assert.ok(existsSync(path.resolve(process.cwd(), project.main, 'index.ts')));
  });

  for (const stack of STACKS) {
    test(`${stack}: registers the provider and every object of Pulumi.${stack}.yaml, with options`, async () => {
      const { recorder, outputs } = run(stack);
      const config = stackConfig(stack);
      const kubernetes = kubernetesOf(config);
      const spec = specOf(config);

      const provider = recorder.byName('kubernetes');
      assert.equal(provider.type, 'pulumi:providers:kubernetes');
      assert.equal(provider.inputs.context, kubernetes.context);
      assert.equal(provider.inputs.namespace, kubernetes.namespace);
      assert.equal(provider.inputs.renderYamlToDirectory, undefined);

      const component = recorder.byName('checkout');
      assert.equal(component.type, 'canary-kit:index:CanaryService');
      const children = recorder.childrenOf(component.urn);
      const rendered = synthesizeResources(spec);
      assert.equal(children.length, rendered.length);
      for (const { id, dependsOn, manifest } of rendered) {
        const child = recorder.byName(`checkout-${id}`);
        assert.equal(child.parent, component.urn);
        assert.equal(child.provider, `${provider.urn}::kubernetes-id`, `${id} uses the stack's provider`);
        assert.match(child.type, new RegExp(`:${manifest.kind}$`));
        assert.deepEqual([...child.dependsOn].sort(), dependsOn.map((d) => `checkout-${d}`).sort(), id);
        assert.equal(
          manifestOf(child).metadata.namespace,
          kubernetes.namespace,
          `${id} is in the stack's namespace`,
        );
      }
      assert.deepEqual(
        sortManifests(children.map(manifestOf)),
        sortManifests(rendered.map((r) => r.manifest)),
      );

      const ignored = Object.fromEntries(
        children.filter((c) => c.ignoreChanges.length > 0).map((c) => [c.name, c.ignoreChanges]),
      );
      const expectedIgnored = spec.mode === 'mesh' ? {} : { 'checkout-deployment': ['spec.replicas'] };
      assert.deepEqual(ignored, expectedIgnored);

      assert.equal(outputs?.mode, spec.mode);
      assert.ok(outputs);
      assert.equal(await outputValue(outputs.namespace), kubernetes.namespace);
      assert.equal(await outputValue(outputs.host), `checkout.${kubernetes.namespace}.svc.cluster.local`);
      assert.deepEqual(await outputValue(outputs.objectNames), recorder.outputsOf('checkout').objectNames);
    });
  }

  test('dev, staging and prod deploy different object sets', () => {
    const sets = STACKS.map((stack) =>
      manifests(run(stack))
        .map((m) => `${m.kind} ${m.metadata.name}`)
        .sort()
        .join(', '),
    );
    assert.equal(new Set(sets).size, STACKS.length, sets.join('\n'));
    assert.equal(find(run('dev'), 'Canary'), undefined, 'dev runs in mesh mode: no Flagger');
    assert.equal(find(run('dev'), 'PrometheusRule'), undefined, 'dev has no Prometheus operator');
    assert.ok(find(run('prod'), 'HorizontalPodAutoscaler'));
    assert.equal(find(run('staging'), 'HorizontalPodAutoscaler'), undefined);
  });

  test('prod has a stricter SLO, smaller first steps, longer intervals, more replicas and a rollback SLA', () => {
    type Analysis = {
      interval: string;
      stepWeight?: number;
      stepWeights?: number[];
      metrics: Array<{ name: string; thresholdRange: { min?: number; max?: number } }>;
      webhooks?: Array<{ type: string }>;
    };
    const analysis = (stack: StackName) =>
      (find(run(stack), 'Canary')?.spec as { analysis: Analysis }).analysis;
    const threshold = (stack: StackName, metric: string) =>
      analysis(stack).metrics.find((m) => m.name === metric)?.thresholdRange;
    const prod = analysis('prod');
    const staging = analysis('staging');

    assert.ok(threshold('prod', 'success-rate')!.min! > threshold('staging', 'success-rate')!.min!);
    assert.ok(threshold('prod', 'latency-p99')!.max! < threshold('staging', 'latency-p99')!.max!);
    assert.ok(prod.stepWeights![0] < staging.stepWeight!, 'prod starts with a smaller step');
    assert.ok(prod.stepWeights!.length > 50 / staging.stepWeight!, 'prod takes more steps to the same share');
    assert.equal(prod.interval, '2m');
    assert.equal(staging.interval, '1m');
    assert.ok(
      prod.webhooks?.some((w) => w.type === 'confirm-promotion'),
      'prod has a manual gate',
    );
    assert.ok(!staging.webhooks?.some((w) => w.type === 'confirm-promotion'));

    const minReplicas = (find(run('prod'), 'HorizontalPodAutoscaler')?.spec as { minReplicas: number })
      .minReplicas;
    const stagingReplicas = (find(run('staging'), 'Deployment')?.spec as { replicas: number }).replicas;
    const devReplicas = manifests(run('dev'))
      .filter((m) => m.kind === 'Deployment')
      .map((m) => (m.spec as { replicas: number }).replicas);
    assert.ok(minReplicas > stagingReplicas && devReplicas.every((r) => r < stagingReplicas));

    const rollbackWithin = (stack: StackName) =>
      find(run(stack), 'Canary')?.metadata.annotations?.[ROLLBACK_WITHIN_ANNOTATION];
    assert.equal(rollbackWithin('prod'), '10m');
    assert.equal(rollbackWithin('staging'), '15m');
  });

  test('a bad value in a stack file fails with the core message, and creates nothing', async () => {
    const config = withService('prod', (service) => ({
      ...service,
      slo: { ...(service.slo as object), successRatePercent: 120 },
      analysis: { ...(service.analysis as object), stepWeigth: 5 },
    }));
    const { error, recorder } = await runStack('prod', config);
    assert.ok(error instanceof pulumi.RunError, `expected a RunError, got ${String(error)}`);
    const message = coreMessage(specOf(config));
    assert.match(message, /slo\.successRatePercent: 120 /);
    assert.match(message, /analysis\.stepWeigth: 5 is not a known field\. Did you mean 'stepWeight'\?/);
    assert.equal(error.message, `Invalid stack config in Pulumi.prod.yaml:\ncanary-kit:service: ${message}`);
    assert.deepEqual(recorder.registrations, [], 'no provider and no component were created');
  });

  test('bad provider settings are reported with the spec problems, all at once', async () => {
    const config = {
      ...withService('staging', (service) => ({ ...service, namespace: 'shop', workload: { replicas: 2 } })),
      'canary-kit:kubernetes': { contxt: 'gke_acme', namespace: 'shop-staging', renderYamlToDirectory: '' },
    };
    const { error } = await runStack('staging', config);
    assert.ok(error instanceof pulumi.RunError);
    const lines = error.message.split('\n');
    assert.deepEqual(lines.slice(0, 4), [
      'Invalid stack config in Pulumi.staging.yaml:',
      "  - canary-kit:kubernetes.contxt: 'gke_acme' is not a known field. Known fields: context, namespace, renderYamlToDirectory.",
      "  - canary-kit:kubernetes.renderYamlToDirectory: '' must be a non-empty string.",
      "  - canary-kit:kubernetes.namespace: 'shop-staging' disagrees with canary-kit:service.namespace 'shop': every object is written to the spec's namespace. Set the namespace in one place only.",
    ]);
    assert.match(lines[4], /^canary-kit:service: Invalid CanaryService spec 'checkout' \(1 problem\):$/);
    assert.match(lines[5], /^ {2}- workload\.image: \(missing\) /);
  });

  test('a stack without a spec says which key to add', async () => {
    const { error } = await runStack('dev', { 'canary-kit:kubernetes': { context: 'kind-dev' } });
    assert.ok(error instanceof pulumi.RunError);
    assert.match(
      error.message,
      /^Pulumi\.dev\.yaml: config 'canary-kit:service' is missing\. Add the CanaryService spec/,
    );
  });

  test('renderYamlToDirectory reaches the provider, which then needs no context', async () => {
    const config = {
      ...stackConfig('dev'),
      'canary-kit:kubernetes': { renderYamlToDirectory: 'rendered/dev' },
    };
    const { error, outputs, recorder } = await runStack('dev', config);
    assert.equal(error, undefined);
    const provider = recorder.byName('kubernetes');
    assert.equal(provider.inputs.renderYamlToDirectory, 'rendered/dev');
    assert.equal(provider.inputs.context, undefined);
    assert.equal(outputs?.renderedTo, 'rendered/dev');
    assert.ok(outputs);
    assert.equal(
      await outputValue(outputs.namespace),
      'default',
      'without a namespace setting, the spec default applies',
    );
    assert.ok(recorder.childrenOf(recorder.byName('checkout').urn).length > 0);
  });
});
