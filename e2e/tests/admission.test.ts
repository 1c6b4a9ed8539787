/**
 * Admission on the real kube-apiserver (v1.34) with the real CRD schemas installed: server-side
 * apply of every object canary-kit synthesizes for the whole corpus (example stacks of every
 * environment, spec files, Pulumi stacks, fixtures; both modes), with strict field validation.
 * Every object must be accepted, and nothing we sent may be pruned or changed: the object the
 * server stored is compared leaf by leaf with what we sent.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { adminClient } from '../support/cluster';
import { droppedPaths } from '../support/compare';
import { corpus, manifestsOf } from '../support/corpus';
import { KubeApiError, KubeObject } from '../support/kube-client';

describe('admission: server-side apply of everything canary-kit synthesizes', () => {
  const client = adminClient();
  for (const entry of corpus()) {
    test(`${entry.name} (${entry.spec.mode ?? 'flagger'} mode)`, async () => {
      await client.ensureNamespace(entry.spec.namespace!);
      const problems: string[] = [];
      for (const manifest of manifestsOf(entry)) {
        const sent = manifest as unknown as KubeObject;
        const where = `${sent.kind} ${sent.metadata.namespace ?? ''}/${sent.metadata.name}`;
        try {
          // fieldValidation=Strict: an unknown or duplicate field is an error, not a silent drop.
          const stored = await client.apply(sent, 'canary-kit-e2e');
          for (const path of droppedPaths(sent, stored)) problems.push(`${where}: ${path}`);
        } catch (error) {
          problems.push(
            `${where}: rejected: ${error instanceof KubeApiError ? error.message : String(error)}`,
          );
        }
      }
      assert.deepEqual(
        problems,
        [],
        `the API server rejected or changed what we sent:\n${problems.join('\n')}`,
      );
    });
  }
});
