/** One YAML document's part of a file's text: from its `---` line (or the file start) to the next one. */
export interface DocumentSpan {
  /** Offset in the text of the document's first character: its `---`, or 0 for text before the first `---`. */
  readonly start: number;
  /** Offset just past the document's last character. */
  readonly end: number;
  /** 1-based line of `start`. */
  readonly line: number;
  /** Whether the span starts with a `---` line (false only for the text before the first one). */
  readonly marked: boolean;
}

/** Whether the character at `i` ends a document marker: a blank, a line break or the end of the text. */
function endsMarker(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return i >= text.length || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * Whether splitting on `---` lines might not match the YAML parser: a line starting with `...` (a
 * document end) or `%` (a directive), both of which change where documents start in ways only a full
 * parser follows, or a carriage return not followed by a line feed (YAML counts it as a line break;
 * lines here count line feeds). Lines starting with `---` and more (`---#`, `----`) are checked by
 * `splitDocuments`.
 */
function unsafeToSplit(text: string): boolean {
  if (text.startsWith('%') || text.startsWith('...') || text.includes('\n%') || text.includes('\n...')) {
    return true;
  }
  return text.includes('\r') && /\r(?!\n)/.test(text);
}

/**
 * Splits a YAML stream into its documents' spans by the `---` lines, the only document separator in
 * the files we read fast (a `---` at the start of a line always starts a document: YAML forbids it
 * inside any node). The span before the first `---` is always returned, even when it holds only
 * comments (then it is no document at all; see `hasContent`). Undefined when the text has lines
 * starting with `...`, `%` or `---` and more, or lone carriage returns: the caller then parses the
 * file with the full parser.
 */
export function splitDocuments(text: string): DocumentSpan[] | undefined {
  if (unsafeToSplit(text)) return undefined;
  const spans: DocumentSpan[] = [];
  let start = 0;
  let line = 1;
  let counted = 0; // offset up to which line feeds are counted in `line`
  let marked = text.startsWith('---');
  if (marked && !endsMarker(text, 3)) return undefined;
  // A document starts at each `---` that begins a line (after a line feed: YAML breaks lines only
  // there) and is followed by white space or the end. `---` followed by anything else (`---#`) is
  // read differently by js-yaml and the exact parser: such text is not split.
  for (let nl = text.indexOf('\n---'); nl !== -1; nl = text.indexOf('\n---', nl + 4)) {
    if (!endsMarker(text, nl + 4)) return undefined;
    spans.push({ start, end: nl + 1, line, marked });
    for (let i = text.indexOf('\n', counted); i !== -1 && i <= nl; i = text.indexOf('\n', i + 1)) line++;
    counted = nl + 1;
    start = nl + 1;
    marked = true;
  }
  spans.push({ start, end: text.length, line, marked });
  return spans;
}

/**
 * Whether a span holds anything but blank lines, comments and its `---`: the text before the first
 * `---` is a document only if it does.
 */
export function hasContent(text: string, span: DocumentSpan): boolean {
  let i = span.marked ? span.start + 3 : span.start;
  while (i < span.end) {
    const c = text.charCodeAt(i);
    if (c === 0x23 /* # */) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 || nl > span.end ? span.end : nl + 1;
    } else if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      i++;
    } else {
      return true;
    }
  }
  return false;
}
