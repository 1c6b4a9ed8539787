import { IssueCollector } from '../issues';

/** Records an issue unless `value` is absent, not a number (reported elsewhere), or in [min, max]. */
function checkNumber(
  path: string,
  value: unknown,
  [min, max]: readonly [number, number],
  wholeNumber: boolean,
  issues: IssueCollector,
  why: string,
): void {
  if (value === undefined || typeof value !== 'number') return;
  if ((wholeNumber && !Number.isInteger(value)) || !Number.isFinite(value) || value < min || value > max) {
    const what = wholeNumber ? 'a whole number' : 'a number';
    issues.add(path, value, `must be ${what} from ${min} to ${max}.${why ? ` ${why}` : ''}`);
  }
}

/** Records an issue unless `value` is absent or a whole number in [min, max]. */
export function checkInteger(
  path: string,
  value: unknown,
  min: number,
  max: number,
  issues: IssueCollector,
  why = '',
): void {
  checkNumber(path, value, [min, max], true, issues, why);
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
  checkNumber(path, value, [min, max], false, issues, why);
}
