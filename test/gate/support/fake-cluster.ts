/**
 * An in-memory Kubernetes API for the in-cluster tests: one VirtualService and the two
 * Deployments, JSON patches applied with RFC 6902 semantics (a failed `test` answers like the API
 * server: 422, nothing written).
 */
import { KubeManifest } from '../../../lib';
import { ClusterApi, toClusterApiError } from '../../../lib/gate/in-cluster/kube-client';
import { JsonPatchOperation } from '../../../lib/gate/in-cluster/json-patch';
import { applyJsonPatch } from './json-patch-apply';

/** A ready Deployment status for `replicas` replicas. */
export function readyDeployment(name: string, replicas = 1, available = replicas): Record<string, unknown> {
  return {
    metadata: { name, generation: 2 },
    spec: { replicas },
    status: { observedGeneration: 2, replicas, updatedReplicas: replicas, availableReplicas: available },
  };
}

/** The fake cluster. */
export class FakeCluster implements ClusterApi {
  /** Every patch received, in order. */
  readonly patches: JsonPatchOperation[][] = [];
  /** Every scale patch received, in order. */
  readonly scalePatches: JsonPatchOperation[][] = [];
  /** Every call, e.g. `get VirtualService shop/checkout`. */
  readonly calls: string[] = [];
  /** Runs just before a patch is applied (another writer changing the object in between). */
  beforePatch: (() => void) | undefined;
  /**
   * How the next VirtualService patches answer: `normal`; `apply-then-hang` (the server applies
   * it, the answer never comes: a client timeout); `hang` (the request is held and never
   * answered; `heldPatches` keeps it for a test to deliver late). Then back to `normal`.
   */
  patchMode: Array<'normal' | 'apply-then-hang' | 'hang'> = [];
  /** Patches held by `hang`, to deliver later with `deliver`. */
  readonly heldPatches: JsonPatchOperation[][] = [];
  /** When true, reads of the VirtualService never answer. */
  readsHang = false;

  constructor(
    public virtualService: KubeManifest,
    public deployments: Record<string, unknown> = {},
  ) {}

  async getVirtualService(namespace: string, name: string): Promise<unknown> {
    this.calls.push(`get VirtualService ${namespace}/${name}`);
    if (this.readsHang) return new Promise(() => undefined);
    this.expect(this.virtualService, namespace, name, 'VirtualService');
    return JSON.parse(JSON.stringify(this.virtualService)) as unknown;
  }

  async patchVirtualService(
    namespace: string,
    name: string,
    patch: readonly JsonPatchOperation[],
  ): Promise<void> {
    this.calls.push(`patch VirtualService ${namespace}/${name}`);
    this.expect(this.virtualService, namespace, name, 'VirtualService');
    this.patches.push([...patch]);
    this.beforePatch?.();
    const mode = this.patchMode.shift() ?? 'normal';
    if (mode === 'hang') {
      this.heldPatches.push([...patch]);
      return new Promise(() => undefined);
    }
    this.apply(namespace, name, patch);
    if (mode === 'apply-then-hang') return new Promise(() => undefined);
  }

  /** Delivers a held patch late, as a slow API server would; throws like the server on a failed test. */
  deliver(patch: readonly JsonPatchOperation[]): void {
    const { namespace, name } = this.virtualService.metadata;
    this.apply(namespace ?? '', name, patch);
  }

  /** Applies a patch; a VirtualService with a resourceVersion gets a new one, as on a real server. */
  private apply(namespace: string, name: string, patch: readonly JsonPatchOperation[]): void {
    try {
      const patched = applyJsonPatch(this.virtualService, patch);
      const version = (patched.metadata as { resourceVersion?: string }).resourceVersion;
      if (version !== undefined) {
        (patched.metadata as { resourceVersion?: string }).resourceVersion = String(Number(version) + 1);
      }
      this.virtualService = patched;
    } catch (error) {
      throw toClusterApiError(`patch VirtualService ${namespace}/${name}`, {
        code: 422,
        body: {
          kind: 'Status',
          status: 'Failure',
          message: `${(error as Error).message}: test failed`,
          code: 422,
        },
      });
    }
  }

  async getDeployment(namespace: string, name: string): Promise<unknown> {
    this.calls.push(`get Deployment ${namespace}/${name}`);
    const deployment = this.deployments[name];
    if (!deployment) {
      throw toClusterApiError(`get Deployment ${namespace}/${name}`, {
        code: 404,
        body: { message: `deployments.apps "${name}" not found` },
      });
    }
    return deployment;
  }

  async patchDeploymentScale(
    namespace: string,
    name: string,
    patch: readonly JsonPatchOperation[],
  ): Promise<void> {
    this.calls.push(`patch Deployment ${namespace}/${name} scale`);
    const deployment = this.deployments[name] as { spec?: { replicas?: number } } | undefined;
    if (!deployment) {
      throw toClusterApiError(`patch Deployment ${namespace}/${name} scale`, {
        code: 404,
        body: { message: `deployments.apps "${name}" not found` },
      });
    }
    this.scalePatches.push([...patch]);
    try {
      // The scale subresource as the API server presents it: spec.replicas of the Deployment.
      const scale = applyJsonPatch({ spec: { replicas: deployment.spec?.replicas ?? 1 } }, patch);
      this.deployments[name] = { ...deployment, spec: { ...deployment.spec, replicas: scale.spec.replicas } };
    } catch (error) {
      throw toClusterApiError(`patch Deployment ${namespace}/${name} scale`, {
        code: 422,
        body: { message: `${(error as Error).message}: test failed` },
      });
    }
  }

  private expect(object: KubeManifest, namespace: string, name: string, kind: string): void {
    if (object.metadata.namespace !== namespace || object.metadata.name !== name) {
      throw toClusterApiError(`get ${kind} ${namespace}/${name}`, {
        code: 404,
        body: { message: 'not found' },
      });
    }
  }
}
