/**
 * Syntax check of PromQL with the Prometheus project's own grammar (`@prometheus-io/lezer-promql`,
 * the parser behind the Prometheus UI editor). A query is valid when its syntax tree has no error
 * node; the parser recovers from errors, so every error in the query is reported, not just the first.
 */
import { parser } from '@prometheus-io/lezer-promql';

/** One syntax error, located by character offsets into the query. */
export interface PromQLError {
  /** Offset of the first character of the error (0-based). */
  readonly from: number;
  /** Offset just past the error; equal to `from` when input is missing there. */
  readonly to: number;
  /** What is wrong, with the line and column and the offending text. */
  readonly message: string;
}

/** The outcome of {@link parsePromQL}. */
export interface PromQLParseResult {
  /** True when the query parsed without any error node. */
  readonly ok: boolean;
  /** The syntax errors, in query order (empty when `ok`). */
  readonly errors: readonly PromQLError[];
}

/** Parses a PromQL expression and reports every syntax error. An empty query is an error. */
export function parsePromQL(query: string): PromQLParseResult {
  if (query.trim() === '') {
    return {
      ok: false,
      errors: [{ from: 0, to: query.length, message: 'empty query: write a PromQL expression' }],
    };
  }
  const errors: PromQLError[] = [];
  parser.parse(query).iterate({
    enter(node) {
      if (!node.type.isError) return;
      errors.push({ from: node.from, to: node.to, message: describeError(query, node.from, node.to) });
    },
  });
  return { ok: errors.length === 0, errors };
}

/** `line:column` (1-based) of an offset, the way editors show positions. */
export function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

function describeError(query: string, from: number, to: number): string {
  const where = lineAndColumn(query, from);
  if (from === to) {
    const next = query.slice(from, from + 20);
    return next.trim() === ''
      ? `syntax error at ${where}: the expression ends too early (unclosed bracket or missing operand?)`
      : `syntax error at ${where}: something is missing before ${JSON.stringify(next)}`;
  }
  return `syntax error at ${where}: unexpected ${JSON.stringify(query.slice(from, to))}`;
}
