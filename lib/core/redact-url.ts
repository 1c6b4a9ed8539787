/**
 * URLs as canary-kit prints them (spec errors, records, logs, notifications): user information and
 * every query value hidden, so that a credential in a URL never reaches a log.
 */

/** The placeholder that stands for a query value. */
const REDACTED = '<redacted>';

/**
 * `url` with its user information replaced by `<credentials>` and every query value by
 * `<redacted>`, readable as written (the placeholders are not percent-encoded).
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL: cut user information by hand, whatever follows.
    return url.replace(/\/\/[^/@\s]*@/, '//<credentials>@');
  }
  const hadCredentials = parsed.username !== '' || parsed.password !== '';
  parsed.username = '';
  parsed.password = '';
  for (const key of [...new Set(parsed.searchParams.keys())]) parsed.searchParams.set(key, REDACTED);
  let text = parsed.href.split(encodeURIComponent(REDACTED)).join(REDACTED);
  if (hadCredentials) text = text.replace('://', '://<credentials>@');
  return url.endsWith('/') || !text.endsWith('/') ? text : text.slice(0, -1);
}

/** True when `url` carries a user name or password (`http://user:secret@host`). */
export function hasCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return /\/\/[^/@\s]*@/.test(url);
  }
}
