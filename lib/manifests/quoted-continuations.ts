/**
 * kubectl's YAML reader accepts a multi-line quoted scalar whose continuation lines are indented no
 * deeper than its key, as in Flagger's own CRD (`artifacts/flagger/crd.yaml` at v1.44.0):
 *
 * ```yaml
 *             apiVersion:
 *               description: 'APIVersion defines the versioned schema of this representation
 *               of an object. ...'
 * ```
 *
 * go-yaml's scanner (`yaml_parser_scan_flow_scalar` in `sigs.k8s.io/yaml/goyaml.v2/scannerc.go`, a
 * port of libyaml) checks only for a document marker at column 0 inside a quoted scalar, never the
 * indentation of its continuation lines; the YAML 1.2 spec and the `yaml` package require them to be
 * indented deeper than the key ("Missing closing quote"). A continuation line's leading white space is
 * not part of the value (the line break folds to a space and the indentation is dropped), so indenting
 * such lines deeper changes no value and no line number. `indentQuotedContinuations` does exactly that.
 */

/** A line that only holds a block-scalar indicator after its key or dash: `|`, `>-`, `|2+ # c`. */
const BLOCK_SCALAR_VALUE = /^[|>][0-9+-]*[ \t]*(?:#.*)?$/;

/** The start of a line: indentation, sequence dashes, then an optional plain or quoted key. */
const LINE_START =
  /^( *)((?:- +)*)((?:[^\s#'"-][^#]*?|-[^\s#][^#]*?|"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'):(?: +|$))?(.*)$/;

/** Whether `text` (what follows an opening quote on its line, or a continuation line) closes the quote. */
function closesQuote(text: string, quote: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return true;
    }
  }
  return false;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/**
 * The text with the continuation lines of every multi-line quoted scalar indented one column deeper
 * than the scalar's key (or dash) where they were not already; undefined when no line changed. Lines
 * inside block scalars (`|`, `>`) are left alone, and so is a continuation line starting with `---` or
 * `...`, which ends the document for go-yaml too.
 */
export function indentQuotedContinuations(text: string): string | undefined {
  const lines = text.split('\n');
  let changed = false;
  let blockIndent = -1; // inside a block scalar whose parent starts at this column
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const trimmed = line.trim();
    if (blockIndent >= 0) {
      if (trimmed === '' || indentOf(line) > blockIndent) continue;
      blockIndent = -1;
    }
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const match = LINE_START.exec(line.replace(/\r$/, ''));
    if (!match) continue;
    const [, indent, dashes, key, rest] = match;
    const parentColumn = key
      ? indent.length + dashes.length
      : indent.length + Math.max(0, dashes.trimEnd().length - 1);
    if (BLOCK_SCALAR_VALUE.test(rest)) {
      blockIndent = parentColumn;
      continue;
    }
    const quote = rest[0];
    if ((quote !== "'" && quote !== '"') || closesQuote(rest.slice(1), quote)) continue;
    const minIndent = parentColumn + 1;
    for (let j = i + 1; j < lines.length; j++) {
      const next = lines[j];
      if (next.startsWith('---') || next.startsWith('...')) break;
      const content = next.trimStart();
      if (content !== '' && content !== '\r' && indentOf(next) < minIndent) {
        lines[j] = ' '.repeat(minIndent) + content;
        changed = true;
      }
      i = j;
      if (closesQuote(content, quote)) break;
    }
  }
  return changed ? lines.join('\n') : undefined;
}
