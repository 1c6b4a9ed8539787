/**
 * Fields that canary-kit renamed because their old name invited a mistake, by spec path (array
 * indices as `[]`): the structure check reports the reason and the new field instead of a bare
 * "unknown field".
 */
export const RENAMED_FIELDS: Readonly<Record<string, string>> = {
  'analysis.webhooks.rollback':
    'was removed: Flagger calls a rollback hook at every interval and rolls the canary back whenever it answers 2xx, so it is a kill switch, not a notification. Use analysis.webhooks.rollbackTrigger for a kill switch, or notifications (Flagger alert providers) or an event hook to be told of a rollback.',
  'analysis.webhooks.smokeTest':
    'was renamed to analysis.webhooks.preRollout, a list (a failure counts as a failed check; it does not roll back at once).',
  'analysis.webhooks.loadTest':
    'was replaced by analysis.loadTests (typed hey/ghz load tests) or analysis.webhooks.rollout (a list of hand-written hooks).',
};

/** The message for a renamed field at `path` (indices written `[n]`), if it is one. */
export function renamedFieldMessage(path: string): string | undefined {
  const key = path.replace(/\[[0-9]+\]/g, '[]');
  return Object.prototype.hasOwnProperty.call(RENAMED_FIELDS, key) ? RENAMED_FIELDS[key] : undefined;
}
