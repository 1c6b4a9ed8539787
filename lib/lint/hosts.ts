/**
 * Host names as Istio reads them.
 *
 * Istio expands a host of a VirtualService or DestinationRule only when it has no dot at all:
 * `reviews` in namespace `shop` means `reviews.shop.svc.cluster.local`. A host with a dot is taken
 * as written, so `reviews.shop` is NOT expanded (istio/istio `ResolveShortnameToFQDN`: "if FQDN is
 * specified, do not append domain or namespace"); `*` and `*.example.com` are wildcards.
 * A client, on the other hand, resolves `reviews.shop` through the pod's DNS search path, so the
 * simulator expands request hosts the way DNS does (`resolveRequestHost`).
 */

/** The Kubernetes cluster domain when none is given. */
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

/** The in-cluster FQDN of a Service: `<name>.<namespace>.svc.<domain>`. */
export function serviceHost(
  name: string,
  namespace: string,
  domain: string = DEFAULT_CLUSTER_DOMAIN,
): string {
  return `${name}.${namespace}.svc.${domain}`;
}

/** Resolves a host written in an Istio object of `namespace` the way Istio does. */
export function resolveHost(
  host: string,
  namespace: string,
  domain: string = DEFAULT_CLUSTER_DOMAIN,
): string {
  const lower = host.toLowerCase();
  if (lower === '*' || lower.includes('.') || lower.includes(':') || lower === '') return lower;
  return serviceHost(lower, namespace, domain);
}

/** True for `*` and `*.suffix` hosts. */
export function isWildcardHost(host: string): boolean {
  return host.startsWith('*');
}

/**
 * True when a (possibly wildcard) host pattern covers `host`: `*` covers everything, `*.example.com`
 * covers `a.example.com` and `a.b.example.com`; otherwise the names must be equal.
 */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === host || pattern === '*') return true;
  if (pattern.startsWith('*')) return host.endsWith(pattern.slice(1));
  return false;
}

/** For a cluster-local FQDN `<name>.<ns>.svc.<domain>`, its Service name and namespace. */
export function clusterLocalService(
  host: string,
  domain: string = DEFAULT_CLUSTER_DOMAIN,
): { readonly name: string; readonly namespace: string } | undefined {
  const suffix = `.svc.${domain}`;
  if (!host.endsWith(suffix)) return undefined;
  const parts = host.slice(0, -suffix.length).split('.');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '' || parts[0] === '*') return undefined;
  return { name: parts[0], namespace: parts[1] };
}

/** True for a host that names something inside the cluster (`*.svc.<domain>`). */
export function isClusterLocal(host: string, domain: string = DEFAULT_CLUSTER_DOMAIN): boolean {
  return host.endsWith(`.svc.${domain}`);
}

/**
 * The short Service name a cluster-local host refers to (`reviews` for
 * `reviews.shop.svc.cluster.local`), or the host itself.
 */
export function shortHost(host: string, domain: string = DEFAULT_CLUSTER_DOMAIN): string {
  return clusterLocalService(host, domain)?.name ?? host;
}

/**
 * Resolves a gateway reference of a VirtualService in `namespace` to `namespace/name`, or `mesh`.
 * Istio accepts `mesh`, `<ns>/<name>`, a bare `<name>` (same namespace as the VirtualService)
 * and the legacy `<name>.<ns>.svc.cluster.local` form.
 */
export function resolveGateway(gateway: string, namespace: string): string {
  if (gateway === 'mesh') return 'mesh';
  if (gateway.includes('/')) return gateway;
  if (gateway.includes('.')) {
    const [name, ns] = gateway.split('.');
    return `${ns}/${name}`;
  }
  return `${namespace}/${gateway}`;
}
