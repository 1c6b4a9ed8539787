import { CanaryPlan } from '../plan';
import { httpConnectionPool, serviceOutlierDetection } from './destination-rule';
import { HTTP_PORT_NAME } from './deployment';
import { metricChecks } from './metric-templates';
import { requestMatch, retryPolicy } from './routes';
import { MONITOR_LABEL } from './service';
import { ROLLBACK_WITHIN_ANNOTATION } from '../annotations';
import { lintIgnoreMeshGateway } from './lint-ignore';
import { compact, objectMeta, RenderedResource } from './resource';
import { renderWebhook } from './flagger-webhooks';
import { canaryAlerts } from './alert-providers';
import {
  canaryLifecycleFields,
  primaryScalerReplicas,
  sessionAffinityAttributes,
  strategyAnalysisFields,
} from './flagger-strategy';

function canaryService(plan: CanaryPlan): Record<string, unknown> {
  const delegated = plan.service.delegation;
  const monitorLabels = { labels: { [MONITOR_LABEL]: plan.names.name } };
  const responseHeaders = plan.service.responseHeaders;
  return compact({
    port: plan.service.port,
    targetPort: plan.workload.containerPort,
    portName: HTTP_PORT_NAME,
    // With delegation Flagger's VirtualService is a delegate: no hosts, no gateways of its own.
    delegation: delegated ? true : undefined,
    hosts: !delegated && plan.service.hosts.length > 1 ? [...plan.service.hosts] : undefined,
    gateways: !delegated && plan.service.gateways.length > 0 ? [...plan.service.gateways] : undefined,
    timeout: plan.resilience.timeout,
    retries: retryPolicy(plan),
    headers:
      Object.keys(responseHeaders).length > 0 ? { response: { add: { ...responseHeaders } } } : undefined,
    trafficPolicy: {
      connectionPool: { http: httpConnectionPool(plan) },
      outlierDetection: serviceOutlierDetection(plan),
      tls: { mode: plan.resilience.tlsMode },
    },
    primary: monitorLabels,
    canary: monitorLabels,
  });
}

function analysis(plan: CanaryPlan): Record<string, unknown> {
  const a = plan.analysis;
  return compact({
    interval: a.interval,
    threshold: a.threshold,
    iterations: a.iterations,
    maxWeight: a.maxWeight,
    stepWeight: a.stepWeight,
    stepWeights: a.stepWeights ? [...a.stepWeights] : undefined,
    // Flagger copies these into its A/B route as they are while the Canary has no
    // `service.match` (canary-kit writes none): fluxcd/flagger v1.44.0 pkg/router/istio.go,
    // `mergeMatchConditions` returns the A/B conditions unchanged when the defaults are empty.
    match: a.match.length > 0 ? a.match.map(requestMatch) : undefined,
    mirror: a.mirror ? true : undefined,
    mirrorWeight: a.mirrorWeight,
    // Flagger writes the cookie attributes it is given and no others (fluxcd/flagger v1.44.0
    // pkg/apis/flagger/v1beta1/canary.go, `SessionAffinity.BuildCookie`: `Path` only when set).
    // Without a Path a browser scopes the cookie to the directory of the request that set it
    // (RFC 6265 section 5.1.4, default-path), so a user pinned on /cart/ is not pinned on /checkout.
    sessionAffinity: a.sessionAffinity
      ? {
          cookieName: a.sessionAffinity.cookieName,
          maxAge: a.sessionAffinity.maxAge,
          path: '/',
          ...sessionAffinityAttributes(plan),
        }
      : undefined,
    ...strategyAnalysisFields(plan),
    metrics: metricChecks(plan).map((check) => ({
      name: check.name,
      templateRef: { name: plan.names.metricTemplate(check.name), namespace: plan.names.namespace },
      thresholdRange: { ...check.thresholdRange },
      interval: check.interval ?? plan.slo.window,
      ...(check.templateVariables && Object.keys(check.templateVariables).length > 0
        ? { templateVariables: { ...check.templateVariables } }
        : {}),
    })),
    alerts: canaryAlerts(plan),
    webhooks: a.webhooks.length > 0 ? a.webhooks.map(renderWebhook) : undefined,
  });
}

/**
 * The Flagger Canary: targets the Deployment `<name>` (and its autoscaler), configures the
 * Services, DestinationRules and VirtualService that Flagger generates (retries, timeout,
 * gateways with `mesh`, circuit breaker, mTLS) and the analysis whose metric checks come from
 * the SLO. Annotated with the rollback SLA, which `canary-kit lint` checks.
 */
export function renderFlaggerCanary(plan: CanaryPlan): RenderedResource[] {
  if (plan.mode !== 'flagger') return [];
  const scaling = plan.workload.autoscaling;
  const dependsOn = [
    ...(plan.workload.rendered ? ['deployment'] : []),
    ...(scaling && plan.workload.rendered ? ['autoscaler'] : []),
    ...metricChecks(plan).map((check) => `metric-template-${check.name}`),
    ...plan.notifications.map((n) => `alert-provider-${n.name}`),
  ];
  return [
    {
      id: 'canary',
      dependsOn,
      manifest: {
        apiVersion: 'flagger.app/v1beta1',
        kind: 'Canary',
        metadata: objectMeta(plan, plan.names.name, {
          annotations: {
            ...(plan.rollbackWithin ? { [ROLLBACK_WITHIN_ANNOTATION]: plan.rollbackWithin } : {}),
            ...lintIgnoreMeshGateway(plan, 'canary-gateway-without-mesh'),
          },
        }),
        spec: compact({
          provider: 'istio',
          targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: plan.names.name },
          autoscalerRef:
            scaling && plan.workload.rendered
              ? {
                  apiVersion: 'autoscaling/v2',
                  kind: 'HorizontalPodAutoscaler',
                  name: plan.names.name,
                  ...primaryScalerReplicas(plan),
                }
              : undefined,
          progressDeadlineSeconds: plan.analysis.progressDeadlineSeconds,
          skipAnalysis: plan.analysis.skipAnalysis ? true : undefined,
          ...canaryLifecycleFields(plan),
          service: canaryService(plan),
          analysis: analysis(plan),
        }),
      },
    },
  ];
}
