import { CanaryPlan } from '../plan';
import { CANARY_SUBSET, STABLE_SUBSET } from './destination-rule';
import { cookieRegex, requestMatch, retryAndTimeout, routeResponseHeaders } from './routes';
import {
  PROMOTING_ANNOTATION,
  ROLLBACK_ANNOTATIONS,
  ROLLBACK_WITHIN_ANNOTATION,
  STAGE_ANNOTATION,
  STAGE_STARTED_AT_ANNOTATION,
} from '../annotations';
import { lintIgnoreMeshGateway } from './lint-ignore';
import { compact, ControllerOwnedField, objectMeta, RenderedResource } from './resource';

type Track = 'stable' | 'canary';

/** Name of the weighted catch-all route: the one the gate patches and lint reads. */
export const DEFAULT_ROUTE_NAME = 'default';

/** Response header that tells which track served a request. */
export const SERVED_BY_HEADER = 'x-served-by';
/**
 * The value of the stickiness cookie for a track at the current share, e.g. `stable-10`: a cookie
 * is honoured only while the share that issued it is current, so a new stage (or a rollback, or a
 * promotion step) splits returning users again at the new share instead of keeping them where an
 * earlier stage put them. Within one share a user stays on their track for `maxAgeSeconds`.
 */
export function stickyCookieValue(plan: CanaryPlan, track: Track): string {
  return `${track}-${plan.traffic.canaryWeight}`;
}

function destination(
  plan: CanaryPlan,
  track: Track,
  weight: number | undefined,
  sticky: boolean,
): Record<string, unknown> {
  const response: Record<string, Record<string, string>> = {};
  if (plan.traffic.servedByHeader) response.set = { [SERVED_BY_HEADER]: track };
  if (sticky && plan.traffic.sticky) {
    const { cookieName, maxAgeSeconds } = plan.traffic.sticky;
    response.add = {
      'set-cookie': `${cookieName}=${stickyCookieValue(plan, track)}; Max-Age=${maxAgeSeconds}; Path=/; HttpOnly`,
    };
  }
  return compact({
    destination: {
      host: plan.names.name,
      subset: track === 'stable' ? STABLE_SUBSET : CANARY_SUBSET,
      port: { number: plan.service.port },
    },
    weight,
    headers: Object.keys(response).length > 0 ? { response } : undefined,
  });
}

function split(plan: CanaryPlan, canaryWeight: number, sticky: boolean): Record<string, unknown>[] {
  return [
    destination(plan, 'stable', 100 - canaryWeight, sticky),
    destination(plan, 'canary', canaryWeight, sticky),
  ];
}

/**
 * `traffic.mirrorPercentage` as route fields. Istio mirrors per route (istio/istio 1.30
 * pilot/pkg/networking/core/route/route.go: `in.Mirror` / `in.Mirrors` become the route's
 * `RequestMirrorPolicies`), so the shadow copy is put on every route that serves stable; the
 * traffic rules allow mirroring only while no route sends live traffic to the canary.
 */
function mirrorFields(plan: CanaryPlan): Record<string, unknown> {
  // No mirror to a canary that a rollback scaled to zero (see `rolledBack`).
  const mirror = rolledBack(plan).canaryGone ? undefined : plan.traffic.mirrorPercentage;
  if (mirror === undefined) return {};
  return {
    mirror: { host: plan.names.name, subset: CANARY_SUBSET, port: { number: plan.service.port } },
    mirrorPercentage: { value: mirror },
  };
}

/**
 * While a rollback is recorded, everyone goes back to stable: cohorts get a canary share of 0
 * (like the default route, whose share the validation already requires to be 0), and when the
 * canary is scaled to zero (`workload.scaleCanaryToZeroOnRollback`) the dark-launch route and
 * mirroring are left out too, so no request is sent to a Deployment without pods (Istio answers
 * 503 "no healthy upstream" for a subset without endpoints). The in-cluster gate's rollback patch
 * (`lib/gate/in-cluster/rollback-patch.ts`) makes the same changes to the live object.
 */
export function rolledBack(plan: CanaryPlan): { readonly any: boolean; readonly canaryGone: boolean } {
  const any = plan.traffic.rollback !== undefined;
  return { any, canaryGone: any && plan.workload.canaryReplicas === 0 };
}

/** The canary share of a cohort: its own, or 0 while a rollback is recorded. */
export function cohortCanaryWeight(plan: CanaryPlan, cohortWeight: number): number {
  return rolledBack(plan).any ? 0 : cohortWeight;
}

/**
 * The HTTP routes of `mesh` mode, in the order Istio must evaluate them (first match wins):
 * 1. `dark-launch`: the dark-launch requests always reach the canary;
 * 2. `cohort-<name>`: each cohort with its own split (mirrored in the shadow phase);
 * 3. `sticky-canary` / `sticky-stable`: users keep the track their cookie names, if the cookie
 *    was issued at the current share (`stickyCookieValue`); both are left out while the canary
 *    share is 0, when no cookie is issued at all, so a rollback moves every sticky user back and
 *    the shadow phase mirrors every stable request;
 * 4. `default`: the weighted split (stable = 100 - canary), with mirroring, and the cookie while
 *    the canary share is above 0.
 */
