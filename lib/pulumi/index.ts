import * as pulumi from '@pulumi/pulumi';
import { CanarySpecError, formatIssue } from '../core/errors';
import { describeObject } from '../core/manifest';
import { RoutingMode } from '../core/spec';
import { DEFAULT_MODE } from '../core/defaults';
import { planWarnings } from '../core/warnings';
import { createKubeResource } from './kube-resource';
import {
  CanaryServiceArgs,
  isWithin,
  misplacedInputIssues,
  pendingFields,
  placeholderSpec,
  resolveSpec,
} from './inputs';
import { checkSameLayout, Synthesized, synthesizeOrThrow } from './layout';
import { needsForcedApply, withPatchForce } from './force-apply';
import { specResourceError } from './spec-error';

export {
  CanaryAutomationArgs,
  CanaryServiceArgs,
  CanaryServicePortArgs,
  CanaryWorkloadArgs,
  INPUT_FIELDS,
  InputField,
} from './inputs';
export {
  readStackSettings,
  KubernetesSettings,
  StackSettings,
  SERVICE_KEY,
  KUBERNETES_KEY,
} from './stack-config';

/** The Pulumi type token of the component: `package:module:Type`. */
export const CANARY_SERVICE_TYPE = 'canary-kit:index:CanaryService';

/** What the component reports about its objects once its spec has resolved. */
interface Summary {
  readonly namespace: string;
  readonly host: string;
  readonly canaryHost: string | undefined;
  readonly objectNames: Readonly<Record<string, string>>;
}

function summaryOf({ plan, resources }: Synthesized): Summary {
  return {
    namespace: plan.names.namespace,
    host: plan.names.host,
    canaryHost:
      plan.mode === 'flagger' ? `${plan.names.canary}.${plan.names.namespace}.svc.cluster.local` : undefined,
    objectNames: Object.fromEntries(resources.map((r) => [r.id, describeObject(r.manifest)])),
  };
}

/**
 * A Pulumi component that creates every object of a CanaryService. A thin adapter: the core
 * validates the spec and renders plain manifests with stable ids; this class only turns each
 * into a child resource named `${name}-${id}`.
 *
 * The image, canary image, gate image, namespace and extra hosts may be `pulumi.Input`s (see
 * `INPUT_FIELDS`); the component waits for them with `pulumi.all(...).apply` and validates the
 * resolved spec with the core, so a bad resolved value fails `pulumi up` with the core's message
 * before any child is sent to the engine. Plain values are checked at once, before any child exists.
 *
 * The ids (`deployment`, `canary`, `virtual-service`, `metric-template-success-rate`, ...) are
 * public API: a child's URN is built from its name, so renaming an id makes Pulumi delete the
 * old object and create a new one. Object names (`metadata.name`) are the core's, never
 * auto-named. Fields that controllers own at run time (the core's `controllerOwned`: Flagger's
 * scaling of its target, the autoscaler's replicas, the gate's weights) are `ignoreChanges`.
 * Only `provider`/`providers` reach the children, through `parent`.
 */
export class CanaryService extends pulumi.ComponentResource {
  /** Who owns routing: `flagger` or `mesh`. */
  readonly mode: RoutingMode;
  /** The apex Service callers use, `<name>` (created by Flagger in `flagger` mode). */
  readonly apexServiceName: string;
  /** Namespace of every object. */
  readonly namespace: pulumi.Output<string>;
  /** The in-cluster host whose traffic is split, `<name>.<namespace>.svc.cluster.local`. */
  readonly host: pulumi.Output<string>;
  /**
   * The host that reaches only canary pods: Flagger's `<name>-canary` Service in `flagger` mode;
   * undefined in `mesh` mode (reach the canary through `host` with the dark-launch headers).
   */
  readonly canaryHost: pulumi.Output<string | undefined>;
  /** Every child by the core's stable id, for escape hatches and `dependsOn`. */
  readonly resources: Readonly<Record<string, pulumi.CustomResource>>;
  /** Every object as `Kind namespace/name`, by stable id, in the core's order. */
  readonly objectNames: pulumi.Output<Readonly<Record<string, string>>>;

