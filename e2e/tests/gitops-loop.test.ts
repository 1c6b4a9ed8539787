/**
 * The GitOps loop on the real API server: the cdk8s construct's output is applied, `canary-kit
 * gate --apply gitops` edits the spec file, the spec is synthesized again and re-applied, and the
 * live VirtualService changes in its weights (and its stage annotation) only.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { App, Chart } from 'cdk8s';
import YAML from 'yaml';
import { CanaryServiceSpec } from '../../lib';
import { CanaryService } from '../../lib/cdk8s';
import { loadSpecFile } from '../../lib/spec-file';
import { KUBECONFIG_PATH } from '../cluster/paths';
import { adminClient } from '../support/cluster';
import { droppedPaths } from '../support/compare';
import { KubeClient, KubeObject } from '../support/kube-client';
import {
  gateUntilDecided,
  defaultRouteWeights,
  healthyMeshTraffic,
  meshSpec,
  writeSpecFile,
} from '../support/mesh';

/** What `cdk8s synth` writes for one spec, parsed. */
function cdk8sSynth(spec: CanaryServiceSpec): KubeObject[] {
  const app = new App();
  const chart = new Chart(app, 'e2e', { disableResourceNameHashes: true });
  new CanaryService(chart, spec.name, spec);
  return YAML.parseAllDocuments(app.synthYaml()).map((d) => d.toJS() as KubeObject);
}

async function applyAll(client: KubeClient, objects: KubeObject[]): Promise<void> {
  for (const o of objects) await client.apply(o, 'canary-kit');
}

describe('GitOps loop: cdk8s synth, gate --apply gitops, re-synth, re-apply', () => {
  test('the live VirtualService changes in its weights only', async () => {
    const client = adminClient();
    const spec = { ...meshSpec('books', 'e2e-gitops'), automation: undefined };
    delete (spec as { automation?: unknown }).automation;
    const ns = spec.namespace!;
    await client.ensureNamespace(ns);
    const dir = mkdtempSync(join(tmpdir(), 'canary-kit-gitops-'));
    const specFile = writeSpecFile(dir, spec);
    await applyAll(client, cdk8sSynth(loadSpecFile(specFile).spec));
    const before = (await client.get('networking.istio.io/v1', 'VirtualService', ns, 'books'))!;
    await healthyMeshTraffic(spec);

    const { prometheusUrl } = (await import('../support/cluster')).clusterState();
    const run = await gateUntilDecided([
      '--spec',
      specFile,
      '--prometheus',
      prometheusUrl,
      '--apply',
      'gitops',
      // The canary's readiness from the API server (the kubelet stand-in reports the statuses);
      // the local Prometheus has no kube-state-metrics, and without counts the gate holds.
      '--kubeconfig',
      KUBECONFIG_PATH,
    ]);
    assert.equal(run.status, 0, `gate should advance:\n${run.stdout}\n${run.stderr}`);
    assert.match(readFileSync(specFile, 'utf8'), /stage: half/);

    await applyAll(client, cdk8sSynth(loadSpecFile(specFile).spec));
    const after = (await client.get('networking.istio.io/v1', 'VirtualService', ns, 'books'))!;
    assert.deepEqual(defaultRouteWeights(before), { stable: 90, canary: 10 });
    assert.deepEqual(defaultRouteWeights(after), { stable: 50, canary: 50 });
    const specDiff = droppedPaths(before.spec, after.spec);
    assert.ok(
      specDiff.length > 0 && specDiff.every((p) => /\.route\[\d+\]\.weight: /.test(p)),
      `only weights may change in spec:\n${specDiff.join('\n')}`,
    );
    const annotations = (o: KubeObject) => (o.metadata.annotations ?? {}) as Record<string, string>;
    const annotationDiff = droppedPaths(annotations(before), annotations(after));
    assert.ok(
      annotationDiff.every((p) => p.includes('canary-kit.dev/stage')),
      annotationDiff.join('\n'),
    );
  });
});
