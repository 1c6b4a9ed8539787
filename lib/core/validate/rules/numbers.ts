import { IssueCollector } from '../issues';
import { NumberRange, RangeKey, SPEC_RANGES } from '../ranges';

/** Whether a finite number lies in `range` (the JSON Schema's `minimum`/`exclusiveMinimum`, `maximum`, `multipleOf`). */
export function inRange(range: NumberRange, value: number): boolean {
  if (!Number.isFinite(value) || (range.integer && !Number.isInteger(value))) return false;
  return (range.exclusiveMin ? value > range.min : value >= range.min) && value <= range.max;
}

/** Whether a number is in the range `SPEC_RANGES[key]`, for rules that word the problem themselves. */
export function inSpecRange(key: RangeKey, value: number): boolean {
  return inRange(SPEC_RANGES[key], value);
}

/**
 * Records an issue unless `value` is absent, not a number (reported by the structural check), or
 * within the range `SPEC_RANGES[key]` (the same range the JSON Schema carries).
 */
export function checkSpecNumber(
  path: string,
  value: unknown,
  key: RangeKey,
  issues: IssueCollector,
  why = '',
): void {
  if (value === undefined || typeof value !== 'number') return;
  const range: NumberRange = SPEC_RANGES[key];
  if (!inRange(range, value)) {
    const what = range.integer ? 'a whole number' : 'a number';
    const from = range.exclusiveMin ? `above ${range.min} and at most` : `from ${range.min} to`;
    issues.add(path, value, `must be ${what} ${from} ${range.max}.${why ? ` ${why}` : ''}`);
  }
}
