import { LintFinding, Severity } from './types';

/** Counts of findings by severity. */
export interface LintSummary {
  /** Findings with severity `error`. */
  readonly errors: number;
  /** Findings with severity `warning`. */
  readonly warnings: number;
  /** Findings with severity `info`. */
  readonly infos: number;
}

/** A problem reading the input (not YAML, not an object), as the loader reports it. */
export interface InputProblem {
  /** File. */
  readonly file: string;
  /** Line, when known. */
  readonly line?: number;
  /** What is wrong. */
  readonly message: string;
}

/** What was linted, for the summary line. */
export interface LintStats {
  /** Objects linted. */
  readonly objects: number;
  /** Files read. */
  readonly files: number;
}

/** Counts findings by severity. */
export function summarize(findings: readonly LintFinding[]): LintSummary {
  const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
  return { errors: count('error'), warnings: count('warning'), infos: count('info') };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `file:line`, or just the file when the line is unknown. */
export function location(file: string, line: number | undefined): string {
  return line !== undefined && line > 0 ? `${file}:${line}` : file;
}

/**
 * The text report: one block per finding (`file:line: severity rule Kind ns/name path`, then the
 * message and the fix, indented), input problems, and a summary line.
 */
export function formatFindingsText(
  findings: readonly LintFinding[],
  stats: LintStats,
  problems: readonly InputProblem[] = [],
): string {
  const lines: string[] = [];
  for (const p of problems) lines.push(`${location(p.file, p.line)}: unreadable: ${p.message}`, '');
  for (const f of findings) {
    lines.push(`${location(f.file, f.line)}: ${f.severity} ${f.rule} ${f.object} ${f.path}`);
    lines.push(`  ${f.message}`);
    lines.push(`  fix: ${f.fix}`);
    lines.push('');
  }
  const s = summarize(findings);
  const counts = `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info')}`;
  const problemText = problems.length > 0 ? `, ${plural(problems.length, 'unreadable input')}` : '';
  lines.push(
    `${counts}${problemText} in ${plural(stats.objects, 'object')} from ${plural(stats.files, 'file')}.`,
  );
  return `${lines.join('\n')}\n`;
}

/** The JSON report: `{ findings, problems, summary }`, stable key order, two-space indent. */
export function formatFindingsJson(
  findings: readonly LintFinding[],
  stats: LintStats,
  problems: readonly InputProblem[] = [],
): string {
  const report = {
    findings: findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      object: f.object,
      file: f.file,
      line: f.line,
      path: f.path,
      message: f.message,
      fix: f.fix,
    })),
    problems: problems.map((p) => ({
      file: p.file,
      ...(p.line === undefined ? {} : { line: p.line }),
      message: p.message,
    })),
    summary: {
      ...summarize(findings),
      unreadable: problems.length,
      objects: stats.objects,
      files: stats.files,
    },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
