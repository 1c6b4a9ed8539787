import { SPEC_NAME_MAX_LENGTH } from './validate/patterns';

/**
 * Every object name, label and selector, computed once. Renderers and queries take names from
 * here and nowhere else, so that the Canary, the MetricTemplates, the alerts and the dashboard
 * always agree on which workload is the canary.
 */

/** Longest service name: Flagger appends `-primary` (8 characters) and a Service name has at most 63. */
export const MAX_NAME_LENGTH = SPEC_NAME_MAX_LENGTH;

/** Label that selects the service's pods (`app: <name>`), the one Flagger requires on its target. */
export const APP_LABEL = 'app';
/** Label that tells the `mesh` subsets apart; Istio reports it as `destination_version`. */
export const VERSION_LABEL = 'version';
/** Value of the version label on the stable pods (`mesh` mode). Fixed, so selectors never change. */
export const STABLE_VERSION = 'stable';
/** Value of the version label on the canary pods (`mesh` mode). */
export const CANARY_VERSION = 'canary';
/** Label set on every object canary-kit emits. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
/** Label that ties an object to its CanaryService. */
export const PART_OF_LABEL = 'app.kubernetes.io/part-of';

/** Names of everything one CanaryService involves, including the objects Flagger creates. */
export interface ServiceNames {
  /** The service name; also Flagger's target Deployment and apex Service. */
  readonly name: string;
  /** Namespace of every object. */
  readonly namespace: string;
  /** The in-cluster host, `<name>.<namespace>.svc.cluster.local`. */
  readonly host: string;
  /** Flagger's primary Deployment and Service, `<name>-primary`. */
  readonly primary: string;
  /** Flagger's canary Service, `<name>-canary`; also the `mesh` canary Deployment. */
  readonly canary: string;
  /** The `mesh` stable Deployment, `<name>-stable`. */
  readonly stable: string;
  /** The root VirtualService of Flagger delegation, `<name>-root`. */
  readonly rootVirtualService: string;
  /** The PrometheusRule, `<name>-canary-alerts`. */
  readonly prometheusRule: string;
  /** The Grafana dashboard ConfigMap, `<name>-dashboard`. */
  readonly dashboard: string;
  /** A MetricTemplate, `<name>-<metric>`. */
  readonly metricTemplate: (metric: string) => string;
  /** The gate's CronJob, ServiceAccount, Role and RoleBinding, `<name>-gate`. */
  readonly gate: string;
  /** Names that Flagger creates and rewrites: never emitted by canary-kit in `flagger` mode. */
  readonly flaggerOwned: readonly string[];
}

/** Computes every name of a CanaryService from its name and namespace. */
export function serviceNames(name: string, namespace: string): ServiceNames {
  return {
    name,
    namespace,
    host: `${name}.${namespace}.svc.cluster.local`,
    primary: `${name}-primary`,
    canary: `${name}-canary`,
    stable: `${name}-stable`,
    rootVirtualService: `${name}-root`,
    prometheusRule: `${name}-canary-alerts`,
    dashboard: `${name}-dashboard`,
    metricTemplate: (metric) => `${name}-${metric}`,
    gate: `${name}-gate`,
    flaggerOwned: [name, `${name}-primary`, `${name}-canary`],
  };
}
