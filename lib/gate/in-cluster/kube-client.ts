/**
 * The gate's only contact with the Kubernetes API, through `@kubernetes/client-node`.
 *
 * That package is ESM-only (`"type": "module"`) and this project compiles to CommonJS, where
 * TypeScript turns `import()` into `require()`; so the module is loaded here, and only here, with
 * a real dynamic `import()` of its resolved file URL. Types are imported type-only (erased).
 * Version 1.x is used: 2.x depends on undici 8, which needs Node 22.19 or later.
 */
import { pathToFileURL } from 'node:url';
import type * as k8s from '@kubernetes/client-node';
import { GateConfigError } from '../errors';
import { JsonPatchOperation } from './json-patch';

/** Group, version and plural of Istio's VirtualService (the version the core renders). */
export const VIRTUAL_SERVICE_RESOURCE = {
  group: 'networking.istio.io',
  version: 'v1',
  plural: 'virtualservices',
} as const;

/**
 * The calls the gate makes: exactly what its Role allows (get/patch one VirtualService, get the
 * two Deployments, patch the canary's scale subresource).
 */
export interface ClusterApi {
  /** Reads a VirtualService. */
  getVirtualService(namespace: string, name: string): Promise<unknown>;
  /** Applies an RFC 6902 JSON Patch to a VirtualService. */
  patchVirtualService(namespace: string, name: string, patch: readonly JsonPatchOperation[]): Promise<void>;
  /** Reads a Deployment. */
  getDeployment(namespace: string, name: string): Promise<unknown>;
  /**
   * Applies an RFC 6902 JSON Patch to a Deployment's `scale` subresource (autoscaling/v1 Scale:
   * only `spec.replicas` can change through it, which is why the Role grants that and no more).
   */
  patchDeploymentScale(namespace: string, name: string, patch: readonly JsonPatchOperation[]): Promise<void>;
}

/** A failed API call: its HTTP status, and whether a JSON Patch `test` failed (the object changed). */
export class ClusterApiError extends Error {
  constructor(
    message: string,
    /** HTTP status, when the server answered. */
    readonly status: number | undefined,
    /** True when the server refused a patch because one of its `test` operations failed. */
    readonly testFailed: boolean,
    /**
     * True when the call was sent and no answer came within its timeout: a write may still have
     * been applied by the server (see `settle-write.ts`).
     */
    readonly timedOut = false,
  ) {
    super(message);
    this.name = 'ClusterApiError';
  }
}

/**
 * Where the API server is: the pod's service account, or an explicit server and token (tests,
 * a `kubectl proxy` on 127.0.0.1).
 */
export type ClusterTarget =
  | { readonly kind: 'in-cluster' }
  | { readonly kind: 'kubeconfig'; readonly path: string }
  | { readonly kind: 'server'; readonly server: string; readonly token?: string };

// A real dynamic import, which TypeScript's CommonJS output would otherwise rewrite to require().
const importModule = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<unknown>;

let loaded: Promise<typeof k8s> | undefined;

/** The client package: an optional peer dependency, needed only by `gate --apply in-cluster`. */
export const KUBERNETES_CLIENT_PACKAGE = '@kubernetes/client-node';

/**
 * The file of `@kubernetes/client-node`, or a `GateConfigError` naming the package and the install
 * command when it is not installed (a CLI-only install does not pull it: it is an optional peer).
 */
export function resolveKubernetesClient(resolve: (specifier: string) => string = require.resolve): string {
  try {
    return resolve(KUBERNETES_CLIENT_PACKAGE);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'MODULE_NOT_FOUND') throw error;
    throw new GateConfigError(
      `--apply in-cluster and --readiness-from kubernetes need the package ${KUBERNETES_CLIENT_PACKAGE}, which is not installed (it is an optional peer dependency of canary-kit, used only to talk to the API server). Install it next to canary-kit: npm install ${KUBERNETES_CLIENT_PACKAGE}@^1.4.0, or use --apply gitops with --readiness-from prometheus`,
    );
  }
}

/** Loads `@kubernetes/client-node` once. */
export function loadKubernetesClient(): Promise<typeof k8s> {
  loaded ??= Promise.resolve().then(
    () => importModule(pathToFileURL(resolveKubernetesClient()).href) as Promise<typeof k8s>,
  );
  return loaded;
}

