import { IssueCollector } from '../issues';

/** Records an issue unless `value` is absent or a whole number in [min, max]. */
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

/** Records an issue unless `value` is absent or a number in [min, max] (fractions allowed). */
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
