/**
 * Optional chat notifications, two ways:
 * - the spec's `notifications` receivers (the kinds of Flagger's AlertProvider: slack, msteams,
 *   discord, rocket, gchat), each with the payload its service expects (`notify-payloads.ts`),
 *   the webhook URL (and a Slack token) read from `CANARY_KIT_NOTIFY_<NAME>_URL` / `_TOKEN`,
 *   filtered by severity as Flagger filters alerts;
 * - a Slack-compatible incoming-webhook message (`{"text": ...}`, which Slack, Mattermost and
 *   Rocket.Chat accept) POSTed to the URL in `CANARY_KIT_SLACK_WEBHOOK_URL`.
 * A notification never changes the decision or the exit code: a failure is logged and recorded.
 * Every call has a timeout; URLs and tokens are secrets and are never printed.
 */
import { gateNotificationEnv, NotificationPlan } from '../core/flagger/notifications';
import { NotificationSeverity } from '../core/spec';
import { GateDecision } from './decide';
import { chatRequest, ChatNotification, NotificationEventSeverity } from './notify-payloads';

/** Environment variable holding the webhook URL. */
export const SLACK_WEBHOOK_ENV = 'CANARY_KIT_SLACK_WEBHOOK_URL';

/** Which decisions are notified: rollbacks only (default), every decision, or none. */
export type NotifyPolicy = 'rollback' | 'all' | 'none';

/** The notify policies, for flag validation. */
export const NOTIFY_POLICIES: readonly NotifyPolicy[] = ['rollback', 'all', 'none'];

/** How long to wait for the webhook. */
export const NOTIFY_TIMEOUT_MS = 5000;

/** What happened to the notification. */
export interface NotificationOutcome {
  /** `sent` (2xx), `failed` (error or non-2xx, logged), or `skipped` (policy, or no URL). */
  readonly status: 'sent' | 'failed' | 'skipped';
  /** Why, without the URL. */
  readonly detail: string;
}

/** The message body. */
export interface SlackMessage {
  /** The message, in Slack mrkdwn. */
  readonly text: string;
}

/** Whether a decision is notified under a policy. */
export function shouldNotify(policy: NotifyPolicy, decision: GateDecision, changedTraffic: boolean): boolean {
  if (policy === 'all') return true;
  if (policy === 'none') return false;
  // A rollback that changes nothing (the share is already 0) was notified when it happened.
  return decision === 'rollback' && changedTraffic;
}

/**
 * POSTs the message to `url`, with a timeout. Never throws.
 * @param fetchImpl - the fetch implementation (default `globalThis.fetch`)
 */
export async function postSlackMessage(
  url: string,
  message: SlackMessage,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = NOTIFY_TIMEOUT_MS,
): Promise<NotificationOutcome> {
  return postJson(url, message, undefined, fetchImpl, timeoutMs);
}

/**
 * The severity of a decision, as Flagger grades its alerts: a rollback is an error, a hold (no
 * verdict, or a blocked advance) a warning, an advance information.
 */
export function decisionSeverity(decision: GateDecision): NotificationEventSeverity {
  return decision === 'rollback' ? 'error' : decision === 'hold' ? 'warn' : 'info';
}

/**
 * Whether a receiver of `receiver` severity gets an event of `event` severity: `info` gets all,
 * `warn` warnings and errors, `error` errors only (fluxcd/flagger v1.44.0 pkg/controller/events.go,
 * `alert`).
 */
export function severityReaches(receiver: NotificationSeverity, event: NotificationEventSeverity): boolean {
  const rank = { info: 0, warn: 1, error: 2 } as const;
  return rank[event] >= rank[receiver];
}

/**
 * Sends one notification to each receiver whose severity it reaches, one after another, each
 * with its own timeout. Never throws. A receiver without its URL variable is a failed
 * notification (its Secret or key is missing), so a misconfiguration shows in every record.
 */
export async function notifyReceivers(
  receivers: readonly NotificationPlan[],
  notification: ChatNotification,
  env: Readonly<Record<string, string | undefined>>,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = NOTIFY_TIMEOUT_MS,
): Promise<{ readonly receiver: string; readonly outcome: NotificationOutcome }[]> {
  const results: { receiver: string; outcome: NotificationOutcome }[] = [];
  for (const r of receivers) {
    const label = `${r.name} (${r.type})`;
    if (!severityReaches(r.severity, notification.severity)) {
      results.push({
        receiver: label,
        outcome: {
          status: 'skipped',
          detail: `severity ${r.severity} does not cover a ${notification.severity}`,
        },
      });
      continue;
    }
    const names = gateNotificationEnv(r.name);
    const url = env[names.url];
    if (!url) {
      results.push({
        receiver: label,
        outcome: {
          status: 'failed',
          detail: `${names.url} is not set (key address of Secret ${r.secretRef})`,
        },
      });
      continue;
    }
    let request;
    try {
      request = chatRequest(r.type, url, notification, r.channel, r.username);
    } catch {
      results.push({ receiver: label, outcome: { status: 'failed', detail: `${names.url} is not a URL` } });
      continue;
    }
    const token = r.type === 'slack' ? env[names.token] || undefined : undefined;
    const outcome = await postJson(request.url, request.body, token, fetchImpl, timeoutMs, [url, token]);
    results.push({ receiver: label, outcome });
  }
  return results;
}

/**
 * POSTs JSON to `url` (with `Authorization: Bearer <token>` when given, as Flagger's client does
 * for a Slack token: pkg/notifier/client.go, `postMessage`), with a timeout. Never throws; the
 * outcome's detail never contains `url` nor any of `secrets`.
 */
export async function postJson(
  url: string,
  body: unknown,
  token: string | undefined,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = NOTIFY_TIMEOUT_MS,
  secrets: readonly (string | undefined)[] = [],
): Promise<NotificationOutcome> {
  const redact = (text: string): string =>
    [url, ...secrets].reduce<string>(
      (out, secret) => (secret ? out.split(secret).join('<secret>') : out),
      text,
    );
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    const text = await response.text();
    if (response.status < 200 || response.status > 299) {
      return {
        status: 'failed',
        detail: redact(`the webhook answered HTTP ${response.status}: ${text.slice(0, 200).trim()}`),
      };
    }
    return { status: 'sent', detail: `the webhook answered HTTP ${response.status}` };
  } catch (error) {
    if (timedOut) return { status: 'failed', detail: `the webhook did not answer within ${timeoutMs} ms` };
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    const why = redact((cause ?? (error as Error).message).split(url).join('<webhook URL>'));
    return { status: 'failed', detail: `the webhook could not be reached (${why})` };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One outcome for several receivers: `failed` when any failed, else `sent` when any was sent,
 * else `skipped`; the detail lists each receiver's outcome in order.
 */
export function combinedOutcome(
  parts: readonly { readonly receiver: string; readonly outcome: NotificationOutcome }[],
): NotificationOutcome {
  const status = parts.some((p) => p.outcome.status === 'failed')
    ? 'failed'
    : parts.some((p) => p.outcome.status === 'sent')
      ? 'sent'
      : 'skipped';
  return {
    status,
    detail: parts.map((p) => `${p.receiver}: ${p.outcome.status}: ${p.outcome.detail}`).join('; '),
  };
}
