/**
 * `mesh` mode with `automation`: the gate runs as its own ServiceAccount (a token from the
 * TokenRequest API) against the real API server, whose RBAC authorizer enforces the Role that
 * canary-kit renders. The weight patch succeeds; everything else the Role does not name is 403.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { adminClient } from '../support/cluster';
import { KubeApiError, KubeClient } from '../support/kube-client';
import {
  gateUntilDecided,
  defaultRouteWeights,
  healthyMeshTraffic,
  meshSpec,
  serviceAccountToken,
  writeSpecFile,
  writeTokenKubeconfig,
} from '../support/mesh';
import { applySpec } from '../support/rollout';

async function status(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (error) {
    if (error instanceof KubeApiError) return error.status;
    throw error;
  }
}

describe('mesh mode: the gate as its own ServiceAccount, RBAC enforced', () => {
  const admin = adminClient();
  const spec = meshSpec('pay', 'e2e-mesh-gate');
  const ns = spec.namespace!;
  const dir = mkdtempSync(join(tmpdir(), 'canary-kit-gate-'));
  let gate: KubeClient;
  let kubeconfig: string;

  before(async () => {
    await applySpec(admin, spec);
    // Another VirtualService in the same namespace, which the gate must not touch.
    await admin.apply({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'other', namespace: ns },
      spec: { hosts: ['other'], http: [{ route: [{ destination: { host: 'other' } }] }] },
    });
    const token = await serviceAccountToken(admin, ns, 'pay-gate');
    gate = admin.withToken(token);
    kubeconfig = join(dir, 'gate.kubeconfig');
    writeTokenKubeconfig(kubeconfig, admin, token);
    await healthyMeshTraffic(spec);
  });

  test('canary-kit gate --apply in-cluster advances the live weights with the gate token', async () => {
    const before = defaultRouteWeights(
      await admin.get('networking.istio.io/v1', 'VirtualService', ns, 'pay'),
    );
    assert.deepEqual(before, { stable: 90, canary: 10 });
    const specFile = writeSpecFile(dir, spec);
    // Wait until the window holds enough canary requests (minRequests 20 at 20 rps).
    const run = await gateUntilDecided([
      '--spec',
      specFile,
      '--apply',
      'in-cluster',
      '--kubeconfig',
      kubeconfig,
    ]);
    assert.equal(run.status, 0, `gate should advance:\n${run.stdout}\n${run.stderr}`);
    const after = defaultRouteWeights(await admin.get('networking.istio.io/v1', 'VirtualService', ns, 'pay'));
    assert.deepEqual(after, { stable: 50, canary: 50 }, run.stdout);
  });

  test('the gate token cannot patch another VirtualService, the Deployments, or any other kind', async () => {
    const mergePatch = { metadata: { annotations: { touched: 'by-gate' } } };
    assert.equal(
      await status(gate.patch('networking.istio.io/v1', 'VirtualService', ns, 'pay', mergePatch)),
      200,
      'its own VirtualService',
    );
    assert.equal(
      await status(gate.patch('networking.istio.io/v1', 'VirtualService', ns, 'other', mergePatch)),
      403,
      'another VirtualService',
    );
    assert.equal(
      await status(gate.delete('networking.istio.io/v1', 'VirtualService', ns, 'pay')),
      403,
      'deleting its VirtualService',
    );
    assert.equal(
      await status(gate.patch('apps/v1', 'Deployment', ns, 'pay-canary', { spec: { replicas: 5 } })),
      403,
      'scaling the canary',
    );
    assert.equal(
      await status(gate.patch('networking.istio.io/v1', 'DestinationRule', ns, 'pay', mergePatch)),
      403,
      'the DestinationRule',
    );
    assert.equal(
      await status(gate.request('GET', `/api/v1/namespaces/${ns}/secrets`)),
      403,
      'reading Secrets',
    );
    assert.equal(
      await status(gate.request('GET', `/apis/networking.istio.io/v1/namespaces/${ns}/virtualservices`)),
      403,
      'listing VirtualServices',
    );
    assert.equal(
      await status(gate.get('apps/v1', 'Deployment', ns, 'pay-canary')),
      200,
      'reading its own Deployments',
    );
  });
});
