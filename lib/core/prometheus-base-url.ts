/**
 * What a Prometheus base URL (`automation.prometheusUrl`, the gate's `--prometheus`) may be: an
 * http(s) URL, with a path prefix and query parameters if needed (the gate keeps both, see
 * `lib/gate/prometheus-url.ts`), but without a `#fragment` (never sent) and without the two
 * parameters the gate sets on every query.
 */

/** Parameters the gate sets on every instant query; a base URL cannot carry them. */
const RESERVED_PARAMETERS = ['query', 'time'];

/** Why `base` cannot be a Prometheus base URL, or undefined when it can. */
export function prometheusBaseUrlProblem(base: string): string | undefined {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'is not an http(s) URL';
  if (url.hash !== '' || base.includes('#')) return 'has a #fragment, which is never sent to the server';
  const reserved = RESERVED_PARAMETERS.filter((name) => url.searchParams.has(name));
  if (reserved.length > 0) {
    return `sets the query parameter ${reserved.map((r) => `'${r}'`).join(' and ')}, which the gate sets on every query`;
  }
  return undefined;
}
