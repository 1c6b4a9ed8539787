import * as pulumi from '@pulumi/pulumi';
import { SpecIssue } from '../core/errors';
import { AutomationSpec, CanaryServiceSpec, ServiceSpec, WorkloadSpec } from '../core/spec';

/** The workload of `CanaryServiceArgs`: the images may come from a build step as Pulumi outputs. */
export interface CanaryWorkloadArgs extends Omit<WorkloadSpec, 'image' | 'canaryImage'> {
  /**
   * Container image with an immutable tag or digest, e.g. `ghcr.io/acme/checkout:1.4.2`, or the
   * output of the resource that builds or pushes it. Required unless `existingDeployment` is set.
   */
  readonly image?: pulumi.Input<string>;
  /**
   * Container image of the canary Deployment (`mesh` mode only), plain or an output.
   * @default - the same as `image`
   */
  readonly canaryImage?: pulumi.Input<string>;
}

/** The service of `CanaryServiceArgs`: extra hosts may come from DNS or gateway resources. */
export interface CanaryServicePortArgs extends Omit<ServiceSpec, 'hosts'> {
  /**
   * Extra hosts routed by the VirtualService, e.g. `shop.example.com`: a list whose items (or
   * the whole list) may be outputs, e.g. `[record.fqdn]`.
   * @default []
   */
  readonly hosts?: pulumi.Input<readonly pulumi.Input<string>[]>;
}

/** The gate of `CanaryServiceArgs`: its image usually comes from building `Dockerfile.gate`. */
export interface CanaryAutomationArgs extends Omit<AutomationSpec, 'image'> {
  /** Container image of the gate with an immutable tag, plain or an output. Required. */
  readonly image: pulumi.Input<string>;
}

/**
 * Arguments of the Pulumi `CanaryService`: the core's `CanaryServiceSpec`, where the values that
 * Pulumi programs usually take from other resources are `pulumi.Input`s (see `INPUT_FIELDS`).
 * Every other field is a plain value: names, weights, SLOs and schedules are policy, written by
 * hand, and being plain lets the component validate them and lay out its children at once.
 */
export interface CanaryServiceArgs extends Omit<
  CanaryServiceSpec,
  'namespace' | 'workload' | 'service' | 'automation'
> {
  /**
   * Namespace of every object, plain or an output (e.g. a `k8s.core.v1.Namespace`'s `metadata.name`).
   * @default "default"
   */
  readonly namespace?: pulumi.Input<string>;
  /** The pods: rendered from an image, or an existing Deployment referenced by name. */
  readonly workload: CanaryWorkloadArgs;
  /** The Service port and how traffic enters: gateways, extra hosts, delegation. */
  readonly service?: CanaryServicePortArgs;
  /** The automated promotion/rollback gate for `mesh` mode. */
  readonly automation?: CanaryAutomationArgs;
}

/**
 * The spec paths that take a `pulumi.Input`: the image, the canary image and the gate's image
 * (outputs of a build or push), the namespace (an output of a Namespace resource) and the extra
 * hosts (outputs of DNS records or gateways).
 */
export const INPUT_FIELDS = [
  'namespace',
  'workload.image',
  'workload.canaryImage',
  'service.hosts',
  'automation.image',
] as const;

/** One of `INPUT_FIELDS`. */
export type InputField = (typeof INPUT_FIELDS)[number];

/**
 * Stand-ins for values still pending, used only to lay out the children (ids, kinds, dependencies,
 * ignored fields) before the outputs resolve: they pass the core's checks and never reach a cluster.
 */
const PLACEHOLDERS: Readonly<Record<Exclude<InputField, 'service.hosts'>, string>> = {
  namespace: 'canary-kit-pending',
  'workload.image': 'canary-kit.invalid/pending/image:0',
  'workload.canaryImage': 'canary-kit.invalid/pending/canary-image:0',
  'automation.image': 'canary-kit.invalid/pending/gate-image:0',
};

