import { CanaryPlan, RequestMatchPlan, ResolvedHeaderMatches } from '../plan';
import { StringMatch } from '../spec';
import { compact } from './resource';

function stringMatch(match: StringMatch): Record<string, string> {
  return compact({ ...match }) as Record<string, string>;
}

/** Istio `HTTPMatchRequest.headers` (or `queryParams`) from resolved matches, in the spec's order. */
export function headerMatch(headers: ResolvedHeaderMatches): Record<string, Record<string, string>> {
  return Object.fromEntries(headers.map(([name, match]) => [name, stringMatch(match)]));
}

/**
 * One Istio `HTTPMatchRequest` (every field must hold), in the spec's order within each field.
 * `headers` comes first, so a header-only match renders exactly as `{ headers }`.
 */
export function requestMatch(match: RequestMatchPlan): Record<string, unknown> {
  return compact({
    headers: match.headers.length > 0 ? headerMatch(match.headers) : undefined,
    uri: match.uri && stringMatch(match.uri),
    method: match.method && stringMatch(match.method),
    queryParams: match.queryParams.length > 0 ? headerMatch(match.queryParams) : undefined,
    sourceLabels: match.sourceLabels.length > 0 ? Object.fromEntries(match.sourceLabels) : undefined,
  });
}

/**
 * Istio `HTTPRetry` of every route, in both modes. `resilience.retries: false` must be written as
 * `attempts: 0`, never left out: Istio converts a route without `retries` into its default policy
 * of 2 retries (istio/istio 1.30 pilot/pkg/networking/core/route/retry/retry.go, `ConvertPolicy`:
 * `in == nil` returns the cached default with `NumRetries: 2`; `in.Attempts <= 0` returns no policy),
 * and its validation rejects any other field next to `attempts: 0` (pkg/config/validation/
 * validation.go, `validateHTTPRetry`: "http retry policy configured when attempts are set to 0").
 * Flagger copies `spec.service.retries` into every route it writes and keeps a 0 (fluxcd/flagger
 * v1.44.0 pkg/apis/istio/v1beta1/virtual_service.go: `Attempts int \`json:"attempts"\`` has no
 * omitempty; pkg/router/istio.go sets `Retries: canary.Spec.Service.Retries` on each route).
 */
export function retryPolicy(plan: CanaryPlan): Record<string, unknown> {
  const retries = plan.resilience.retries;
  return retries
    ? { attempts: retries.attempts, perTryTimeout: retries.perTryTimeout, retryOn: retries.retryOn }
    : { attempts: 0 };
}

/** The retry and timeout fields shared by every route. */
export function retryAndTimeout(plan: CanaryPlan): Record<string, unknown> {
  return compact({ timeout: plan.resilience.timeout, retries: retryPolicy(plan) });
}

/**
 * A regex over the `cookie` request header that matches when `name=value` is one of its cookies
 * (RE2 syntax, matched against the whole header value as Envoy does).
 */
export function cookieRegex(name: string, value: string): string {
  return `^(.*?;\\s*)?${name}=${value}(;.*)?$`;
}

/**
 * `service.responseHeaders` as route-level header operations, for every route canary-kit writes.
 * Istio applies a route's `headers.response` and each destination's (istio/istio 1.30
 * pilot/pkg/networking/core/route/route.go: `translateRoute` sets the route's
 * `ResponseHeadersToAdd` from `in.Headers`, `processWeightedDestination` the cluster weight's from
 * `dst.Headers`), so these add to the `x-served-by` and cookie headers of the destinations. A root
 * route that delegates passes them to delegate routes that set none (pilot/pkg/model/
 * virtualservice.go, `mergeHTTPRoute`: `if delegate.Headers == nil`).
 */
export function routeResponseHeaders(plan: CanaryPlan): Record<string, unknown> {
  const headers = plan.service.responseHeaders;
  return Object.keys(headers).length > 0 ? { headers: { response: { add: { ...headers } } } } : {};
}
