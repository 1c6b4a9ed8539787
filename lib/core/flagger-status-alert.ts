import type { AlertRule } from './alerts';
import { CanaryPlan } from './plan';

/**
 * Flagger's status gauge of this canary: `flagger_canary_status{name, namespace}` is 0 while
 * progressing, 1 after a success and 2 after a failure, labelled with the target's name and the
 * Canary's namespace (fluxcd/flagger v1.44.0 pkg/metrics/recorder.go, `SetStatus`). Scraped by the
 * Flagger chart's ServiceMonitor (`honorLabels: false`) the namespace label arrives as
 * `exported_namespace`, so both forms are matched.
 */
export function flaggerCanaryStatus(plan: CanaryPlan): string {
  const name = `name="${plan.names.name}"`;
  const ns = plan.names.namespace;
  return `max(flagger_canary_status{${name},namespace="${ns}"} or flagger_canary_status{${name},exported_namespace="${ns}"})`;
}

/**
 * `CanaryFailed` (`flagger` mode): Flagger's last analysis of this canary failed and it rolled
 * back. It keeps firing until the next rollout starts (the gauge stays at 2), so that a rollback
 * that happened at night is still visible in the morning.
 */
export function flaggerFailedAlert(plan: CanaryPlan): AlertRule[] {
  if (plan.mode !== 'flagger') return [];
  const who = `${plan.names.namespace}/${plan.names.name}`;
  return [
    {
      alert: 'CanaryFailed',
      expr: `${flaggerCanaryStatus(plan)} == 2`,
      for: plan.observability.alertFor,
      labels: { severity: 'warning', canary_service: plan.names.name, namespace: plan.names.namespace },
      annotations: {
        summary: `Flagger rolled back the last release of ${who}.`,
        description: `Flagger's last analysis of ${who} failed (flagger_canary_status 2); the primary still runs the previous version. See \`kubectl -n ${plan.names.namespace} describe canary ${plan.names.name}\`.`,
      },
    },
  ];
}
