import { SpecIssue } from '../errors';
import { CanaryServiceSpec } from '../spec';
import { IssueCollector } from './issues';
import { checkStructure } from './structure';
import { checkAnalysis } from './rules/analysis';
import { checkWebhooks } from './rules/webhooks';
import { checkIdentity } from './rules/identity';
import { checkOperations } from './rules/operations';
import { checkResilience } from './rules/resilience';
import { checkService } from './rules/service';
import { checkSlo } from './rules/slo';
import { checkTraffic } from './rules/traffic';
import { checkWorkload } from './rules/workload';

/** The semantic rules, in the order their problems are listed (spec order). */
const RULES: ReadonlyArray<(spec: CanaryServiceSpec, issues: IssueCollector) => void> = [
  checkIdentity,
  checkWorkload,
  checkService,
  checkTraffic,
  checkResilience,
  checkSlo,
  checkAnalysis,
  checkWebhooks,
  checkOperations,
];

/**
 * Validates a spec (typed, or parsed from a YAML/JSON file) and returns every problem at once:
 * structure first (types, required and unknown fields, from the JSON Schema generated from
 * `CanaryServiceSpec`), then the semantic rules. An empty list means the spec synthesizes.
 */
export function validate(spec: unknown): SpecIssue[] {
  const issues = new IssueCollector();
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    issues.add('', spec, 'is not a CanaryService spec. A spec is an object with at least name and workload.');
    return [...issues.issues];
  }
  checkStructure(spec, issues);
  const structurallyValid = issues.issues.length === 0;
  for (const rule of RULES) {
    try {
      rule(spec as CanaryServiceSpec, issues);
    } catch (error) {
      // A rule may trip over a value of the wrong type; that value was already reported above.
      if (structurallyValid) throw error;
    }
  }
  return dedupeByPath(issues.issues);
}

/** Keeps the first issue per (path, message), so one mistake is reported once. */
function dedupeByPath(issues: readonly SpecIssue[]): SpecIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
