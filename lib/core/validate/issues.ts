import { SpecIssue } from '../errors';

/** Collects issues while the rules walk a spec. */
export class IssueCollector {
  private readonly found: SpecIssue[] = [];

  /** Records one problem at `path` with the offending `value` and a message saying what to change. */
  add(path: string, value: unknown, message: string): void {
    this.found.push({ path, value, message });
  }

  /** Every issue recorded so far, in the order found. */
  get issues(): readonly SpecIssue[] {
    return this.found;
  }
}

/** Joins a parent path and a key: `join('traffic', 'stage')` is `traffic.stage`. */
export function join(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}
