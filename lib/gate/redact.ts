/** URLs as the gate prints them: see `lib/core/redact-url.ts` (the core's messages use it too). */
export { hasCredentials, redactUrl } from '../core/redact-url';
