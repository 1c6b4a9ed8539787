/**
 * The string syntaxes of a spec, in one place: the rules test strings with these
 * (lib/core/validate/formats.ts builds its checks from them), and `npm run gen`
 * (scripts/spec-schema.js) writes them into the JSON Schema as `pattern`, `maxLength` and
 * `propertyNames`, so editors flag what `validate` refuses. No imports: the schema script
 * transpiles this file on its own. Patterns are ECMAScript regular expressions that JSON Schema
 * validators (Ajv, yaml-language-server) run with the `u` flag.
 */

/** One string syntax: a pattern and, where the pattern does not bound it, a maximum length. */
export interface StringFormat {
  /** Short name, for messages and tests (`dns-label`). */
  readonly name: string;
  /** Anchored regular expression. */
  readonly pattern: string;
  /**
   * Largest number of characters.
   * @default - no limit beyond the pattern's
   */
  readonly maxLength?: number;
}

// Building blocks (not anchored).
const LABEL = '[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?';
const SUBDOMAIN = `${LABEL}(\\.${LABEL})*`;
const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]';
/** Lowercase HTTP token characters (RFC 9110 tchar without uppercase letters). */
const LOWER_TCHAR = "[a-z0-9!#$%&'*+.^_`|~-]";
const TCHAR = "[A-Za-z0-9!#$%&'*+.^_`|~-]";

/** Longest spec `name`: Flagger names the primary `<name>-primary`, and names have at most 63 characters. */
export const SPEC_NAME_MAX_LENGTH = 55;

/** Flagger's duration syntax (`^[0-9]+(m|s)` in its CRD), anchored at both ends here. */
export const FLAGGER_DURATION_PATTERN = '^[0-9]+(m|s)$';
/** Istio/Envoy durations as canary-kit accepts them: a whole number of ms, s, m or h. */
export const ISTIO_DURATION_PATTERN = '^[0-9]+(ms|s|m|h)$';
/** Prometheus durations as canary-kit accepts them (alert `for:`). */
export const PROMETHEUS_DURATION_PATTERN = '^[0-9]+(s|m|h)$';

