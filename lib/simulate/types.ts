/** One kind of request in the simulated mix, e.g. "beta users" or "requests with x-canary: true". */
export interface RequestKind {
  /** Name shown in the output. */
  readonly name: string;
  /** Relative share of the mix (normalized by the sum of all kinds' shares). */
  readonly share: number;
  /**
   * Request headers; names are case-insensitive (stored lowercase, as Envoy does). Pseudo-headers
   * `:path`, `:method` and `:authority` set the path, method and authority.
   * @default {}
   */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Cookies, sent as one `cookie` header (`a=1; b=2`) after any `cookie` header given.
   * @default {}
   */
  readonly cookies?: Readonly<Record<string, string>>;
  /**
   * Labels of the calling workload (for `sourceLabels` matches; gateway traffic has none).
   * @default {}
   */
  readonly sourceLabels?: Readonly<Record<string, string>>;
  /**
   * Namespace of the calling workload (for `sourceNamespace` matches).
   * @default - none
   */
  readonly sourceNamespace?: string;
  /**
   * Where the request enters: `mesh` (a sidecar) or a gateway `namespace/name` (or just `name`).
   * @default "mesh"
   */
  readonly gateway?: string;
  /**
   * Request path, with an optional query string.
   * @default "/"
   */
  readonly path?: string;
  /**
   * HTTP method.
   * @default "GET"
   */
  readonly method?: string;
  /**
   * Destination port (for `port` matches).
   * @default - the port given with the host, if any
   */
  readonly port?: number;
}

/** Options of `simulateTraffic`. */
export interface SimulateOptions {
  /** Host the requests are sent to: `checkout`, `checkout.shop`, a FQDN, optionally with `:port`. */
  readonly host: string;
  /**
   * Number of requests.
   * @default 100000
   */
  readonly requests?: number;
  /**
   * Seed of the pseudo-random generator: same seed, same result.
   * @default 1
   */
  readonly seed?: string | number;
  /**
   * The request mix. Without it, one kind `request` (share 1) with no headers, from the mesh.
   * @default - one plain request kind
   */
  readonly kinds?: readonly RequestKind[];
  /**
   * Cluster domain used to expand short hosts.
   * @default "cluster.local"
   */
  readonly clusterDomain?: string;
  /**
   * Namespace of objects that have none.
   * @default "default"
   */
  readonly defaultNamespace?: string;
}

/** How many requests one destination received, and through which rule. */
export interface DestinationResult {
  /** `host/subset:port`, or what happened instead (`no route (404)`, `redirect ...`). */
  readonly destination: string;
  /** Host, when routed. */
  readonly host?: string;
  /** Subset, when routed to one. */
  readonly subset?: string;
  /** Port, when the route names one. */
  readonly port?: number;
  /** The rule that sent them: `VirtualService ns/name http[i] "name"` (delegation shown with `->`). */
  readonly rule: string;
  /** Simulated requests (for mirrors: mirrored copies). */
  readonly requests: number;
  /** Simulated share of the requests of this kind (or overall), 0..1. */
  readonly share: number;
  /** Share Istio's configuration implies, 0..1. */
  readonly expectedShare: number;
}

/** The result for one request kind (or for all of them). */
export interface KindResult {
  /** Name of the kind (`overall` for the sum). */
  readonly name: string;
  /** Requests of this kind that were simulated. */
  readonly requests: number;
  /** Configured share of this kind in the mix, 0..1. */
  readonly configuredShare: number;
  /** Where the requests went, largest first. */
  readonly destinations: readonly DestinationResult[];
  /** Mirrored copies (not counted in `destinations`), largest first. */
  readonly mirrors: readonly DestinationResult[];
}

/** What `simulateTraffic` returns. */
export interface SimulationResult {
  /** The host as resolved (`checkout.shop.svc.cluster.local`). */
  readonly host: string;
  /** Requests simulated. */
  readonly requests: number;
  /** The seed used. */
  readonly seed: string | number;
  /** One result per request kind, in the order given. */
  readonly kinds: readonly KindResult[];
  /** All kinds together. */
  readonly overall: KindResult;
  /** VirtualServices that route the host (`ns/name`), in order; delegates appear in the rules. */
  readonly virtualServices: readonly string[];
  /** Things worth knowing: conflicts, assumptions (e.g. Flagger's VirtualService in its initial state). */
  readonly notes: readonly string[];
}

/** A user error of the simulation (unknown host, ambiguous name): the CLI prints it and exits 2. */
export class SimulateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulateError';
  }
}
