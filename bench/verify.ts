import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { BenchCase, caseId } from './cases';
import { BenchFixtures, TREE_OBJECTS } from './fixtures';
import { CaseResult } from './measure';

function digest(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * Checks that the cases did the same work, from what their last run left behind: the lower bound
 * and the core wrote the same bytes (so the lower bound really is "the same objects, the same
 * YAML"), and the cdk8s app wrote one file per service. Returns one line per check.
 */
export function verifyOutputs(
  cases: readonly BenchCase[],
  results: ReadonlyMap<string, CaseResult>,
  fixtures: BenchFixtures,
): string[] {
  const lines: string[] = [];
  const ok = (id: string): boolean => results.get(id)?.status === 'ok';
  for (const c of cases) {
    if (c.kind === 'core' && c.baseline && ok(c.id) && ok(c.baseline)) {
      const lower = fixtures.output(c.baseline);
      const core = fixtures.output(c.id);
      const same = existsSync(lower) && existsSync(core) && digest(lower) === digest(core);
      lines.push(
        `${same ? 'ok  ' : 'FAIL'} ${c.id}: ${same ? 'same bytes as' : 'output differs from'} ${c.baseline}`,
      );
    }
    if ((c.kind === 'cdk8s' || c.kind === 'cdk8s-per-chart') && ok(c.id)) {
      const dir = fixtures.output(c.id);
      const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).length : 0;
      const expected = c.kind === 'cdk8s' ? 1 : c.n;
      lines.push(`${files === expected ? 'ok  ' : 'FAIL'} ${c.id}: ${files} chart files for ${c.n} services`);
    }
  }
  const read = results.get('read-tree');
  if (read?.status === 'ok') {
    const objects = read.outcome?.objects;
    const good = objects === TREE_OBJECTS;
    lines.push(
      `${good ? 'ok  ' : 'FAIL'} read-tree: ${objects} objects in the lint/validate tree (${TREE_OBJECTS} wanted)`,
    );
  }
  const core = results.get(caseId('core', 'flagger', 10))?.outcome?.objects;
  if (core !== undefined)
    lines.push(`info ${caseId('core', 'flagger', 10)}: ${core} objects for 10 services`);
  return lines;
}
