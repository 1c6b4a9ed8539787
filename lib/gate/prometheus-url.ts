/**
 * The query URL of a Prometheus base URL. The base may carry a path prefix (Prometheus behind a
 * reverse proxy with `--web.route-prefix`, e.g. `http://host/prometheus`) and query parameters
 * (e.g. prom-label-proxy's `?namespace=shop`, a tenant selector of a multi-tenant proxy): the
 * prefix is kept and the parameters are **preserved** on every request, in their order, before the
 * gate's own `query` and `time`. A base that sets `query` or `time` itself, or has a `#fragment`,
 * is refused: the two would collide, and a fragment is never sent. Query values are printed only
 * through `redactUrl` (`<redacted>`), so a token in a parameter never reaches a record or a log.
 */

/**
 * `<base path>/api/v1/query?<base parameters>&query=<promql>&time=<seconds>`: the path prefix kept
 * (trailing slashes dropped), the base's parameters first and unchanged.
 */
export function instantQueryUrl(base: string, promql: string, timeSeconds: number): string {
  const url = new URL(base);
  url.hash = '';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/api/v1/query`;
  url.searchParams.append('query', promql);
  url.searchParams.append('time', String(timeSeconds));
  return url.href;
}
