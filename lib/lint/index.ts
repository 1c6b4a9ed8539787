import { KubeManifest } from '../core/manifest';
import { locateField } from '../manifests/source-locations';
import { LINT_IGNORE_ANNOTATION } from './annotations';
import { buildModel } from './model';
import { RULES } from './rules';
import { LintFinding, LintOptions, Severity, SourcedManifest } from './types';

export { LintFinding, LintOptions, Severity, SourcedManifest, SEVERITIES } from './types';
export { LintRule, RuleFinding } from './rule';
export { RULES } from './rules';
export { buildModel, LintModel } from './model';
export { PROMOTING_ANNOTATION, ROLLBACK_WITHIN_ANNOTATION, LINT_IGNORE_ANNOTATION } from './annotations';
export {
  formatFindingsText,
  formatFindingsJson,
  summarize,
  LintSummary,
  InputProblem,
  LintStats,
} from './format';

/** An input of `lintManifests`: a loaded manifest with its source, or a bare object. */
export type LintInput = SourcedManifest | KubeManifest;

function isSourced(input: LintInput): input is SourcedManifest {
  return (
    typeof (input as SourcedManifest).file === 'string' &&
    typeof (input as SourcedManifest).manifest === 'object'
  );
}

/** Wraps bare objects (e.g. `synthesize(spec)` output) as `<memory>` manifests. */
export function toSourced(inputs: readonly LintInput[]): SourcedManifest[] {
  return inputs.map((input, index) =>
    isSourced(input) ? input : { manifest: input, file: '<memory>', line: 0, index },
  );
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/**
 * Lints a tree of manifests: builds the model of Services, workloads, DestinationRules,
 * VirtualServices, Gateways, Flagger Canaries, MetricTemplates and Argo Rollouts once, runs every
 * rule, drops findings that an object's `canary-kit.dev/lint-ignore` annotation names, and returns
 * the findings in a stable order (by file, object, path, rule).
 * Accepts `LoadedManifest`s from `loadManifests` or bare objects (reported as `<memory>`).
 */
export function lintManifests(inputs: readonly LintInput[], options: LintOptions = {}): LintFinding[] {
  const model = buildModel(toSourced(inputs), options);
  const only = options.rules ? new Set(options.rules) : undefined;
  const disabled = new Set(options.disable ?? []);
  const found: { finding: LintFinding; order: number }[] = [];
  for (const rule of RULES) {
    if ((only && !only.has(rule.id)) || disabled.has(rule.id)) continue;
    for (const f of rule.check(model)) {
      const ignored = (f.object.annotations[LINT_IGNORE_ANNOTATION] ?? '').split(',').map((s) => s.trim());
      if (ignored.includes(rule.id)) continue;
      found.push({
        order: f.object.order,
        finding: {
          rule: rule.id,
          severity: f.severity ?? rule.severity,
          object: f.object.ref,
          file: f.object.file,
          line: locateField(f.object.manifest, f.segments)?.line ?? f.object.line,
          path: f.path,
          message: f.message,
          fix: f.fix,
        },
      });
    }
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  found.sort(
    (a, b) =>
      cmp(a.finding.file, b.finding.file) ||
      a.order - b.order ||
      cmp(a.finding.path, b.finding.path) ||
      SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] ||
      cmp(a.finding.rule, b.finding.rule) ||
      cmp(a.finding.message, b.finding.message),
  );
  return found.map((f) => f.finding);
}
