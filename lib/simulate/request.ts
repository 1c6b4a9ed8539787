import { RequestKind } from './types';

/** A request as the router sees it: everything Istio's HTTP match conditions can test. */
export interface SimRequest {
  /** Header values by lowercase name (including `cookie`). */
  readonly headers: ReadonlyMap<string, string>;
  /** Path without the query string. */
  readonly path: string;
  /** Query parameters (first value of each). */
  readonly query: ReadonlyMap<string, string>;
  /** HTTP method. */
  readonly method: string;
  /** `:authority` (the host as the client wrote it). */
  readonly authority: string;
  /** `http`. */
  readonly scheme: string;
  /** Destination port, when known. */
  readonly port: number | undefined;
  /** Labels of the calling workload. */
  readonly sourceLabels: Readonly<Record<string, string>>;
  /** Namespace of the calling workload. */
  readonly sourceNamespace: string | undefined;
  /** `mesh` or a gateway (`ns/name` or `name`). */
  readonly gateway: string;
}

function parseQuery(text: string): Map<string, string> {
  const query = new Map<string, string>();
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const decode = (s: string): string => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    if (!query.has(key)) query.set(key, eq < 0 ? '' : decode(part.slice(eq + 1)));
  }
  return query;
}

/** Builds the request of a kind sent to `authority` (the host as given, with `port` if known). */
export function buildRequest(kind: RequestKind, authority: string, port: number | undefined): SimRequest {
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(kind.headers ?? {})) headers.set(name.toLowerCase(), value);
  const cookies = Object.entries(kind.cookies ?? {}).map(([k, v]) => `${k}=${v}`);
  if (cookies.length > 0) {
    const existing = headers.get('cookie');
    headers.set('cookie', [...(existing ? [existing] : []), ...cookies].join('; '));
  }
  const rawPath = headers.get(':path') ?? kind.path ?? '/';
  const q = rawPath.indexOf('?');
  const path = q < 0 ? rawPath : rawPath.slice(0, q);
  const method = headers.get(':method') ?? kind.method ?? 'GET';
  const auth = headers.get(':authority') ?? authority;
  headers.set(':path', rawPath);
  headers.set(':method', method);
  headers.set(':authority', auth);
  return {
    headers,
    path,
    query: parseQuery(q < 0 ? '' : rawPath.slice(q + 1)),
    method,
    authority: auth,
    scheme: 'http',
    port: kind.port ?? port,
    sourceLabels: kind.sourceLabels ?? {},
    sourceNamespace: kind.sourceNamespace,
    gateway: kind.gateway ?? 'mesh',
  };
}

/**
 * Parses `key=value` pairs from repeated flags; each value may hold several pairs separated by
 * commas (`--source-labels app=web,version=v1`) when `commaSeparated`. Throws on a pair without `=`.
 */
export function parsePairs(
  values: readonly string[],
  flag: string,
  commaSeparated = false,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values) {
    for (const pair of commaSeparated ? value.split(',') : [value]) {
      const eq = pair.indexOf('=', pair.startsWith(':') ? 1 : 0);
      if (eq <= 0) throw new Error(`${flag} '${pair}' is not key=value (e.g. ${flag} x-canary=true).`);
      out[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
    }
  }
  return out;
}
