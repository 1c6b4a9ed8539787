/**
 * Deadlines for Kubernetes API calls: a hung API server must end in a decision record (hold),
 * never in a gate that waits until the CronJob is killed.
 */
import { ClusterApi, ClusterApiError } from './kube-client';

/**
 * Calls `call` and rejects with a `ClusterApiError` when it has not settled within `ms`
 * (`timedOut`: the request was sent, so a write may still land). With no time left the call is
 * not made at all: "not sent" is then certain.
 */
export function withDeadline<T>(call: () => Promise<T>, ms: number, what: string): Promise<T> {
  if (ms <= 0)
    return Promise.reject(
      new ClusterApiError(`${what}: not sent, the run's deadline (--deadline) has passed`, undefined, false),
    );
  const promise = call();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ClusterApiError(
            `${what}: the Kubernetes API did not answer within ${ms} ms`,
            undefined,
            false,
            true,
          ),
        ),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * `api` with every call bounded by `timeoutMs` and by the run's `deadline` (epoch ms), whichever
 * comes first.
 */
export function withCallDeadlines(api: ClusterApi, timeoutMs: number, deadline: number): ClusterApi {
  const limit = () => Math.min(timeoutMs, deadline - Date.now());
  return {
    getVirtualService: (namespace, name) =>
      withDeadline(
        () => api.getVirtualService(namespace, name),
        limit(),
        `get VirtualService ${namespace}/${name}`,
      ),
    patchVirtualService: (namespace, name, patch) =>
      withDeadline(
        () => api.patchVirtualService(namespace, name, patch),
        limit(),
        `patch VirtualService ${namespace}/${name}`,
      ),
    patchDeploymentScale: (namespace, name, patch) =>
      withDeadline(
        () => api.patchDeploymentScale(namespace, name, patch),
        limit(),
        `patch Deployment ${namespace}/${name} scale`,
      ),
    getDeployment: (namespace, name) =>
      withDeadline(() => api.getDeployment(namespace, name), limit(), `get Deployment ${namespace}/${name}`),
  };
}
