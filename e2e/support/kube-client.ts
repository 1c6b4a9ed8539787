/**
 * A small Kubernetes REST client for the e2e tests and the control plane's helpers: bearer token,
 * the cluster's CA, a deadline on every call, discovery of each kind's resource name, server-side
 * apply. It reports the API server's own message (`Status.message`) when a call fails.
 */
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';

/** How to reach and authenticate to the API server. */
export interface KubeConnection {
  /** e.g. `https://127.0.0.1:6443` */
  readonly server: string;
  /** PEM of the CA that signed the serving certificate. */
  readonly ca: string;
  /** Bearer token. */
  readonly token: string;
}

/** A Kubernetes object as JSON. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** A failed call: the HTTP status and the server's message. */
export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

interface ResourceInfo {
  readonly plural: string;
  readonly namespaced: boolean;
}

/** Default deadline of one call. */
export const DEFAULT_CALL_TIMEOUT_MS = 30_000;

/** Reads the connection from a kubeconfig written by `cluster up` (token user, CA data). */
export function connectionFromKubeconfig(path: string, user?: string): KubeConnection {
  const config = YAML.parse(readFileSync(path, 'utf8')) as {
    clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { name: string; user: { token: string } }[];
  };
  const cluster = config.clusters[0].cluster;
  const entry = user ? config.users.find((u) => u.name === user) : config.users[0];
  if (!entry) throw new Error(`${path}: no user ${user}`);
  return {
    server: cluster.server,
    ca: Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8'),
    token: entry.user.token,
  };
}

/** The client. */
export class KubeClient {
  private readonly resources = new Map<string, ResourceInfo>();

  constructor(
    readonly connection: KubeConnection,
    private readonly timeoutMs = DEFAULT_CALL_TIMEOUT_MS,
  ) {}

  /** The same server as another identity. */
  withToken(token: string): KubeClient {
    return new KubeClient({ ...this.connection, token }, this.timeoutMs);
  }

  /** One HTTP call; resolves with the parsed JSON body, throws {@link KubeApiError} on >= 400. */
  request(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<unknown> {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const url = new URL(path, this.connection.server);
    return new Promise((resolveCall, reject) => {
      const req = httpsRequest(
        url,
        {
          method,
          ca: this.connection.ca,
          timeout: this.timeoutMs,
          headers: {
            authorization: `Bearer ${this.connection.token}`,
            accept: 'application/json',
            ...(payload === undefined
              ? {}
              : { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              // not JSON: keep the text
            }
            const status = res.statusCode ?? 0;
            if (status >= 400) {
              const s = parsed as { message?: string; reason?: string } | undefined;
              const message = typeof s === 'object' && s?.message ? s.message : text;
              reject(new KubeApiError(status, s?.reason ?? '', `${method} ${path}: ${status} ${message}`));
            } else resolveCall(parsed);
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in ${this.timeoutMs} ms`)));
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** The resource name and scope of `apiVersion`/`kind`, from the server's discovery. */
  async resource(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const key = `${apiVersion}/${kind}`;
    const known = this.resources.get(key);
    if (known) return known;
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const list = (await this.request('GET', base)) as {
      resources: { name: string; kind: string; namespaced: boolean }[];
    };
    for (const r of list.resources) {
      if (!r.name.includes('/'))
        this.resources.set(`${apiVersion}/${r.kind}`, { plural: r.name, namespaced: r.namespaced });
    }
    const found = this.resources.get(key);
    if (!found) throw new Error(`the server has no ${kind} in ${apiVersion}`);
    return found;
  }

  /** The URL path of a collection or of one object. */
  async path(apiVersion: string, kind: string, namespace?: string, name?: string): Promise<string> {
    const info = await this.resource(apiVersion, kind);
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    return `${base}${ns}/${info.plural}${name ? `/${encodeURIComponent(name)}` : ''}`;
  }

  /** Server-side apply (`force` takes ownership of conflicting fields). Returns the stored object. */
  async apply(object: KubeObject, fieldManager = 'canary-kit', force = false): Promise<KubeObject> {
    const path = await this.path(
      object.apiVersion,
      object.kind,
      object.metadata.namespace,
      object.metadata.name,
    );
    const query = `?fieldManager=${encodeURIComponent(fieldManager)}${force ? '&force=true' : ''}&fieldValidation=Strict`;
    return (await this.request('PATCH', path + query, object, 'application/apply-patch+yaml')) as KubeObject;
  }

  /** GET one object; undefined when it does not exist. */
  async get(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): Promise<KubeObject | undefined> {
    try {
      return (await this.request('GET', await this.path(apiVersion, kind, namespace, name))) as KubeObject;
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Lists a kind in a namespace (or everywhere). */
  async list(apiVersion: string, kind: string, namespace?: string): Promise<KubeObject[]> {
    const result = (await this.request('GET', await this.path(apiVersion, kind, namespace))) as {
      items: KubeObject[];
    };
    return result.items.map((item) => ({ ...item, apiVersion, kind }));
  }

  /** Deletes one object (background propagation); a missing object is fine. */
  async delete(apiVersion: string, kind: string, namespace: string | undefined, name: string): Promise<void> {
    try {
      await this.request(
        'DELETE',
        `${await this.path(apiVersion, kind, namespace, name)}?propagationPolicy=Background`,
      );
    } catch (error) {
      if (!(error instanceof KubeApiError && error.status === 404)) throw error;
    }
  }

  /** A JSON patch (RFC 6902) or merge patch of one object. */
  async patch(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    type: 'json' | 'merge' = 'merge',
    subresource = '',
  ): Promise<KubeObject> {
    const path =
      (await this.path(apiVersion, kind, namespace, name)) + (subresource ? `/${subresource}` : '');
    const contentType = type === 'json' ? 'application/json-patch+json' : 'application/merge-patch+json';
    return (await this.request('PATCH', path, patch, contentType)) as KubeObject;
  }

  /** Creates a namespace if it does not exist. */
  async ensureNamespace(name: string): Promise<void> {
    await this.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, 'canary-kit-e2e');
  }
}