/** Every string syntax the rules check with a pattern. */
export const FORMATS = {
  /** A DNS-1123 label (names of namespaces, stages, cohorts, metrics, notifications). */
  dnsLabel: { name: 'dns-label', pattern: `^${LABEL}$` },
  /** The spec `name`: a DNS-1123 label short enough for `<name>-primary`. */
  specName: { name: 'spec-name', pattern: `^${LABEL}$`, maxLength: SPEC_NAME_MAX_LENGTH },
  /** A DNS-1123 subdomain (object names such as a Deployment or a Secret). */
  dnsSubdomain: { name: 'dns-subdomain', pattern: `^${SUBDOMAIN}$`, maxLength: 253 },
  /** A fully qualified host or `*.` wildcard, as routed by a VirtualService (a short name is refused). */
  routeHost: {
    name: 'route-host',
    pattern: `^(\\*\\.(?=.{1,253}$)${SUBDOMAIN}|(?=.{1,253}$)${LABEL}(\\.${LABEL})+)$`,
  },
  /** A gateway reference: `name` or `namespace/name`. */
  gatewayRef: {
    name: 'gateway-ref',
    pattern: `^((?=[^/]{1,253}/)${SUBDOMAIN}/)?(?=[^/]{1,253}$)${SUBDOMAIN}$`,
  },
  /** A cookie domain: a DNS subdomain, optionally with a leading dot. */
  cookieDomain: { name: 'cookie-domain', pattern: `^\\.?(?=.{1,253}$)${SUBDOMAIN}$` },
  /** A Kubernetes label key: an optional DNS-subdomain prefix and `/`, and a name of at most 63. */
  labelKey: {
    name: 'label-key',
    pattern: `^((?=[^/]{1,253}/)${SUBDOMAIN}/)?${QUALIFIED_NAME}$`,
  },
  /** A Kubernetes label value: empty, or at most 63 alphanumerics with `-`, `_`, `.` inside. */
  labelValue: { name: 'label-value', pattern: `^(${QUALIFIED_NAME})?$` },
  /**
   * A container image reference `registry[:port]/repository[:tag][@algorithm:digest]` (lowercase
   * repository, tag of at most 128, hex digest of at least 32).
   */
  image: {
    name: 'image',
    pattern:
      '^[a-z0-9]+([._-]+[a-z0-9]+|:[0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@[a-z0-9]+:[a-f0-9]{32,})?$',
  },
  /** An HTTP header name as Istio matches it: lowercase token characters. */
  lowercaseHeaderName: { name: 'lowercase-header-name', pattern: `^${LOWER_TCHAR}+$` },
  /** A response header Istio lets a route set: a lowercase name other than `host`. */
  responseHeaderName: { name: 'response-header-name', pattern: `^(?!host$)${LOWER_TCHAR}+$` },
  /** An HTTP header name in any case (load-test requests). */
  headerName: { name: 'header-name', pattern: `^${TCHAR}+$` },
  /** A header value Istio accepts: no control characters other than tab. */
  headerValue: { name: 'header-value', pattern: '^[^\\u0000-\\u0008\\u000A-\\u001F\\u007F]*$' },
  /** A value without line breaks. */
  singleLine: { name: 'single-line', pattern: '^[^\\r\\n]*$' },
  /**
   * An absolute http(s) URL: scheme, a host and an optional path, query or fragment, no white
   * space. The validator also parses it (WHATWG URL), which the schema cannot.
   */
  httpUrl: { name: 'http-url', pattern: '^https?://[^\\s/?#]+([/?#]\\S*)?$' },
  /** An http(s) URL without `user:password@` (the credential would be stored and printed). */
  httpUrlWithoutCredentials: {
    name: 'http-url-without-credentials',
    pattern: '^https?://[^\\s/?#@]+([/?#]\\S*)?$',
  },
  /** A Kubernetes resource quantity such as `250m`, `1`, `128Mi`, `1.5Gi`. */
  quantity: { name: 'quantity', pattern: '^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$' },
  /** An RFC 3339 date-time such as `2026-11-24T18:00:00Z` (the validator also checks the calendar). */
  rfc3339: {
    name: 'rfc3339',
    pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$',
  },
  /** An absolute URL path. */
  absolutePath: { name: 'absolute-path', pattern: '^/' },
  /** A cookie name canary-kit writes into a VirtualService match: letters, digits, `_`, `-`. */
  cookieName: { name: 'cookie-name', pattern: '^[A-Za-z0-9_-]+$' },
  /** An environment variable name as Kubernetes accepts it. */
  envName: { name: 'env-name', pattern: '^[-._a-zA-Z][-._a-zA-Z0-9]*$' },
  /** Flagger's duration syntax. */
  flaggerDuration: { name: 'flagger-duration', pattern: FLAGGER_DURATION_PATTERN },
  /** Istio/Envoy durations. */
  istioDuration: { name: 'istio-duration', pattern: ISTIO_DURATION_PATTERN },
  /** Prometheus durations (alert `for:`), also the gate's stage durations and `rollbackWithin`. */
  prometheusDuration: { name: 'prometheus-duration', pattern: PROMETHEUS_DURATION_PATTERN },
  /** A positive Go duration of one unit, as `hey -z` and `ghz -z` take it. */
  loadDuration: { name: 'load-duration', pattern: '^[1-9][0-9]*(s|m|h)$' },
} as const satisfies Readonly<Record<string, StringFormat>>;

/**
 * Which fields carry which syntax. Keys name a place in lib/core/spec.ts (the schema's
 * definitions): `Interface.field` is the string itself, `Interface.field[]` each item of a list,
 * `Interface.field{key}` each key of a map and `Interface.field{}` each value of a map; a map type
 * of its own is written without a field (`HeaderMatches{key}`).
 */
