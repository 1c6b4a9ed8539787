import { IssueCollector } from '../issues';
import { RangeKey, SPEC_RANGES } from '../ranges';

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
  const { min, max, integer } = SPEC_RANGES[key];
  if ((integer && !Number.isInteger(value)) || !Number.isFinite(value) || value < min || value > max) {
    const what = integer ? 'a whole number' : 'a number';
    issues.add(path, value, `must be ${what} from ${min} to ${max}.${why ? ` ${why}` : ''}`);
  }
}
