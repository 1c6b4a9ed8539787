/**
 * The gate's notification in the payload each chat service expects, the same shapes Flagger's
 * AlertProvider types post (fluxcd/flagger v1.44.0 pkg/notifier/*.go), so that one receiver
 * configuration serves both modes:
 * - `slack` (slack.go), `discord` (discord.go) and `rocket` (rocket.go): Slack's attachment
 *   payload `{channel, username, icon_emoji: ":rocket:", attachments: [{color, author_name:
 *   "<name>.<namespace>", text, mrkdwn_in: ["text"], fields: [{title, value, short: false}]}]}`;
 *   color `good`/`danger` (Rocket: `#0076D7`/`#FF0000`) for error severity; Discord posts to its
 *   Slack-compatible endpoint, the webhook URL with `/slack` appended unless it ends so;
 * - `msteams` (teams.go): an Office 365 `MessageCard` with `themeColor` `0076D7` (`FF0000` for
 *   errors), `summary` and one section `{activityTitle, activitySubtitle, facts: [{name, value}]}`;
 * - `gchat` (gchat.go): `{cards: [{header: {title, subtitle}, sections: [{widgets:
 *   [{textParagraph: {text}}]}]}]}`, one section for the message and one per field.
 *
 * Unlike Flagger, every text is escaped for its service: Slack mrkdwn treats `&`, `<` and `>` as
 * control characters (`<!channel>` pings everyone, `<url|text>` is a link); Teams cards and Google
 * Chat text paragraphs take HTML, so a reason quoting a label value cannot inject markup.
 */
import { NotificationProviderType } from '../core/spec';

/** How a notification is graded, as Flagger grades alerts. */
export type NotificationEventSeverity = 'info' | 'warn' | 'error';

/** One notification, independent of the service. */
export interface ChatNotification {
  /** The service (`metadata.name`). */
  readonly name: string;
  readonly namespace: string;
  /** One line: what happened. */
  readonly message: string;
  /** Details, in order. */
  readonly fields: readonly { readonly name: string; readonly value: string }[];
  readonly severity: NotificationEventSeverity;
}

/** What to POST where. */
export interface ChatRequest {
  readonly url: string;
  readonly body: unknown;
}

/** Sender shown where the service shows one (Slack, Discord, Rocket). */
export const DEFAULT_NOTIFICATION_USERNAME = 'canary-kit';
/** Channel where the service takes one; Flagger's AlertProvider default too. */
export const DEFAULT_NOTIFICATION_CHANNEL = 'general';

/** Text escaped for Slack mrkdwn (also Discord's and Rocket.Chat's Slack-compatible endpoints). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text escaped for HTML (Teams cards, Google Chat text paragraphs). */
export function escapeHtml(text: string): string {
  return escapeMrkdwn(text).replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function slackPayload(
  n: ChatNotification,
  channel: string,
  username: string,
  colors: readonly [string, string],
): unknown {
  return {
    channel,
    username,
    icon_emoji: ':rocket:',
    attachments: [
      {
        color: n.severity === 'error' ? colors[1] : colors[0],
        author_name: escapeMrkdwn(`${n.name}.${n.namespace}`),
        text: escapeMrkdwn(n.message),
        mrkdwn_in: ['text'],
        fields: n.fields.map((f) => ({
          title: escapeMrkdwn(f.name),
          value: escapeMrkdwn(f.value),
          short: false,
        })),
      },
    ],
  };
}

/** Discord's Slack-compatible endpoint: the webhook URL with `/slack` appended (discord.go, `NewDiscord`). */
export function discordSlackUrl(url: string): string {
  const parsed = new URL(url);
  if (!parsed.pathname.endsWith('/slack')) parsed.pathname = `${parsed.pathname.replace(/\/+$/, '')}/slack`;
  return parsed.toString();
}

/**
 * The request for one receiver. Throws (a `TypeError` from `URL`) only for a Discord URL that is
 * not a URL; the caller reports it as a failed notification.
 */
export function chatRequest(
  type: NotificationProviderType,
  url: string,
  n: ChatNotification,
  channel: string | undefined,
  username: string | undefined,
): ChatRequest {
  const ch = channel ?? DEFAULT_NOTIFICATION_CHANNEL;
  const user = username ?? DEFAULT_NOTIFICATION_USERNAME;
  const subtitle = `${n.name}.${n.namespace}`;
  switch (type) {
    case 'slack':
      return { url, body: slackPayload(n, ch, user, ['good', 'danger']) };
    case 'discord':
      return { url: discordSlackUrl(url), body: slackPayload(n, ch, user, ['good', 'danger']) };
    case 'rocket':
      return { url, body: slackPayload(n, ch, user, ['#0076D7', '#FF0000']) };
    case 'msteams':
      return {
        url,
        body: {
          '@type': 'MessageCard',
          '@context': 'http://schema.org/extensions',
          themeColor: n.severity === 'error' ? 'FF0000' : '0076D7',
          summary: escapeHtml(subtitle),
          sections: [
            {
              activityTitle: escapeHtml(n.message),
              activitySubtitle: escapeHtml(subtitle),
              facts: n.fields.map((f) => ({ name: escapeHtml(f.name), value: escapeHtml(f.value) })),
            },
          ],
        },
      };
    case 'gchat':
      return {
        url,
        body: {
          cards: [
            {
              header: { title: 'canary-kit gate', subtitle: escapeHtml(subtitle) },
              sections: [
                { widgets: [{ textParagraph: { text: `<b>${escapeHtml(n.message)}</b>` } }] },
                ...n.fields.map((f) => ({
                  widgets: [{ textParagraph: { text: `${escapeHtml(f.name)}<br>${escapeHtml(f.value)}` } }],
                })),
              ],
            },
          ],
        },
      };
  }
}
