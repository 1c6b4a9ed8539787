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
import { KubeApiError, KubeClient, KubeObject } from '../support/kube-client';

/** Applies each manifest; returns every rejection and every field the server did not store as sent. */
async function admit(client: KubeClient, manifests: readonly KubeObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const sent of manifests) {
    const where = `${sent.kind} ${sent.metadata.namespace ?? ''}/${sent.metadata.name}`;
    try {
      // fieldValidation=Strict: an unknown or duplicate field is an error, not a silent drop.
      const stored = await client.apply(sent, 'canary-kit-e2e');
      for (const path of droppedPaths(sent, stored)) problems.push(`${where}: ${path}`);
    } catch (error) {
      problems.push(`${where}: rejected: ${error instanceof KubeApiError ? error.message : String(error)}`);
    }
  }
  return problems;
}

describe('admission: server-side apply of everything canary-kit synthesizes', () => {
  const client = adminClient();
  for (const entry of corpus()) {
    test(`${entry.name} (${entry.spec.mode ?? 'flagger'} mode)`, async () => {
      await client.ensureNamespace(entry.spec.namespace!);
      const problems = await admit(client, manifestsOf(entry) as unknown as KubeObject[]);
      assert.deepEqual(
        problems,
        [],
        `the API server rejected or changed what we sent:\n${problems.join('\n')}`,
      );
    });
  }

  test('the check fails on a field the CRD does not declare and on a value the server changes', async () => {
    const entry = corpus().find((e) => e.name === 'fixture:minimal-flagger')!;
    await client.ensureNamespace(entry.spec.namespace!);
    const manifests = structuredClone(manifestsOf(entry)) as unknown as KubeObject[];
    const canary = manifests.find((m) => m.kind === 'Canary')!;
    // Flagger's CRD declares only `http` under connectionPool.
    const service = (
      canary.spec as { service: { trafficPolicy: { connectionPool: Record<string, unknown> } } }
    ).service;
    service.trafficPolicy.connectionPool.tcp = { maxConnections: 10 };
    const deployment = manifests.find((m) => m.kind === 'Deployment')!;
    // The server canonicalizes quantities: 0.5 CPU is stored as "500m".
    type Pod = { containers: { resources: { requests: Record<string, unknown> } }[] };
    const pod = (deployment.spec as { template: { spec: Pod } }).template.spec;
    pod.containers[0].resources.requests.cpu = '0.5';
    const problems = await admit(client, [canary, deployment]);
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(problems[0], /^Canary .*rejected: .*connectionPool\.tcp/);
    assert.match(problems[1], /^Deployment .*\.resources\.requests\.cpu: sent "0\.5", stored "500m"/);
  });
});
