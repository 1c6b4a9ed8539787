import { WebhookPlan } from '../flagger/webhooks';
import { compact } from './resource';

/**
 * One entry of the Canary's `analysis.webhooks` (Flagger's `CanaryWebhook`): the fields Flagger
 * leaves at their zero value (`retries: 0`, `disableTLS: false`, `muteAlert: false`) are omitted.
 */
export function renderWebhook(hook: WebhookPlan): Record<string, unknown> {
  return compact({
    name: hook.name,
    type: hook.type,
    url: hook.url,
    timeout: hook.timeout,
    retries: hook.retries > 0 ? hook.retries : undefined,
    disableTLS: hook.disableTls ? true : undefined,
    muteAlert: hook.muteAlert ? true : undefined,
    metadata: Object.keys(hook.metadata).length > 0 ? { ...hook.metadata } : undefined,
  });
}