function messageOf(error: unknown): string {
  const body = (error as { body?: unknown }).body;
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') {
    return (body as { message: string }).message;
  }
  if (typeof body === 'string' && body.trim() !== '') {
    try {
      const parsed = JSON.parse(body) as { message?: unknown };
      if (typeof parsed.message === 'string') return parsed.message;
    } catch {
      // not JSON: use the text as is
    }
    return body.slice(0, 300);
  }
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

/**
 * Turns a client error into a `ClusterApiError`. The API server answers a JSON Patch it cannot
 * apply, a failed `test` operation included, with 422 Unprocessable Entity
 * (kubernetes/kubernetes#68346, #68838); servers before that fix answered 500 with a message
 * naming the test. For the gate's patch, built from the object it has just read, a 422 means the
 * object changed in between: it is reported as such, with the server's message, and not retried.
 */
export function toClusterApiError(what: string, error: unknown): ClusterApiError {
  const code = (error as { code?: unknown }).code;
  const status = typeof code === 'number' ? code : undefined;
  const message = messageOf(error);
  const testFailed =
    status === 422 || (status === 500 && /test(ing)? (value|operation)|test failed/i.test(message));
  return new ClusterApiError(
    `${what} failed${status ? ` (HTTP ${status})` : ''}: ${message}`,
    status,
    testFailed,
  );
}

/**
 * A `ClusterApi` backed by `@kubernetes/client-node`. `in-cluster` reads the service account
 * (token, CA, `KUBERNETES_SERVICE_HOST/PORT`); throws `GateConfigError` outside a pod.
 */
export async function clusterApi(target: ClusterTarget = { kind: 'in-cluster' }): Promise<ClusterApi> {
  const client = await loadKubernetesClient();
  const config = new client.KubeConfig();
  if (target.kind === 'in-cluster') {
    if (!process.env.KUBERNETES_SERVICE_HOST || !process.env.KUBERNETES_SERVICE_PORT) {
      throw new GateConfigError(
        '--apply in-cluster and --readiness-from kubernetes without --kubeconfig run inside a pod with a service account (KUBERNETES_SERVICE_HOST/PORT are not set); give --kubeconfig, or use --apply gitops with --readiness-from prometheus outside the cluster',
      );
    }
    config.loadFromCluster();
  } else if (target.kind === 'kubeconfig') {
    try {
      config.loadFromFile(target.path);
    } catch (error) {
      throw new GateConfigError(
        `--kubeconfig ${target.path}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  } else {
    config.loadFromOptions({
      // client-node refuses plain http unless TLS verification is off; there is no TLS to verify.
      clusters: [{ name: 'gate', server: target.server, skipTLSVerify: target.server.startsWith('http:') }],
      users: [{ name: 'gate', token: target.token }],
      contexts: [{ name: 'gate', cluster: 'gate', user: 'gate' }],
      currentContext: 'gate',
    });
  }
  const custom = config.makeApiClient(client.CustomObjectsApi);
  const apps = config.makeApiClient(client.AppsV1Api);
  const jsonPatch = client.setHeaderOptions('Content-Type', client.PatchStrategy.JsonPatch);
  const vs = (namespace: string, name: string) => ({ ...VIRTUAL_SERVICE_RESOURCE, namespace, name });
  return {
    async getVirtualService(namespace, name) {
      try {
        return (await custom.getNamespacedCustomObject(vs(namespace, name))) as unknown;
      } catch (error) {
        throw toClusterApiError(`get VirtualService ${namespace}/${name}`, error);
      }
    },
    async patchVirtualService(namespace, name, patch) {
      try {
        await custom.patchNamespacedCustomObject({ ...vs(namespace, name), body: patch }, jsonPatch);
      } catch (error) {
        throw toClusterApiError(`patch VirtualService ${namespace}/${name}`, error);
      }
    },
    async getDeployment(namespace, name) {
      try {
        return (await apps.readNamespacedDeployment({ namespace, name })) as unknown;
      } catch (error) {
        throw toClusterApiError(`get Deployment ${namespace}/${name}`, error);
      }
    },
    async patchDeploymentScale(namespace, name, patch) {
      try {
        await apps.patchNamespacedDeploymentScale({ namespace, name, body: patch }, jsonPatch);
      } catch (error) {
        throw toClusterApiError(`patch Deployment ${namespace}/${name} scale`, error);
      }
    },
  };
}
