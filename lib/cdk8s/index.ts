import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { SpecIssue } from '../core/errors';
import { CanaryServiceSpec } from '../core/spec';
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

/** Properties of the cdk8s `CanaryService`: the spec itself. */
export type CanaryServiceProps = CanaryServiceSpec;

/**
 * A cdk8s construct that adds every object of a CanaryService to a chart. A thin adapter: the
 * core validates the spec (throwing `CanarySpecError` with every problem) and renders plain
 * manifests; this construct only turns each into an `ApiObject`, with the core's stable id as
 * construct id.
 */
export class CanaryService extends Construct {
  /** Every created object by the core's stable id (e.g. `canary`, `virtual-service`), for escape hatches. */
  readonly objects: Readonly<Record<string, ApiObject>>;
  /**
   * Advice about a valid spec whose output would silently do nothing in a usual install (the
   * core's `planWarnings`, e.g. a PrometheusRule without the label kube-prometheus-stack selects).
   */
  readonly warnings: readonly SpecIssue[];

  constructor(scope: Construct, id: string, spec: CanaryServiceProps) {
    super(scope, id);
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
