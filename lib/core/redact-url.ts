/**
 * URLs as the gate prints them (records, logs, notifications): without user information and with
 * every query value hidden, so that a credential in a URL never reaches a log.
 */

/** `url` without `user:password@` and with query values replaced by `<redacted>`. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL: cut user information by hand, whatever follows.
    return url.replace(/\/\/[^/@\s]*@/, '//');
  }
  parsed.username = '';
  parsed.password = '';
  for (const key of [...new Set(parsed.searchParams.keys())]) parsed.searchParams.set(key, '<redacted>');
  const text = parsed.href;
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
