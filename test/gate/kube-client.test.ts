/**
 * The real `@kubernetes/client-node` (ESM, loaded by a dynamic import from this CommonJS build)
 * against a tiny fake API server on 127.0.0.1: the requests the gate sends and how it reads the
 * answers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { synthesize, KubeManifest } from '../../lib';
import { GateConfigError } from '../../lib/gate/errors';
import { readDefaultRouteWeights, weightPatch } from '../../lib/gate/in-cluster/json-patch';
import {
  ClusterApi,
  clusterApi,
  ClusterApiError,
  KUBERNETES_CLIENT_PACKAGE,
  resolveKubernetesClient,
} from '../../lib/gate/in-cluster/kube-client';
import { applyJsonPatch, PatchError } from './support/json-patch-apply';
import { ReceivedRequest, startTestServer, TestServer } from './support/http-server';
import { readyDeployment } from './support/fake-cluster';
import { meshSpec } from './support/specs';

const VS_PATH = '/apis/networking.istio.io/v1/namespaces/shop/virtualservices/checkout';
const DEPLOYMENT_PATH = '/apis/apps/v1/namespaces/shop/deployments/checkout-canary';

describe('the Kubernetes client of --apply in-cluster', () => {
  let server: TestServer;
  let api: ClusterApi;
  let vs = synthesize(meshSpec()).find((m) => m.kind === 'VirtualService') as KubeManifest;

  before(async () => {
    server = await startTestServer((request: ReceivedRequest) => {
      const path = request.url.split('?')[0];
      if (request.method === 'GET' && path === VS_PATH) return { status: 200, body: JSON.stringify(vs) };
      if (request.method === 'GET' && path === DEPLOYMENT_PATH) {
        return { status: 200, body: JSON.stringify(readyDeployment('checkout-canary')) };
      }
      if (request.method === 'PATCH' && path === VS_PATH) {
        try {
          vs = applyJsonPatch(vs, JSON.parse(request.body));
          return { status: 200, body: JSON.stringify(vs) };
        } catch (error) {
          const message = error instanceof PatchError ? `${error.message}: test failed` : String(error);
          return {
            status: 422,
            body: JSON.stringify({
              kind: 'Status',
              apiVersion: 'v1',
              status: 'Failure',
              message,
              reason: 'Invalid',
              code: 422,
            }),
          };
        }
      }
      return {
        status: 404,
        body: JSON.stringify({
          kind: 'Status',
          status: 'Failure',
          message: `${path} not found`,
          reason: 'NotFound',
          code: 404,
        }),
      };
    });
    api = await clusterApi({ kind: 'server', server: server.url, token: 'gate-token' });
  });
  after(() => server.close());

  test('reads the VirtualService from the Istio v1 API with the bearer token', async () => {
    const object = await api.getVirtualService('shop', 'checkout');
    assert.deepEqual(object, vs);
    const request = server.requests.at(-1);
    assert.equal(request?.method, 'GET');
    assert.equal(request?.url.split('?')[0], VS_PATH);
    assert.equal(request?.headers.authorization, 'Bearer gate-token');
  });

  test('sends the weights as an application/json-patch+json PATCH', async () => {
    const patch = weightPatch(
      readDefaultRouteWeights(await api.getVirtualService('shop', 'checkout'), 'vs'),
      50,
    );
    await api.patchVirtualService('shop', 'checkout', patch);
    const request = server.requests.at(-1);
    assert.equal(request?.method, 'PATCH');
    assert.equal(request?.headers['content-type'], 'application/json-patch+json');
    assert.deepEqual(JSON.parse(request?.body ?? ''), patch);
    assert.deepEqual(readDefaultRouteWeights(vs, 'vs').canary.weight, 50);
  });

  test('a failed test answered with 422 is a ClusterApiError with testFailed, carrying the server message', async () => {
    const stale = weightPatch(
      { routeIndex: 0, stable: { index: 0, weight: 90 }, canary: { index: 1, weight: 10 } },
      25,
    );
    await assert.rejects(api.patchVirtualService('shop', 'checkout', stale), (error: Error) => {
      assert.ok(error instanceof ClusterApiError);
      assert.equal(error.status, 422);
      assert.equal(error.testFailed, true);
      assert.match(
        error.message,
        /^patch VirtualService shop\/checkout failed \(HTTP 422\): testing value \/spec\/http\/0\/route\/0\/weight failed: test failed$/,
      );
      return true;
    });
  });

  test('reads a Deployment; a missing object is a 404 that is not a test failure', async () => {
    const deployment = (await api.getDeployment('shop', 'checkout-canary')) as { metadata: { name: string } };
    assert.equal(deployment.metadata.name, 'checkout-canary');
    await assert.rejects(api.getDeployment('shop', 'nope'), (error: Error) => {
      assert.ok(error instanceof ClusterApiError);
      assert.equal(error.status, 404);
      assert.equal(error.testFailed, false);
      return true;
    });
  });

  test('in-cluster mode outside a pod is a configuration error', async () => {
    const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
    delete process.env.KUBERNETES_SERVICE_HOST;
    delete process.env.KUBERNETES_SERVICE_PORT;
    try {
      await assert.rejects(
        clusterApi(),
        (error: Error) => error instanceof GateConfigError && /KUBERNETES_SERVICE_HOST/.test(error.message),
      );
    } finally {
      if (saved.host !== undefined) process.env.KUBERNETES_SERVICE_HOST = saved.host;
      if (saved.port !== undefined) process.env.KUBERNETES_SERVICE_PORT = saved.port;
    }
  });
});

describe('@kubernetes/client-node is an optional peer', () => {
  test('when it is not installed, the error names the package and how to install it', () => {
    const missing = (specifier: string): string => {
      throw Object.assign(new Error(`Cannot find module '${specifier}'`), { code: 'MODULE_NOT_FOUND' });
    };
    assert.throws(
      () => resolveKubernetesClient(missing),
      (error: Error) =>
        error instanceof GateConfigError &&
        error.message.includes('--readiness-from kubernetes need the package @kubernetes/client-node') &&
        error.message.includes('npm install @kubernetes/client-node@^1.4.0'),
    );
  });

  test('other resolution failures are not disguised as a missing package', () => {
    const broken = (): string => {
      throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
    };
    assert.throws(() => resolveKubernetesClient(broken), /permission denied/);
  });

  test('the peer range in package.json is the one the message recommends', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require('../../../package.json') as { peerDependencies: Record<string, string> };
    assert.equal(pkg.peerDependencies[KUBERNETES_CLIENT_PACKAGE], '^1.4.0');
  });
});
