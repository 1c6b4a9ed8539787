import type { SchemaIssue } from './finding';

/**
 * Sorts issues by where their field appears in the object (key order, then array index), so a
 * report reads top to bottom like the YAML. A field that is absent (a missing required field)
 * sorts after its present siblings; issues at the same place keep their order.
 */
export function sortByDocumentOrder(issues: readonly SchemaIssue[], object: unknown): SchemaIssue[] {
  const ranked = issues.map((issue, index) => ({ issue, index, rank: rankOf(issue.path, object) }));
  ranked.sort((a, b) => compareRanks(a.rank, b.rank) || a.index - b.index);
  return ranked.map((r) => r.issue);
}

function rankOf(path: SchemaIssue['path'], object: unknown): number[] {
  const rank: number[] = [];
  let node = object;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') {
      rank.push(Number.MAX_SAFE_INTEGER);
      break;
    }
    if (typeof segment === 'number') rank.push(segment);
    else {
      const position = Object.keys(node).indexOf(segment);
      rank.push(position < 0 ? Number.MAX_SAFE_INTEGER : position);
    }
    node = (node as Record<string | number, unknown>)[segment];
  }
  return rank;
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}
