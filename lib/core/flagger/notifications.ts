/** Flagger alert receivers (`notifications`), resolved for the renderers. */
import { NotificationProviderType, NotificationSeverity, NotificationSpec } from '../spec';

/** A receiver with every default applied. */
export interface NotificationPlan {
  /** Name in the spec and in the Canary's `analysis.alerts`. */
  readonly name: string;
  /** Name of the AlertProvider object, `<service>-<name>`. */
  readonly providerName: string;
  readonly type: NotificationProviderType;
  /** Secret holding `address` (and `token`). */
  readonly secretRef: string;
  readonly severity: NotificationSeverity;
  readonly channel: string | undefined;
  readonly username: string | undefined;
  readonly proxy: string | undefined;
}

/** Default severity: `info`, every alert (Flagger's own default, pkg/controller/events.go). */
export const DEFAULT_NOTIFICATION_SEVERITY: NotificationSeverity = 'info';

/** Resolves the receivers in the spec's order. */
export function resolveNotifications(
  service: string,
  notifications: readonly NotificationSpec[] | undefined,
): NotificationPlan[] {
  return (notifications ?? []).map((n) => ({
    name: n.name,
    providerName: `${service}-${n.name}`,
    type: n.type,
    secretRef: n.secretRef,
    severity: n.severity ?? DEFAULT_NOTIFICATION_SEVERITY,
    channel: n.channel,
    username: n.username,
    proxy: n.proxy,
  }));
}

/**
 * The environment variables through which `canary-kit gate` (mesh mode) receives a receiver's
 * Secret: `CANARY_KIT_NOTIFY_<NAME>_URL` (key `address`) and `CANARY_KIT_NOTIFY_<NAME>_TOKEN`
 * (key `token`), `<NAME>` the receiver's name in upper case with `_` for `-`. The gate's CronJob
 * maps them from the Secret; a pipeline sets them itself.
 */
export function gateNotificationEnv(name: string): { readonly url: string; readonly token: string } {
  const key = name.toUpperCase().replace(/-/g, '_');
  return { url: `CANARY_KIT_NOTIFY_${key}_URL`, token: `CANARY_KIT_NOTIFY_${key}_TOKEN` };
}