  constructor(name: string, args: CanaryServiceArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(CANARY_SERVICE_TYPE, name, {}, opts);
    const specName = typeof args?.name === 'string' ? args.name : '(unnamed)';
    // Every error below is raised before any child exists; hideStack: the message says everything.
    const misplaced = misplacedInputIssues(args);
    if (misplaced.length > 0) {
      throw specResourceError(new CanarySpecError(specName, misplaced).message, this);
    }
    const pending = pendingFields(args);
    // The children's ids, kinds, dependencies and ignored fields: from the spec itself when it is
    // plain, else from the spec with placeholders for the pending values (the core checks the plain
    // values here; the pending ones once they resolve).
    let layout: Synthesized | undefined;
    let layoutError: CanarySpecError | undefined;
    try {
      layout = synthesizeOrThrow(placeholderSpec(args, pending)); // = args when nothing is pending
    } catch (error) {
      if (!(error instanceof CanarySpecError)) throw error;
      const plainIssues = error.issues.filter(
        (issue) => !pending.some((field) => isWithin(issue.path, field)),
      );
      if (plainIssues.length > 0) {
        throw specResourceError(new CanarySpecError(specName, plainIssues).message, this);
      }
      layoutError = error; // only about pending values: the resolved spec decides
    }

    // The resolved spec's objects, once the pending values are known; undefined when all are plain.
    const synthesized: pulumi.Output<Synthesized> | undefined =
      pending.length === 0
        ? undefined
        : resolveSpec(args).apply((spec) => {
            let resolved: Synthesized;
            try {
              resolved = synthesizeOrThrow(spec);
            } catch (error) {
              if (error instanceof CanarySpecError) throw specResourceError(error.message, this);
              throw error;
            }
            if (!layout) {
              throw new Error(
                `canary-kit could not lay out CanaryService '${specName}' before its inputs resolved ` +
                  `(${pending.join(', ')}): ${String(layoutError?.message)}`,
              );
            }
            checkSameLayout(specName, layout, resolved);
            for (const warning of planWarnings(resolved.plan))
              void pulumi.log.warn(formatIssue(warning), this);
            return resolved;
          });

    if (!synthesized && layout) {
      for (const warning of planWarnings(layout.plan)) void pulumi.log.warn(formatIssue(warning), this);
    }
    const resources: Record<string, pulumi.CustomResource> = {};
    for (const { id, dependsOn, manifest, controllerOwned = [] } of layout?.resources ?? []) {
      const ignoreChanges = [...new Set(controllerOwned.map((field) => field.path))];
      const force = needsForcedApply(controllerOwned);
      const field = (value: unknown, key: string): unknown =>
        force && key === 'metadata' ? withPatchForce(value) : value;
      // Each top-level field (metadata, spec, data, ...) of the resolved object, or the plain one.
      const fields = Object.fromEntries(
        Object.keys(manifest)
          .filter((key) => key !== 'apiVersion' && key !== 'kind')
          .map((key) => [
            key,
            synthesized
              ? synthesized.apply((s) => field(s.manifests.get(id)?.[key], key))
              : field(manifest[key], key),
          ]),
      );
      resources[id] = createKubeResource(`${name}-${id}`, manifest, fields, {
        parent: this,
        dependsOn: dependsOn.map((dependency) => requireCreated(resources, dependency, id)),
        ...(ignoreChanges.length > 0 ? { ignoreChanges } : {}),
      });
    }
    this.resources = resources;
    this.mode = layout?.plan.mode ?? args.mode ?? DEFAULT_MODE;
    this.apexServiceName = layout?.plan.names.name ?? specName;
    const summary = synthesized
      ? synthesized.apply(summaryOf)
      : pulumi.output(summaryOf(layout as Synthesized));
    this.namespace = summary.namespace;
    this.host = summary.host;
    this.canaryHost = summary.canaryHost;
    this.objectNames = summary.objectNames;
    this.registerOutputs({
      mode: this.mode,
      namespace: this.namespace,
      apexServiceName: this.apexServiceName,
      host: this.host,
      canaryHost: this.canaryHost,
      objectNames: this.objectNames,
      resourceIds: (layout?.resources ?? []).map((r) => r.id),
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
