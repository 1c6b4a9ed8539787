import { CanaryPlan } from '../plan';
import { compact, objectMeta, RenderedResource } from './resource';

/**
 * One Flagger `AlertProvider` per receiver, in the service's namespace. The webhook address is
 * never in the manifest: `secretRef` names a Secret whose key `address` Flagger reads (and `token`
 * when present) at every alert, from the provider's namespace (fluxcd/flagger v1.44.0
 * pkg/controller/events.go, `alert`).
 */
export function renderAlertProviders(plan: CanaryPlan): RenderedResource[] {
  if (plan.mode !== 'flagger') return [];
  return plan.notifications.map((n) => ({
    id: `alert-provider-${n.name}`,
    dependsOn: [],
    manifest: {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'AlertProvider',
      metadata: objectMeta(plan, n.providerName),
      spec: compact({
        type: n.type,
        channel: n.channel,
        username: n.username,
        proxy: n.proxy,
        secretRef: { name: n.secretRef },
      }),
    },
  }));
}

/** The Canary's `analysis.alerts`: each receiver with its severity filter. */
export function canaryAlerts(plan: CanaryPlan): Record<string, unknown>[] | undefined {
  if (plan.notifications.length === 0) return undefined;
  return plan.notifications.map((n) => ({
    name: n.name,
    severity: n.severity,
    providerRef: { name: n.providerName, namespace: plan.names.namespace },
  }));
}
