/**
 * Istio's own checks on canary-kit's output: `istioctl validate` (Istio's admission validation) on
 * every rendered file of the corpus, `istioctl analyze` on the same files and on the live objects
 * that the admission test applied. No errors and no warnings; infos are listed in the output.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { CanaryServiceSpec, toYaml } from '../../lib';
import { adminClient } from '../support/cluster';
import { corpus, manifestsOf } from '../support/corpus';
import { gatewayRef, ingressGateway } from '../support/gateways';
import { KubeObject } from '../support/kube-client';
import { analyzeFiles, analyzeLive, AnalyzerMessage, validateFile } from '../support/istioctl';
import { waitForPhase } from '../support/flagger';

const dir = mkdtempSync(join(tmpdir(), 'canary-kit-istioctl-'));

/**
 * The ingress Gateways the specs name, as a cluster with Istio has them (IST0101 "Referenced gateway
 * not found" otherwise). A gateway without a namespace is in the VirtualService's own namespace.
 */
function gatewaysNamedBy(specs: readonly CanaryServiceSpec[]): KubeObject[] {
  const refs = specs.flatMap((spec) =>
    (spec.service?.gateways ?? []).map((g) => gatewayRef(g, spec.namespace ?? 'default')),
  );
  return [...new Set(refs)].map(ingressGateway);
}

function serious(messages: AnalyzerMessage[]): string[] {
  return messages.filter((m) => m.level !== 'Info').map((m) => m.line);
}

describe('istioctl validate and analyze on rendered files', () => {
  for (const entry of corpus()) {
    test(entry.name, () => {
      const file = join(dir, `${entry.spec.namespace}.yaml`);
      writeFileSync(file, toYaml(manifestsOf(entry)));
      const validated = validateFile(file);
      assert.equal(
        validated.status,
        0,
        `istioctl validate -f ${file} failed:\n${validated.stdout}${validated.stderr}`,
      );
      assert.doesNotMatch(
        validated.stderr + validated.stdout,
        /warn/i,
        `istioctl validate warned:\n${validated.stderr}`,
      );
      // Analyzed with the gateways the spec names, which live outside canary-kit's output.
      const gateways = join(dir, `${entry.spec.namespace}.gateways.yaml`);
      writeFileSync(gateways, toYaml(gatewaysNamedBy([entry.spec])));
      const { run, messages } = analyzeFiles([file, gateways]);
      assert.deepEqual(serious(messages), [], `istioctl analyze ${file}:\n${run.stdout}${run.stderr}`);
      assert.ok(run.status === 0, `istioctl analyze exited ${run.status}:\n${run.stdout}${run.stderr}`);
    });
  }
});

/**
 * Analyzers that judge pods, which this control plane does not run (no kubelet: docs/e2e.md).
 * IST0173 (DestinationRuleSubsetNotSelectPods) lists the pods each subset selects: with no pods at
 * all, every subset of every DestinationRule is reported. The subset labels themselves are checked
 * against the Deployments' pod templates by `canary-kit lint` and by the unit tests.
 */
const NEEDS_PODS = new Set(['IST0173']);

describe("istioctl analyze on the live objects, Flagger's next to ours", { concurrency: true }, () => {
  const client = adminClient();
  before(async () => {
    for (const gateway of gatewaysNamedBy(corpus('live').map((e) => e.spec))) {
      await client.ensureNamespace(gateway.metadata.namespace!);
      await client.apply(gateway);
    }
  });
  for (const entry of corpus('live')) {
    test(entry.name, async () => {
      const namespace = entry.spec.namespace!;
      await client.ensureNamespace(namespace);
      for (const manifest of manifestsOf(entry))
        await client.apply(manifest as unknown as KubeObject, 'canary-kit-e2e');
      if ((entry.spec.mode ?? 'flagger') === 'flagger') {
        // Let Flagger create its Services, DestinationRules and VirtualService next to ours.
        await waitForPhase(client, namespace, entry.spec.name, ['Initialized'], 180_000);
        assert.ok(
          await client.get('networking.istio.io/v1beta1', 'VirtualService', namespace, entry.spec.name),
        );
      }
      const { run, messages } = analyzeLive(namespace);
      const found = serious(messages.filter((m) => !NEEDS_PODS.has(m.code)));
      assert.deepEqual(found, [], `istioctl analyze -n ${namespace}:\n${run.stdout}${run.stderr}`);
    });
  }
});
