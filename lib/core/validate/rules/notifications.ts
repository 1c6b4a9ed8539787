import { DEFAULT_MODE } from '../../defaults';
import { CanaryServiceSpec } from '../../spec';
import { isDnsLabel, isDnsSubdomain, isHttpUrl } from '../formats';
import { IssueCollector, join } from '../issues';

/**
 * Provider types whose Flagger notifier takes no channel and no username: `NewMSTeams(url, proxy)`
 * and `NewGChat(url, proxy)` (fluxcd/flagger v1.44.0 pkg/notifier/factory.go).
 */
const NO_CHANNEL_TYPES: ReadonlySet<string> = new Set(['msteams', 'gchat']);

/**
 * Alert receivers: Flagger's AlertProviders in `flagger` mode, the gate's receivers in `mesh`
 * mode; unique DNS-label names, a Secret, valid options.
 */
export function checkNotifications(spec: CanaryServiceSpec, issues: IssueCollector): void {
  const notifications = spec.notifications;
  if (!notifications || notifications.length === 0) return;
  const mesh = (spec.mode ?? DEFAULT_MODE) === 'mesh';
  const seen = new Map<string, number>();
  notifications.forEach((n, index) => {
    const path = join('notifications', index);
    if (typeof n.name === 'string') {
      if (!isDnsLabel(n.name) || `${String(spec.name)}-${n.name}`.length > 253) {
        issues.add(
          join(path, 'name'),
          n.name,
          'is not a DNS-1123 label. Use lowercase letters, digits and "-", e.g. payments-oncall.',
        );
      } else if (seen.has(n.name)) {
        issues.add(
          join(path, 'name'),
          n.name,
          `is also the name of notifications[${seen.get(n.name)}]. Give every receiver its own name.`,
        );
      } else {
        seen.set(n.name, index);
      }
    }
    if (typeof n.secretRef === 'string' && !isDnsSubdomain(n.secretRef)) {
      issues.add(
        join(path, 'secretRef'),
        n.secretRef,
        'is not a Secret name. Use a DNS-1123 name, e.g. slack-webhook.',
      );
    }
    if (NO_CHANNEL_TYPES.has(n.type)) {
      for (const field of ['channel', 'username'] as const) {
        if (n[field] !== undefined) {
          issues.add(
            join(path, field),
            n[field],
            `has no effect for type ${n.type}: Flagger's ${n.type} notifier posts to the webhook's own channel. Remove it.`,
          );
        }
      }
    }
    if (mesh && n.proxy !== undefined) {
      issues.add(
        join(path, 'proxy'),
        n.proxy,
        'is not supported by the mesh-mode gate, which posts directly (Node.js fetch takes no proxy setting). Remove it, or let the network route the gate to the chat service.',
      );
    } else if (typeof n.proxy === 'string' && !isHttpUrl(n.proxy)) {
      issues.add(join(path, 'proxy'), n.proxy, 'is not an http(s) URL. Use e.g. http://proxy.infra:3128.');
    }
  });
}
