/**
 * Keys that come from users (manifest kinds, apiVersions, label keys, header names) are data: a
 * lookup in a table written as an object literal must not find an inherited property such as
 * `constructor`, `toString` or `__proto__`.
 */

/** `table[key]` when `key` is the table's own property, else undefined. */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