/** A host standing in for the pending item `index` of `service.hosts`. */
function placeholderHost(index: number): string {
  return `pending-${index}.canary-kit.invalid`;
}

/** True for a value Pulumi resolves later: an `Output` or a promise. */
export function isPending(value: unknown): boolean {
  return (
    pulumi.Output.isInstance(value) ||
    (value !== null &&
      (typeof value === 'object' || typeof value === 'function') &&
      typeof (value as { then?: unknown }).then === 'function')
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The own property at a dotted path, or undefined (user keys are data: no prototype lookups). */
function valueAt(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const key of path.split('.')) {
    if (!isRecord(current) || !Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

/** A copy of `root` with `value` at a dotted path whose parents exist; `root` is not changed. */
function withValueAt(root: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [key, ...rest] = path.split('.') as [string, ...string[]];
  const copy = { ...root };
  Object.defineProperty(copy, key, {
    value:
      rest.length === 0 ? value : withValueAt(copy[key] as Record<string, unknown>, rest.join('.'), value),
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

/** The input fields whose value (or, for `service.hosts`, any item) is still pending. */
export function pendingFields(args: CanaryServiceArgs): InputField[] {
  return INPUT_FIELDS.filter((field) => {
    const value = valueAt(args, field);
    return isPending(value) || (Array.isArray(value) && value.some(isPending));
  });
}

/**
 * The spec with a placeholder for every pending value, for laying out the children before the
 * outputs resolve. Plain values are kept, so the core still checks them at once.
 */
export function placeholderSpec(args: CanaryServiceArgs, pending: readonly InputField[]): CanaryServiceSpec {
  let spec = args as unknown as Record<string, unknown>;
  for (const field of pending) {
    const value = valueAt(args, field);
    const placeholder =
      field !== 'service.hosts'
        ? PLACEHOLDERS[field]
        : Array.isArray(value)
          ? value.map((host: unknown, index) => (isPending(host) ? placeholderHost(index) : host))
          : [placeholderHost(0)];
    spec = withValueAt(spec, field, placeholder);
  }
  return spec as unknown as CanaryServiceSpec;
}

/**
 * The spec once every input has resolved: waits for the input fields with `pulumi.all(...).apply`
 * and puts their plain values in place. Fields left out stay left out.
 */
export function resolveSpec(args: CanaryServiceArgs): pulumi.Output<CanaryServiceSpec> {
  const present = INPUT_FIELDS.filter((field) => valueAt(args, field) !== undefined);
  return pulumi.all(present.map((field) => valueAt(args, field))).apply((values) => {
    let spec = args as unknown as Record<string, unknown>;
    present.forEach((field, index) => {
      spec = withValueAt(spec, field, values[index]);
    });
    return spec as unknown as CanaryServiceSpec;
  });
}

/** Whether `path` is `field` or inside it (`service.hosts[0]` is inside `service.hosts`). */
export function isWithin(path: string, field: string): boolean {
  return path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`);
}

/**
 * One issue for each `Output` or promise outside `INPUT_FIELDS`: the core would otherwise meet an
 * object where it expects a string or number (and JSON would fail with Pulumi's
 * `Calling [toJSON] on an [Output<T>]`). The value is described, never serialized.
 */
export function misplacedInputIssues(args: CanaryServiceArgs): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, path: string): void => {
    if ((INPUT_FIELDS as readonly string[]).includes(path)) return;
    if (isPending(value)) {
      issues.push({
        path,
        value: pulumi.Output.isInstance(value) ? 'pulumi.Output' : 'Promise',
        message:
          `is not accepted here: only ${INPUT_FIELDS.join(', ')} take Pulumi inputs. ` +
          'Pass a plain value.',
      });
      return;
    }
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) value.forEach((item, index) => visit(item, `${path}[${index}]`));
    else
      for (const key of Object.keys(value))
        visit((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
  };
  visit(args, '');
  return issues;
}
