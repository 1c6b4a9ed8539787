import { CanaryPlan } from '../plan';
import { objectMeta, RenderedResource } from './resource';

/**
 * The name of the Envoy sidecar's Prometheus port: istio/istio 1.30.3
 * manifests/charts/istio-control/istio-discovery/files/injection-template.yaml gives the
 * `istio-proxy` container `containerPort: 15090, name: http-envoy-prom`, and the same template
 * excludes 15090 from inbound capture (`-d 15090,15021,...`), so Prometheus scrapes it in plain
 * text even under STRICT mTLS.
 */
export const ENVOY_PROMETHEUS_PORT_NAME = 'http-envoy-prom';

/** The path Envoy serves its statistics in Prometheus format on that port. */
export const ENVOY_PROMETHEUS_PATH = '/stats/prometheus';

/**
 * The PodMonitor of the Envoy sidecars of both tracks (`observability.envoyPodMonitor`), for the
 * `istio_requests_total` series every alert, Flagger check, gate check and panel reads. Fields of
 * prometheus-operator's PodMonitor CRD (example/prometheus-operator-crd/
 * monitoring.coreos.com_podmonitors.yaml): `selector` (required), `namespaceSelector.matchNames`,
 * `podMetricsEndpoints[].port` (a pod port name), `path`, `interval`.
 *
 * The pods: in `mesh` mode both Deployments label their pods `app: <name>`; in `flagger` mode the
 * target's pods carry `app: <name>` and Flagger labels the primary's `app: <name>-primary`
 * (fluxcd/flagger v1.44.0 pkg/canary/util.go, `makePrimaryLabels` sets the selector label to the
 * primary's name), so the selector takes both values.
 */
export function renderEnvoyPodMonitor(plan: CanaryPlan): RenderedResource[] {
  if (!plan.observability.envoyPodMonitor) return [];
  const name = plan.names.name;
  const selector =
    plan.mode === 'flagger'
      ? { matchExpressions: [{ key: 'app', operator: 'In', values: [name, `${name}-primary`] }] }
      : { matchLabels: { app: name } };
  return [
    {
      id: 'envoy-pod-monitor',
      dependsOn: [],
      manifest: {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata: objectMeta(plan, `${name}-envoy`, { labels: { ...plan.observability.ruleLabels } }),
        spec: {
          selector,
          namespaceSelector: { matchNames: [plan.names.namespace] },
          podMetricsEndpoints: [
            { port: ENVOY_PROMETHEUS_PORT_NAME, path: ENVOY_PROMETHEUS_PATH, interval: '30s' },
          ],
        },
      },
    },
  ];
}
