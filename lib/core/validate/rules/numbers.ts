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

/**
 * Records an issue unless `value` is absent or a whole number in [min, max]. For fields whose range
 * is not (yet) in `SPEC_RANGES`; prefer `checkSpecNumber`, which also puts the range in the schema.
 */
export function checkInteger(
  path: string,
  value: unknown,
  min: number,
  max: number,
  issues: IssueCollector,
  why = '',
): void {
  if (value === undefined || typeof value !== 'number') return;
  if (!Number.isInteger(value) || value < min || value > max) {
    issues.add(path, value, `must be a whole number from ${min} to ${max}.${why ? ` ${why}` : ''}`);
  }
}

/** Like `checkInteger`, fractions allowed. */
export function checkRange(
  path: string,
  value: unknown,
  min: number,
  max: number,
  issues: IssueCollector,
  why = '',
): void {
  if (value === undefined || typeof value !== 'number') return;
  if (!Number.isFinite(value) || value < min || value > max) {
    issues.add(path, value, `must be a number from ${min} to ${max}.${why ? ` ${why}` : ''}`);
  }
}
