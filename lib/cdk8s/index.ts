import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { DEFAULT_NAMESPACE } from '../core/defaults';
import { CanarySpecError, formatIssue, SpecIssue } from '../core/errors';
import { checkExistingDeployment } from '../core/existing-deployment';
import { CanaryServiceSpec, WorkloadSpec } from '../core/spec';
import { synthesizePlanned } from '../core/synthesize';
import { planWarnings } from '../core/warnings';
import { quoteAmbiguousStrings } from './quote-ambiguous';

/**
 * An ApiObject whose YAML every Kubernetes tool reads back as written: strings that cdk8s's writer
 * would leave plain but go-yaml or a YAML 1.2 reader takes for numbers (`0o17`) are quoted.
 */
class QuotedApiObject extends ApiObject {
  /** The object's JSON, with ambiguous strings as double-quoted YAML scalars (see `quoteAmbiguousStrings`). */
  override toJson(): unknown {
    return quoteAmbiguousStrings(super.toJson());
  }
}

/** The workload of the cdk8s `CanaryService`: the spec's, where the existing Deployment may be a construct. */
export interface CanaryServiceWorkload extends Omit<WorkloadSpec, 'existingDeployment'> {
  /**
   * An existing Deployment to use as Flagger's target instead of rendering one (`flagger` mode
   * only): a cdk8s-plus `Deployment` (or any construct whose `ApiObject.of` is a Deployment), or the
   * name of one. At synth time its selector, pod labels and container port are checked against what
   * Flagger and the mesh need (a Deployment named here is looked up in the same app; one that is not
   * in the app is deployed elsewhere and not checked).
   * @default - the Deployment is rendered from this spec
   */
  readonly existingDeployment?: string | IConstruct;
}

/** Properties of the cdk8s `CanaryService`: the spec, with `workload.existingDeployment` also a construct. */
export interface CanaryServiceProps extends Omit<CanaryServiceSpec, 'workload'> {
  /** The pods that serve the service. */
  readonly workload: CanaryServiceWorkload;
}

/** The core spec of the props: an existing Deployment given as a construct becomes its name. */
function coreSpec(props: CanaryServiceProps, target: ApiObject | undefined): CanaryServiceSpec {
  if (!target) return props as CanaryServiceSpec;
  return { ...props, workload: { ...props.workload, existingDeployment: target.name } };
}

/** The ApiObject of a Deployment construct given as `existingDeployment`; throws with the fix otherwise. */
function targetObject(existing: IConstruct): ApiObject {
  let object: ApiObject;
  try {
    object = ApiObject.of(existing);
  } catch {
    throw new CanarySpecError(existing.node.id, [
      {
        path: 'workload.existingDeployment',
        value: existing.node.path,
        message:
          'is a construct without a Kubernetes object. Give a cdk8s-plus Deployment (or an ApiObject of kind Deployment), or the Deployment’s name.',
      },
    ]);
  }
  if (object.kind !== 'Deployment') {
    throw new CanarySpecError(object.name, [
      {
        path: 'workload.existingDeployment',
        value: `${object.kind}/${object.name}`,
        message: 'is not a Deployment. Flagger’s target here must be a Deployment.',
      },
    ]);
  }
  return object;
}

/**
 * The Deployment named `name` in the same app, if the app defines it: in `namespace`, or without a
 * namespace of its own or its chart's (it then lands in the namespace it is applied to).
 */
function findDeployment(scope: Construct, name: string, namespace: string): ApiObject | undefined {
  return scope.node.root.node.findAll().find((c): c is ApiObject => {
    if (!ApiObject.isApiObject(c) || c.kind !== 'Deployment' || c.name !== name) return false;
    const own = c.metadata.namespace ?? Chart.of(c).namespace;
    return own === undefined || own === namespace;
  });
}

/**
 * A cdk8s construct that adds every object of a CanaryService to a chart. A thin adapter: the
 * core validates the spec (throwing `CanarySpecError` with every problem) and renders plain
 * manifests; this construct only turns each into an `ApiObject`, with the core's stable id as
 * construct id, and checks an existing Deployment of the app at synth time (the core's rules).
 */
export class CanaryService extends Construct {
  /** Every created object by the core's stable id (e.g. `canary`, `virtual-service`), for escape hatches. */
  readonly objects: Readonly<Record<string, ApiObject>>;
  /**
   * Advice about a valid spec whose output would silently do nothing in a usual install (the
   * core's `planWarnings`, e.g. a PrometheusRule without the label kube-prometheus-stack selects).
   */
  readonly warnings: readonly SpecIssue[];

  constructor(scope: Construct, id: string, props: CanaryServiceProps) {
    super(scope, id);
    const existing = props.workload?.existingDeployment;
    const given = existing !== undefined && typeof existing !== 'string' ? targetObject(existing) : undefined;
    const spec = coreSpec(props, given);
    const objects: Record<string, ApiObject> = {};
    const { plan, resources } = synthesizePlanned(spec);
    this.warnings = planWarnings(plan);
    for (const resource of resources) {
      const { apiVersion, kind, metadata, ...rest } = resource.manifest;
      objects[resource.id] = new QuotedApiObject(this, resource.id, {
        apiVersion,
        kind,
        metadata: { ...metadata },
        ...rest,
      });
    }
    this.objects = objects;
    const targetName = spec.workload.existingDeployment;
    if (targetName !== undefined) {
      const namespace = spec.namespace ?? DEFAULT_NAMESPACE;
      this.node.addValidation({
        validate: () => {
          const target = given ?? findDeployment(this, targetName, namespace);
          return target ? checkExistingDeployment(spec, target.toJson()).map(formatIssue) : [];
        },
      });
    }
  }

  /** The object with the given stable id; throws when this CanaryService did not create one. */
  object(id: string): ApiObject {
    const found = this.objects[id];
    if (!found)
      throw new Error(
        `CanaryService has no object '${id}'. It has: ${Object.keys(this.objects).join(', ')}.`,
      );
    return found;
  }
}
