import { LintModel, ModelObject, VirtualServiceInfo } from './model';
import { formatPath, PathSegment } from './path';
import { RouteInfo, routesOf } from './routes';
import { Severity } from './types';

/** What a rule reports; `lintManifests` adds the rule id, file and line. */
export interface RuleFinding {
  /** The object at fault. */
  readonly object: ModelObject;
  /** Path of the offending field, formatted (`spec.http[0].route`). */
  readonly path: string;
  /** The same path as segments, to find its line in the source. */
  readonly segments: readonly PathSegment[];
  /** What is wrong, quoting the offending value. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
  /**
   * Severity of this finding when it differs from the rule's.
   * @default - the rule's severity
   */
  readonly severity?: Severity;
}

/** One lint rule: an id, a default severity and a check over the whole model. */
export interface LintRule {
  /** Stable id, e.g. `weights-sum`; used in output, `--rules` and the ignore annotation. */
  readonly id: string;
  /** Severity of its findings (a finding may override it). */
  readonly severity: Severity;
  /** One sentence for the rule table. */
  readonly summary: string;
  /** Yields every finding of this rule. */
  check(model: LintModel): Iterable<RuleFinding>;
}

/** Builds a finding at a path given as segments. */
export function at(
  object: ModelObject,
  path: readonly PathSegment[],
  message: string,
  fix: string,
  severity?: Severity,
): RuleFinding {
  return {
    object,
    path: formatPath(path),
    segments: path,
    message,
    fix,
    ...(severity === undefined ? {} : { severity }),
  };
}

const routeCache = new WeakMap<VirtualServiceInfo, RouteInfo[]>();

/** The routes of a VirtualService, parsed once per model. */
export function routesOfVirtualService(model: LintModel, vs: VirtualServiceInfo): readonly RouteInfo[] {
  let routes = routeCache.get(vs);
  if (!routes) {
    routes = routesOf(vs.spec, vs.namespace, model.domain);
    routeCache.set(vs, routes);
  }
  return routes;
}

/** VirtualServices whose weights an Argo Rollout rewrites (`ns/name`). */
export function argoManagedVirtualServices(model: LintModel): ReadonlySet<string> {
  return new Set(model.rollouts.flatMap((r) => r.virtualServices));
}

/** Quotes a value for a message: strings in double quotes, the rest as JSON. */
export function quote(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