export function meshRoutes(plan: CanaryPlan): Record<string, unknown>[] {
  const common = { ...retryAndTimeout(plan), ...routeResponseHeaders(plan) };
  const routes: Record<string, unknown>[] = [];
  const rollback = rolledBack(plan);
  if (plan.traffic.darkLaunch && !rollback.canaryGone) {
    routes.push({
      name: 'dark-launch',
      match: [requestMatch(plan.traffic.darkLaunch)],
      route: [destination(plan, 'canary', undefined, false)],
      ...common,
    });
  }
  for (const cohort of plan.traffic.cohorts) {
    routes.push({
      name: `cohort-${cohort.name}`,
      match: [requestMatch(cohort.match)],
      route: split(plan, cohortCanaryWeight(plan, cohort.canaryWeight), false),
      ...mirrorFields(plan),
      ...common,
    });
  }
  const sticky = plan.traffic.canaryWeight > 0 ? plan.traffic.sticky : undefined;
  if (sticky) {
    for (const track of ['canary', 'stable'] as const) {
      routes.push({
        name: `sticky-${track}`,
        match: [
          { headers: { cookie: { regex: cookieRegex(sticky.cookieName, stickyCookieValue(plan, track)) } } },
        ],
        route: [destination(plan, track, undefined, false)],
        ...common,
      });
    }
  }
  routes.push({
    name: DEFAULT_ROUTE_NAME,
    route: split(plan, plan.traffic.canaryWeight, sticky !== undefined),
    ...mirrorFields(plan),
    ...common,
  });
  return routes;
}

function annotations(plan: CanaryPlan): Record<string, string> {
  const result: Record<string, string> = { ...lintIgnoreMeshGateway(plan, 'vs-gateway-without-mesh') };
  if (plan.traffic.stage) result[STAGE_ANNOTATION] = plan.traffic.stage;
  if (plan.traffic.stageStartedAt) result[STAGE_STARTED_AT_ANNOTATION] = plan.traffic.stageStartedAt;
  if (plan.traffic.canaryWeight > plan.traffic.stableWeight) result[PROMOTING_ANNOTATION] = 'true';
  if (plan.rollbackWithin) result[ROLLBACK_WITHIN_ANNOTATION] = plan.rollbackWithin;
  const rollback = plan.traffic.rollback;
  if (rollback) {
    result[ROLLBACK_ANNOTATIONS.reason] = rollback.reason;
    result[ROLLBACK_ANNOTATIONS.at] = rollback.at;
    result[ROLLBACK_ANNOTATIONS.previousCanaryWeight] = String(rollback.previousCanaryWeight);
  }
  return result;
}

/**
 * With `automation`, the gate CronJob moves the stable and canary weights of the `default` route
 * in the cluster (a guarded JSON Patch of those two numbers only): they are its fields then.
 */
function gateOwnedWeights(
  plan: CanaryPlan,
  routes: readonly Record<string, unknown>[],
): ControllerOwnedField[] {
  if (!plan.automation) return [];
  const index = routes.findIndex((route) => route.name === DEFAULT_ROUTE_NAME);
  const owned = [0, 1].map((destination) => ({
    path: `spec.http[${index}].route[${destination}].weight`,
    owner: 'the canary-kit gate',
    reason: 'the gate advances or rolls back the split in the cluster at every run',
  }));
  // A rollback in the cluster also sets every cohort's canary share to 0 (rollback-patch.ts).
  routes.forEach((route, cohort) => {
    if (typeof route.name !== 'string' || !route.name.startsWith('cohort-')) return;
    for (const destination of [0, 1]) {
      owned.push({
        path: `spec.http[${cohort}].route[${destination}].weight`,
        owner: 'the canary-kit gate',
        reason: 'a rollback in the cluster moves every cohort back to stable',
      });
    }
  });
  return owned;
}

/** The VirtualService of `mesh` mode: the one owner of routing for the service's hosts. */
export function renderVirtualService(plan: CanaryPlan): RenderedResource[] {
  if (plan.mode !== 'mesh') return [];
  const http = meshRoutes(plan);
  const controllerOwned = gateOwnedWeights(plan, http);
  return [
    {
      id: 'virtual-service',
      dependsOn: ['destination-rule'],
      ...(controllerOwned.length > 0 ? { controllerOwned } : {}),
      manifest: {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: objectMeta(plan, plan.names.name, { annotations: annotations(plan) }),
        spec: compact({
          hosts: [...plan.service.hosts],
          gateways: plan.service.gateways.length > 0 ? [...plan.service.gateways] : undefined,
          http,
        }),
      },
    },
  ];
}

/**
 * The root VirtualService of `flagger` mode with delegation: everything is delegated to Flagger's
 * VirtualService `<name>`, which Flagger rewrites at every step without touching this one. (A
 * header dark launch cannot live here: see `traffic.darkLaunchHeaders` in the traffic rules.)
 */
export function renderRootVirtualService(plan: CanaryPlan): RenderedResource[] {
  if (plan.mode !== 'flagger' || !plan.service.delegation) return [];
  const routes: Record<string, unknown>[] = [
    {
      name: 'flagger',
      delegate: { name: plan.names.name, namespace: plan.names.namespace },
      ...routeResponseHeaders(plan),
    },
  ];
  return [
    {
      id: 'root-virtual-service',
      dependsOn: ['canary'],
      manifest: {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: objectMeta(plan, plan.names.rootVirtualService, {
          annotations: lintIgnoreMeshGateway(plan, 'vs-gateway-without-mesh'),
        }),
        spec: compact({
          hosts: [...plan.service.hosts],
          gateways: plan.service.gateways.length > 0 ? [...plan.service.gateways] : undefined,
          http: routes,
        }),
      },
    },
  ];
}
