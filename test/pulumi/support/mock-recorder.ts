import * as pulumi from '@pulumi/pulumi';
import { KubeManifest } from '../../../lib';

/** One resource registration as the engine would see it: inputs and the options that matter here. */
export interface Registration {
  /** Type token, e.g. `kubernetes:apps/v1:Deployment`. */
  readonly type: string;
  /** Logical (Pulumi) name, e.g. `checkout-deployment`. */
  readonly name: string;
  /** The URN the mock monitor assigned. */
  readonly urn: string;
  /** False for component resources. */
  readonly custom: boolean;
  /** The deserialized inputs. */
  readonly inputs: Record<string, unknown>;
  /** The provider reference (`urn::id`), or '' when none. */
  readonly provider: string;
  /** URN of the parent. */
  readonly parent: string;
  /** The `ignoreChanges` option. */
  readonly ignoreChanges: readonly string[];
  /** Logical names of the direct dependencies (`dependsOn`). */
  readonly dependsOn: readonly string[];
}

/** The request objects the mock monitor receives (the parts this recorder reads). */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getParent(): string;
  getIgnorechangesList(): string[];
  getDependenciesList(): string[];
}
interface RegisterResponse {
  getUrn(): string;
}
interface OutputsRequest {
  getUrn(): string;
  getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined;
}
type Callback<R> = (error: unknown, response: R) => void;
interface MonitorLike {
  registerResource(req: RegisterRequest, callback: Callback<RegisterResponse>): unknown;
  registerResourceOutputs(req: OutputsRequest, callback: Callback<unknown>): unknown;
}

/** The last segment of a URN: the logical name. */
function nameOfUrn(urn: string): string {
  return urn.slice(urn.lastIndexOf('::') + 2);
}

/**
 * Records what a Pulumi program registers under `pulumi.runtime.setMocks`: every resource with
 * its inputs (from the mocks' `newResource`) and its options (`ignoreChanges`, dependencies,
 * parent, provider: from the monitor's requests, which the mocks API does not show), plus each
 * component's `registerOutputs`. A recorder that was never installed records nothing and its
 * `finish()` rejects, so a test that forgot the mocks fails.
 */
export class MockRecorder {
  /** Every completed registration, in completion order. */
  readonly registrations: Registration[] = [];
  /** Outputs registered with `registerOutputs`, by URN. */
  readonly outputs = new Map<string, Record<string, unknown>>();
  /** Calls of the mocks' `newResource`: zero means the mocks never saw a resource. */
  newResourceCalls = 0;
  private readonly inputs = new Map<string, { inputs: Record<string, unknown>; provider: string }>();
  private monitor: MonitorLike | undefined;

  /** Installs the mocks for `project`/`stack` and starts recording; await it before importing the code under test. */
  async install(project: string, stack: string): Promise<this> {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          this.newResourceCalls += 1;
          this.inputs.set(`${args.type}::${args.name}`, {
            inputs: args.inputs as Record<string, unknown>,
            provider: args.provider ?? '',
          });
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: (args) => args.inputs,
      },
      project,
      stack,
      false,
    );
    const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike | undefined;
    if (!monitor) throw new Error('setMocks installed no monitor: the Pulumi SDK changed how mocks work.');
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) =>
      register(req, (error, response) => {
        if (!error) this.record(req, response.getUrn());
        callback(error, response);
      });
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, callback) =>
      registerOutputs(req, (error, response) => {
        if (!error) this.outputs.set(req.getUrn(), req.getOutputs()?.toJavaScript() ?? {});
        callback(error, response);
      });
    this.monitor = monitor;
    return this;
  }

  /**
   * Waits until every registration and `registerOutputs` of the program has completed, then
   * disconnects the mocks (a later `install` starts afresh). Rejects when the mocks were never
   * installed, so that a test which forgot them fails instead of asserting on nothing.
   */
  async finish(): Promise<this> {
    if (!this.monitor)
      throw new Error('Pulumi mocks were never installed: call install() before the program runs.');
    if (pulumi.runtime.getMonitor() !== (this.monitor as unknown)) {
      throw new Error('Another monitor replaced these mocks: install one recorder per program run.');
    }
    await pulumi.runtime.disconnect();
    this.monitor = undefined;
    return this;
  }

  private record(req: RegisterRequest, urn: string): void {
    const captured = this.inputs.get(`${req.getType()}::${req.getName()}`);
    this.registrations.push({
      type: req.getType(),
      name: req.getName(),
      urn,
      custom: req.getCustom(),
      inputs: captured?.inputs ?? {},
      provider: captured?.provider ?? '',
      parent: req.getParent(),
      ignoreChanges: req.getIgnorechangesList(),
      dependsOn: req.getDependenciesList().map(nameOfUrn),
    });
  }

  /** The registration with this logical name; throws listing the names when there is none. */
  byName(name: string): Registration {
    const found = this.registrations.find((r) => r.name === name);
    if (!found) {
      throw new Error(
        `No resource '${name}' was registered. Registered: ${this.registrations.map((r) => r.name).join(', ')}.`,
      );
    }
    return found;
  }

  /** The registrations whose parent is `parentUrn`. */
  childrenOf(parentUrn: string): Registration[] {
    return this.registrations.filter((r) => r.parent === parentUrn);
  }

  /** Outputs of the component with this logical name. */
  outputsOf(name: string): Record<string, unknown> {
    const outputs = this.outputs.get(this.byName(name).urn);
    if (!outputs) throw new Error(`'${name}' registered no outputs.`);
    return outputs;
  }
}

/**
 * The Kubernetes object a registration describes: its inputs are the manifest (the typed classes
 * add `apiVersion` and `kind`, a CustomResource passes them through).
 */
export function manifestOf(registration: Registration): KubeManifest {
  const manifest = registration.inputs as unknown as KubeManifest;
  if (typeof manifest.apiVersion !== 'string' || typeof manifest.kind !== 'string' || !manifest.metadata) {
    throw new Error(`'${registration.name}' (${registration.type}) has no apiVersion/kind/metadata inputs.`);
  }
  return manifest;
}

/**
 * The manifest without the provider directive the component adds to objects whose atomic lists a
 * controller writes into (`pulumi.com/patchForce`, lib/pulumi/force-apply.ts): what the cdk8s
 * construct renders for the same spec. force-apply.test.ts states which objects carry it.
 */
export function productManifestOf(registration: Registration): KubeManifest {
  const manifest = manifestOf(registration);
  const annotations = manifest.metadata.annotations as Record<string, string> | undefined;
  if (!annotations || !('pulumi.com/patchForce' in annotations)) return manifest;
  const rest = Object.fromEntries(Object.entries(annotations).filter(([k]) => k !== 'pulumi.com/patchForce'));
  const metadata = { ...manifest.metadata, annotations: rest };
  if (Object.keys(rest).length === 0) delete (metadata as { annotations?: unknown }).annotations;
  return { ...manifest, metadata } as KubeManifest;
}
