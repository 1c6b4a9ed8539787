/**
 * Optional chat notifications: a Slack-compatible incoming-webhook message (`{"text": ...}`,
 * which Slack, Mattermost and Rocket.Chat accept) POSTed to the URL in
 * `CANARY_KIT_SLACK_WEBHOOK_URL`. A notification never changes the decision or the exit code:
 * a failure is logged and recorded. The URL is a secret and is never printed.
 */
import { GateDecision } from './decide';

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
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      signal: controller.signal,
    });
    const text = await response.text();
    if (response.status < 200 || response.status > 299) {
      return {
        status: 'failed',
        detail: `the webhook answered HTTP ${response.status}: ${text.slice(0, 200).trim()}`,
      };
    }
    return { status: 'sent', detail: `the webhook answered HTTP ${response.status}` };
  } catch (error) {
    if (timedOut) return { status: 'failed', detail: `the webhook did not answer within ${timeoutMs} ms` };
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    const why = (cause ?? (error as Error).message).split(url).join('<webhook URL>');
    return { status: 'failed', detail: `the webhook could not be reached (${why})` };
  } finally {
    clearTimeout(timer);
  }
}
