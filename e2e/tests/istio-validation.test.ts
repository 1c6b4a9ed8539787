/**
 * Istio's own checks on canary-kit's output: `istioctl validate` (Istio's admission validation) on
 * every rendered file of the corpus, `istioctl analyze` on the same files and on the live objects
 * that the admission test applied. No errors and no warnings; infos are listed in the output.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { toYaml } from '../../lib';
import { adminClient } from '../support/cluster';
import { corpus, manifestsOf } from '../support/corpus';
import { KubeObject } from '../support/kube-client';
import { analyzeFiles, analyzeLive, AnalyzerMessage, validateFile } from '../support/istioctl';

const dir = mkdtempSync(join(tmpdir(), 'canary-kit-istioctl-'));

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
      const { run, messages } = analyzeFiles([file]);
      assert.deepEqual(serious(messages), [], `istioctl analyze ${file}:\n${run.stdout}${run.stderr}`);
      assert.ok(run.status === 0, `istioctl analyze exited ${run.status}:\n${run.stdout}${run.stderr}`);
    });
  }
});

describe('istioctl analyze on the live objects', () => {
  const client = adminClient();
  for (const entry of corpus()) {
    test(entry.name, async () => {
      const namespace = entry.spec.namespace!;
      await client.ensureNamespace(namespace);
      for (const manifest of manifestsOf(entry))
        await client.apply(manifest as unknown as KubeObject, 'canary-kit-e2e');
      const { run, messages } = analyzeLive(namespace);
      assert.deepEqual(
        serious(messages),
        [],
        `istioctl analyze -n ${namespace}:\n${run.stdout}${run.stderr}`,
      );
    });
  }
});
