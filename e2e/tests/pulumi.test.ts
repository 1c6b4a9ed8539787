/**
 * `pulumi up` per environment with the real Pulumi engine and Kubernetes provider (built from the Go
 * module proxy, e2e/tools) against the local control plane, through e2e/pulumi/run-stack.ts (a file
 * backend in a temporary folder, the committed Pulumi.<stack>.yaml files, the Automation API's
 * in-process language host). The stacks run one after the other: the Pulumi SDK keeps one program's
 * state per process.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Chart, Testing } from 'cdk8s';
import YAML from 'yaml';
import { CanaryServiceSpec, KubeManifest } from '../../lib';
import { CanaryService as Cdk8sCanaryService } from '../../lib/cdk8s';
import { CanaryService } from '../../lib/pulumi';
import { KUBECONFIG_PATH } from '../cluster/paths';
import { HARNESS_ANNOTATIONS, PulumiSandbox } from '../pulumi/run-stack';
import { adminClient } from '../support/cluster';
import { droppedPaths } from '../support/compare';
import { STACKS, stackConfig } from '../../test/pulumi/support/stack-files';
import { canaryStatus, waitForPhase } from '../support/flagger';
import { KubeClient, KubeObject } from '../support/kube-client';

const VS = 'networking.istio.io/v1beta1';

/** The spec of a committed stack file, with the namespace its provider sets. */
function stackSpec(stack: string): CanaryServiceSpec {
  const config = stackConfig(stack);
  const kubernetes = config['canary-kit:kubernetes'] as { namespace?: string } | undefined;
  return { namespace: kubernetes?.namespace, ...(config['canary-kit:service'] as CanaryServiceSpec) };
}

/** What `cdk8s synth` renders for a spec (the construct in a chart). */
function cdk8sManifests(spec: CanaryServiceSpec): KubeManifest[] {
  const chart = new Chart(Testing.app(), 'pulumi-e2e');
  new Cdk8sCanaryService(chart, spec.name, spec);
  return Testing.synth(chart) as KubeManifest[];
}

/** The live object of a manifest. */
function live(client: KubeClient, m: KubeManifest): Promise<KubeObject | undefined> {
  return client.get(m.apiVersion, m.kind, m.metadata.namespace, m.metadata.name);
}

/** `sent` without the harness's annotations (they are the harness's, not the product's). */
function withoutHarness(object: KubeObject): KubeObject {
  const annotations = { ...((object.metadata.annotations ?? {}) as Record<string, string>) };
  for (const key of Object.keys(HARNESS_ANNOTATIONS)) delete annotations[key];
  const metadata = { ...object.metadata, annotations };
  if (Object.keys(annotations).length === 0) delete (metadata as { annotations?: unknown }).annotations;
  return { ...object, metadata };
}

/** The kinds whose objects are counted (canary-kit's kinds that this control plane serves). */
const KINDS: [string, string][] = [
  ['apps/v1', 'Deployment'],
  ['v1', 'Service'],
  ['v1', 'ConfigMap'],
  [VS, 'VirtualService'],
  [VS, 'DestinationRule'],
  ['flagger.app/v1beta1', 'Canary'],
  ['flagger.app/v1beta1', 'MetricTemplate'],
  ['monitoring.coreos.com/v1', 'PrometheusRule'],
  ['monitoring.coreos.com/v1', 'ServiceMonitor'],
];

/** Objects canary-kit manages in a namespace (its `managed-by` label), as `Kind name`, of KINDS. */
async function managedObjects(client: KubeClient, namespace: string): Promise<string[]> {
  const found: string[] = [];
  for (const [apiVersion, kind] of KINDS) {
    for (const o of await client.list(apiVersion, kind, namespace)) {
      const labels = (o.metadata.labels ?? {}) as Record<string, string>;
      if (labels['app.kubernetes.io/managed-by'] === 'canary-kit') found.push(`${kind} ${o.metadata.name}`);
    }
  }
  return found.sort();
}