export const SPEC_PATTERNS: Readonly<Record<string, StringFormat>> = {
  'CanaryServiceSpec.name': FORMATS.specName,
  'CanaryServiceSpec.namespace': FORMATS.dnsLabel,
  'CanaryServiceSpec.labels{key}': FORMATS.labelKey,
  'CanaryServiceSpec.labels{}': FORMATS.labelValue,
  'CanaryServiceSpec.rollbackWithin': FORMATS.prometheusDuration,
  'WorkloadSpec.existingDeployment': FORMATS.dnsSubdomain,
  'WorkloadSpec.image': FORMATS.image,
  'WorkloadSpec.canaryImage': FORMATS.image,
  'WorkloadSpec.metricsPath': FORMATS.absolutePath,
  'WorkloadSpec.env{key}': FORMATS.envName,
  'ResourceQuantities.cpu': FORMATS.quantity,
  'ResourceQuantities.memory': FORMATS.quantity,
  'ProbesSpec.readinessPath': FORMATS.absolutePath,
  'ProbesSpec.livenessPath': FORMATS.absolutePath,
  'ServiceSpec.gateways[]': FORMATS.gatewayRef,
  'ServiceSpec.hosts[]': FORMATS.routeHost,
  'ServiceSpec.responseHeaders{key}': FORMATS.responseHeaderName,
  'ServiceSpec.responseHeaders{}': FORMATS.headerValue,
  'TrafficSpec.stageStartedAt': FORMATS.rfc3339,
  'TrafficSpec.minStageDuration': FORMATS.prometheusDuration,
  'TrafficStage.name': FORMATS.dnsLabel,
  'TrafficStage.minDuration': FORMATS.prometheusDuration,
  'HeaderMatches{key}': FORMATS.lowercaseHeaderName,
  'CohortSpec.name': FORMATS.dnsLabel,
  'StickySessionSpec.cookieName': FORMATS.cookieName,
  'RollbackRecord.at': FORMATS.rfc3339,
  'ResilienceSpec.timeout': FORMATS.istioDuration,
  'RetrySpec.perTryTimeout': FORMATS.istioDuration,
  'OutlierDetectionSpec.interval': FORMATS.istioDuration,
  'OutlierDetectionSpec.baseEjectionTime': FORMATS.istioDuration,
  'SloSpec.window': FORMATS.flaggerDuration,
  'CustomMetricSpec.name': FORMATS.dnsLabel,
  'CustomMetricSpec.interval': FORMATS.flaggerDuration,
  'AnalysisSpec.interval': FORMATS.flaggerDuration,
  'AnalysisSpec.prometheusAddress': FORMATS.httpUrl,
  'SessionAffinitySpec.cookieName': FORMATS.cookieName,
  'SessionAffinitySpec.primaryCookieName': FORMATS.cookieName,
  'SessionAffinitySpec.domain': FORMATS.cookieDomain,
  'WebhookSpec.url': FORMATS.httpUrl,
  'WebhookSpec.timeout': FORMATS.flaggerDuration,
  'LoadTestSpec.duration': FORMATS.loadDuration,
  'LoadTestSpec.headers{key}': FORMATS.headerName,
  'LoadTestSpec.headers{}': FORMATS.singleLine,
  'LoadTestSpec.loadTesterUrl': FORMATS.httpUrl,
  'LoadTestSpec.timeout': FORMATS.flaggerDuration,
  'ObservabilitySpec.alertFor': FORMATS.prometheusDuration,
  'ObservabilitySpec.ruleLabels{key}': FORMATS.labelKey,
  'ObservabilitySpec.ruleLabels{}': FORMATS.labelValue,
  'AutomationSpec.image': FORMATS.image,
  'AutomationSpec.prometheusUrl': FORMATS.httpUrlWithoutCredentials,
  'NotificationSpec.name': FORMATS.dnsLabel,
  'NotificationSpec.secretRef': FORMATS.dnsSubdomain,
  'NotificationSpec.proxy': FORMATS.httpUrl,
};
