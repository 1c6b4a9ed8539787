/** The JSON type name of a value as reports show it: `string`, `integer`, `number`, `boolean`, `object`, `array`, `null`. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** A short rendering of a value for messages: `string "10"`, `boolean true`, `an object`, `an array of 3`. */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value !== null && typeof value === 'object') return 'an object';
  return `${jsonType(value)} ${quote(value)}`;
}

/** A scalar rendered as JSON, shortened past 60 characters. */
export function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * A hint for the type mistakes YAML makes easy: a quoted number where a number is wanted, or an
 * unquoted `yes`/`on`/`10` where a string is wanted (kubectl reads YAML 1.1, where `on` is `true`).
 */
export function typeHint(expected: readonly string[], value: unknown): string {
  const wantsNumber = expected.includes('integer') || expected.includes('number');
  if (wantsNumber && typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) {
    return ' (remove the quotes: YAML reads a quoted number as a string)';
  }
  if (
    !wantsNumber &&
    expected.includes('string') &&
    (typeof value === 'boolean' || typeof value === 'number')
  ) {
    return ` (quote it: ${JSON.stringify(String(value))}; YAML reads unquoted yes/no/on/off/true and numbers as non-strings)`;
  }
  return '';
}

/** Joins names as `a, b or c` (with the given last word). */
export function listWords(words: readonly string[], last = 'or'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${last} ${words[words.length - 1]}`;
}
