import { CanaryPlan, ResolvedHeaderMatches } from '../plan';
import { compact } from './resource';

/** Istio `HTTPMatchRequest.headers` from resolved header matches, in the spec's order. */
export function headerMatch(headers: ResolvedHeaderMatches): Record<string, Record<string, string>> {
  return Object.fromEntries(
    headers.map(([name, match]) => [name, compact({ ...match }) as Record<string, string>]),
  );
}

/** The retry and timeout fields shared by every route. */
export function retryAndTimeout(plan: CanaryPlan): Record<string, unknown> {
  const retries = plan.resilience.retries;
  return compact({
    timeout: plan.resilience.timeout,
    retries: retries
      ? { attempts: retries.attempts, perTryTimeout: retries.perTryTimeout, retryOn: retries.retryOn }
      : undefined,
  });
}

/**
 * A regex over the `cookie` request header that matches when `name=value` is one of its cookies
 * (RE2 syntax, matched against the whole header value as Envoy does).
 */
export function cookieRegex(name: string, value: string): string {
  return `^(.*?;\\s*)?${name}=${value}(;.*)?$`;
}