describe('pulumi up per environment on the real engine and provider', () => {
  const client = adminClient();
  let sandbox: PulumiSandbox;
  before(() => {
    sandbox = PulumiSandbox.create({ kubeconfig: KUBECONFIG_PATH });
  });
  after(() => sandbox?.dispose());

  for (const name of STACKS) {
    test(`${name}: up creates what cdk8s synth renders, a second preview proposes nothing, destroy leaves nothing`, async (t) => {
      const spec = stackSpec(name);
      // The namespace is the platform's (as with `cdk8s synth` output applied by a GitOps tool).
      await client.ensureNamespace(spec.namespace!);
      const stack = await sandbox.stack(name);
      const up = await stack.up({ color: 'never' });
      t.diagnostic(`up: ${JSON.stringify(up.summary.resourceChanges)}`);
      assert.equal(up.summary.result, 'succeeded', up.stderr);

      // Field for field: every leaf cdk8s renders is live, with the same value.
      const expected = cdk8sManifests(spec);
      for (const m of expected) {
        const stored = await live(client, m);
        assert.ok(stored, `${m.kind} ${m.metadata.namespace}/${m.metadata.name} is live`);
        assert.deepEqual(
          droppedPaths(m, withoutHarness(stored)),
          [],
          `${m.kind} ${m.metadata.name}: live differs from cdk8s synth`,
        );
      }
      assert.deepEqual(
        await managedObjects(client, spec.namespace!),
        expected
          .filter((m) => m.metadata.namespace === spec.namespace && KINDS.some(([, k]) => k === m.kind))
          .map((m) => `${m.kind} ${m.metadata.name}`)
          .sort(),
        'exactly the objects cdk8s renders',
      );

      // Idempotent: nothing to change on a second run.
      const preview = await stack.preview({ expectNoChanges: true, color: 'never' });
      assert.deepEqual(
        Object.keys(preview.changeSummary).filter((k) => k !== 'same'),
        [],
        JSON.stringify(preview.changeSummary),
      );

      if ((spec.mode ?? 'flagger') === 'flagger') {
        // Flagger takes the target over and scales it to 0; `pulumi up` must not scale it back.
        await waitForPhase(client, spec.namespace!, spec.name, ['Initialized'], 180_000);
        const again = await stack.up({ color: 'never' });
        assert.equal(again.summary.result, 'succeeded');
        const target = await client.get('apps/v1', 'Deployment', spec.namespace!, spec.name);
        assert.equal(
          (target?.spec as { replicas?: number }).replicas,
          0,
          `pulumi up after Flagger's initialization scaled the target back: ${JSON.stringify(again.summary.resourceChanges)}`,
        );
        assert.equal((await canaryStatus(client, spec.namespace!, spec.name)).phase, 'Initialized');
      }

      await stack.destroy({ color: 'never' });
      assert.deepEqual(await managedObjects(client, spec.namespace!), [], 'destroy removed every object');
    });
  }

  test('the gate moved the weights: preview keeps them, and a change to another route applies', async () => {
    const namespace = 'e2e-pulumi-gate';
    await client.ensureNamespace(namespace);
    const spec = (darkLaunchValue: string): CanaryServiceSpec => ({
      name: 'gated',
      namespace,
      mode: 'mesh',
      workload: { image: 'ghcr.io/acme/checkout:1.4.2', canaryImage: 'ghcr.io/acme/checkout:1.5.0' },
      traffic: { canaryWeight: 10, darkLaunchHeaders: { 'x-canary': darkLaunchValue } },
      slo: { successRatePercent: 99, p99LatencyMs: 500 },
      automation: {
        image: 'ghcr.io/acme/canary-kit:0.1.0',
        prometheusUrl: 'http://prometheus.monitoring:9090',
      },
    });
    let current = spec('true');
    const stack = await sandbox.stack('gate', async () => {
      const service = new CanaryService(current.name, current);
      return { namespace: service.namespace };
    });
    try {
      assert.equal((await stack.up({ color: 'never' })).summary.result, 'succeeded');
      // The gate's patch: both weights of the default route, under its own field manager.
      const vs = await client.get(VS, 'VirtualService', namespace, 'gated');
      const http = (vs?.spec as { http: { name?: string; route: { weight?: number }[] }[] }).http;
      const index = http.findIndex((r) => r.name === 'default');
      assert.ok(index >= 0, JSON.stringify(http));
      await client.patch(
        VS,
        'VirtualService',
        namespace,
        'gated',
        [
          { op: 'replace', path: `/spec/http/${index}/route/0/weight`, value: 80 },
          { op: 'replace', path: `/spec/http/${index}/route/1/weight`, value: 20 },
        ],
        'json',
      );
      const preview = await stack.preview({ color: 'never' });
      assert.deepEqual(
        Object.keys(preview.changeSummary).filter((k) => k !== 'same'),
        [],
        `pulumi preview proposes to undo the gate: ${preview.stdout}`,
      );

      // A change to another route (the dark-launch header value), then `pulumi up` (Pulumi.yaml
      // refreshes first; the component forces the apply of this VirtualService: lib/pulumi/force-apply.ts).
      current = spec('always');
      const up = await stack.up({ color: 'never' });
      assert.equal(up.summary.result, 'succeeded', up.stderr);
      const after = await client.get(VS, 'VirtualService', namespace, 'gated');
      const routes = (after?.spec as { http: { name?: string; route: { weight?: number }[] }[] }).http;
      const text = JSON.stringify(routes);
      assert.match(text, /"always"/, `the dark-launch route changed: ${text}`);
      const weights = routes.find((r) => r.name === 'default')!.route.map((d) => d.weight);
      assert.deepEqual(weights, [80, 20], `the gate's weights are kept: ${text}`);
    } finally {
      await stack.destroy({ color: 'never' });
    }
  });

  test('a bad stack value: up fails before creating anything, naming file, key, path and fix', async () => {
    const file = join(sandbox.workDir, 'Pulumi.broken.yaml');
    const dev = { config: stackConfig('dev') as Record<string, Record<string, unknown>> };
    const service = dev.config['canary-kit:service'];
    dev.config['canary-kit:kubernetes'] = {
      ...dev.config['canary-kit:kubernetes'],
      namespace: 'e2e-pulumi-broken',
    };
    dev.config['canary-kit:service'] = {
      ...service,
      traffic: { canaryWeight: 99 },
    };
    writeFileSync(file, YAML.stringify(dev));
    await client.ensureNamespace('e2e-pulumi-broken');
    const stack = await sandbox.stack('broken');
    const failure = await stack.up({ color: 'never' }).then(
      () => undefined,
      (e: unknown) => String(e),
    );
    assert.ok(failure, 'pulumi up must fail');
    for (const part of ['Pulumi.broken.yaml', 'canary-kit:service', 'traffic.canaryWeight', '99']) {
      assert.ok(failure.includes(part), `the error names ${part}:\n${failure}`);
    }
    assert.deepEqual(await managedObjects(client, 'e2e-pulumi-broken'), [], 'nothing was created');
    const resources = (await stack.exportStack()).deployment as { resources?: { type: string }[] };
    assert.deepEqual(
      (resources.resources ?? []).filter((r) => r.type.startsWith('kubernetes:')),
      [],
      'no Kubernetes resource in the state',
    );
  });
});
