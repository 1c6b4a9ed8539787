import * as pulumi from '@pulumi/pulumi';
import { CanarySpecError, formatIssue } from '../core/errors';
import { describeObject } from '../core/manifest';
import { CanaryPlan } from '../core/plan';
import { RenderedResource } from '../core/render/resource';
import { CanaryServiceSpec, RoutingMode } from '../core/spec';
import { synthesizePlanned } from '../core/synthesize';
import { planWarnings } from '../core/warnings';
import { createKubeResource } from './kube-resource';

/**
 * Arguments of the Pulumi `CanaryService`: the spec itself, as plain values (not `pulumi.Input`),
 * so that it is validated before any child exists rather than inside an `.apply()`.
 */
export type CanaryServiceArgs = CanaryServiceSpec;

/** The Pulumi type token of the component: `package:module:Type`. */
export const CANARY_SERVICE_TYPE = 'canary-kit:index:CanaryService';

/**
 * A Pulumi component that creates every object of a CanaryService. A thin adapter: the core
 * validates the spec and renders plain manifests with stable ids; this class only turns each
 * into a child resource named `${name}-${id}`.
 *
 * The ids (`deployment`, `canary`, `virtual-service`, `metric-template-success-rate`, ...) are
 * public API: a child's URN is built from its name, so renaming an id makes Pulumi delete the
 * old object and create a new one. Object names (`metadata.name`) are the core's, never
 * auto-named. Fields that controllers own at run time (the core's `controllerOwned`: Flagger's
 * scaling of its target, the autoscaler's replicas, the gate's weights) are `ignoreChanges`. Only `provider`/`providers` reach the children, through `parent`.
 */
export class CanaryService extends pulumi.ComponentResource {
  /** Who owns routing: `flagger` or `mesh`. */
  readonly mode: RoutingMode;
  /** Namespace of every object. */
  readonly namespace: string;
  /** The apex Service callers use, `<name>` (created by Flagger in `flagger` mode). */
  readonly apexServiceName: string;
  /** The in-cluster host whose traffic is split, `<name>.<namespace>.svc.cluster.local`. */
  readonly host: string;
  /**
   * The host that reaches only canary pods: Flagger's `<name>-canary` Service in `flagger` mode;
   * undefined in `mesh` mode (reach the canary through `host` with the dark-launch headers).
   */
  readonly canaryHost: string | undefined;
  /** Every child by the core's stable id, for escape hatches and `dependsOn`. */
  readonly resources: Readonly<Record<string, pulumi.CustomResource>>;
  /** Every object as `Kind namespace/name`, by stable id, in the core's order. */
  readonly objectNames: Readonly<Record<string, string>>;

  constructor(name: string, args: CanaryServiceArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(CANARY_SERVICE_TYPE, name, {}, opts);
    let rendered: RenderedResource[];
    let plan: CanaryPlan;
    try {
      ({ plan, resources: rendered } = synthesizePlanned(args));
    } catch (error) {
      // Before any child exists; hideStack: the message says everything (path, value, fix).
      if (error instanceof CanarySpecError) throw new pulumi.ResourceError(error.message, this, true);
      throw error;
    }
    for (const warning of planWarnings(plan)) void pulumi.log.warn(formatIssue(warning), this);
    const resources: Record<string, pulumi.CustomResource> = {};
    for (const { id, dependsOn, manifest, controllerOwned = [] } of rendered) {
      const ignoreChanges = [...new Set(controllerOwned.map((field) => field.path))];
      resources[id] = createKubeResource(`${name}-${id}`, manifest, {
        parent: this,
        dependsOn: dependsOn.map((dependency) => requireCreated(resources, dependency, id)),
        ...(ignoreChanges.length > 0 ? { ignoreChanges } : {}),
      });
    }
    this.resources = resources;
    this.mode = plan.mode;
    this.namespace = plan.names.namespace;
    this.apexServiceName = plan.names.name;
    this.host = plan.names.host;
    this.canaryHost =
      plan.mode === 'flagger' ? `${plan.names.canary}.${plan.names.namespace}.svc.cluster.local` : undefined;
    this.objectNames = Object.fromEntries(rendered.map((r) => [r.id, describeObject(r.manifest)]));
    this.registerOutputs({
      mode: this.mode,
      namespace: this.namespace,
      apexServiceName: this.apexServiceName,
      host: this.host,
      canaryHost: this.canaryHost,
      objectNames: this.objectNames,
      resourceIds: rendered.map((r) => r.id),
    });
  }

  /** The child with the given stable id; throws when this CanaryService did not create one. */
  resource(id: string): pulumi.CustomResource {
    const found = this.resources[id];
    if (!found) {
      throw new Error(
        `CanaryService has no resource '${id}'. It has: ${Object.keys(this.resources).join(', ')}.`,
      );
    }
    return found;
  }
}

/** The already created child `dependency` of `id`; the core lists dependencies before dependents. */
function requireCreated(
  created: Readonly<Record<string, pulumi.CustomResource>>,
  dependency: string,
  id: string,
): pulumi.CustomResource {
  const found = created[dependency];
  if (!found) {
    throw new Error(
      `canary-kit core bug: resource '${id}' depends on '${dependency}', which was not rendered before it.`,
    );
  }
  return found;
}
