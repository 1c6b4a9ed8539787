import { EventType, loadAll, State } from 'js-yaml';
import { FAST_IMPLICIT_TAG, FAST_SCHEMA, NeedsExactParse } from './fast-schema';
import { ManifestSpan } from './source-locations';
import { DocumentSpan } from './split-documents';

/** One document read by js-yaml, with the lines the loader needs. */
export interface FastDocument {
  /** The document's value, as the exact parser would build it. */
  readonly value: unknown;
  /** 1-based line where the value starts. */
  readonly line: number;
  /** Where each collection two levels below the root (an item of a List's `items`) is in the file. */
  readonly itemSpans: ReadonlyMap<object, ManifestSpan>;
}

/** The parts of js-yaml's parser state that the listener reads and its type definitions omit. */
interface ParserState extends State {
  /** The node's tag: null when untagged, `?` for a plain scalar no implicit type matched. */
  tag: string | null;
  /** The node's anchor name, or null. */
  anchor: string | null;
}

/**
 * Follows js-yaml's node events for one document: where the root and the root's grandchildren start
 * (and end), and whether anything the fast path does not reproduce exactly was met: an anchor (which
 * also rules out aliases and cycles) or an explicit tag.
 */
class NodeTracker {
  /** 1-based line where the root starts. */
  rootLine = 0;
  /** Whether something was met that the fast path does not reproduce. */
  unsupported = false;
  /** Where each collection two levels below the root is. */
  readonly itemSpans = new Map<object, ManifestSpan>();
  private itemStart = 0;
  private itemLine = 0;
  private itemColumn = 0;
  private depth = 0; // of the node the event is about: 1 for the root
  private readonly openedAt: number[] = []; // by depth: where the node opened
  private readonly openedLine: number[] = [];

  /** @param span the part of the file that js-yaml reads */
  constructor(private readonly span: DocumentSpan) {}

  /** js-yaml's `listener`: called when each node opens and closes. */
  readonly listener = (event: EventType, state: State): void => {
    const { tag, anchor, result } = state as ParserState;
    const depth = event === 'open' ? ++this.depth : this.depth--;
    if (event === 'open') {
      this.openedAt[depth] = state.position;
      this.openedLine[depth] = state.line;
      // Nodes open where their content starts (js-yaml has skipped spaces, comments and `- `), except
      // a mapping value, which opens right after its `:`.
      if (depth === 1) this.rootLine = this.span.line + state.line;
      if (depth === 3) {
        this.itemStart = state.position;
        this.itemLine = this.span.line + state.line;
        this.itemColumn = state.position - state.lineStart;
      }
      return;
    }
    if (anchor !== null || (tag !== null && tag !== '?' && tag !== FAST_IMPLICIT_TAG)) {
      this.unsupported = true;
    }
    // A `#` right after a node (`"10s"#`): js-yaml reads a comment, the exact parser an error.
    if (state.input.charCodeAt(state.position) === 0x23) this.unsupported = true;
    // A scalar after or inside a comment line, as in `a:⏎#x⏎ b`: the exact parser rejects some.
    if (state.kind === 'scalar' && state.line !== this.openedLine[depth]) {
      if (commentLineInScalar(state.input, this.openedAt[depth], state.position)) this.unsupported = true;
    }
    if (depth === 3 && typeof result === 'object' && result !== null) {
      this.itemSpans.set(result, {
        start: this.span.start + this.itemStart,
        end: this.span.start + state.position,
        line: this.itemLine,
        column: this.itemColumn,
      });
    }
  };
}

/**
 * Whether a scalar that opened at `from` (a mapping value opens right after its `:`) and ended at `to`
 * has a line holding only a comment before its content, or inside it unless it is a block scalar
 * (`|`, `>`: there `#` lines are text).
 */
function commentLineInScalar(text: string, from: number, to: number): boolean {
  let i = from;
  let lineStart = false;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0d) i++;
    else if (c === 0x0a) {
      i++;
      lineStart = true;
    } else if (c === 0x23) {
      if (lineStart) return true;
      i = text.indexOf('\n', i);
      if (i === -1) return false;
    } else break;
  }
  if (text.charCodeAt(i) === 0x7c || text.charCodeAt(i) === 0x3e) return false;
  for (let nl = text.indexOf('\n', i); nl !== -1 && nl < to; nl = text.indexOf('\n', nl + 1)) {
    let j = nl + 1;
    while (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x09) j++;
    if (text.charCodeAt(j) === 0x23) return true;
  }
  return false;
}

function onWarning(): void {
  throw new NeedsExactParse('js-yaml warning');
}

/**
 * Reads the one document in `span` of `text` with js-yaml. Undefined when it cannot, or when the
 * result might differ from the exact parser's: a syntax error, an anchor, alias, tag or merge key,
 * content on the `---` line itself (`--- a: 1`, which the exact parser rejects), a scalar as the
 * whole document (the two read a root `|2` block scalar differently; such a document is no object
 * anyway, only a problem to report), a key js-yaml names differently, or a null sequence item (see
 * `hasUnsafeShape`).
 */
export function readFastDocument(text: string, span: DocumentSpan): FastDocument | undefined {
  const tracker = new NodeTracker(span);
  let documents: unknown[];
  try {
    documents = loadAll(text.slice(span.start, span.end), null, {
      schema: FAST_SCHEMA,
      listener: tracker.listener,
      onWarning,
    });
  } catch {
    return undefined;
  }
  if (tracker.unsupported || documents.length !== 1) return undefined;
  const [value] = documents;
  if (value !== null && typeof value !== 'object') return undefined; // a scalar root: see above
  if (span.marked && tracker.rootLine === span.line && value !== null) return undefined;
  if (hasUnsafeShape(value)) return undefined;
  return { value, line: tracker.rootLine, itemSpans: tracker.itemSpans };
}

/**
 * Whether a value has a part that js-yaml may have built unlike the exact parser: a key `null` (what
 * js-yaml makes of a null key such as `~: x`, which the exact parser calls `''`), a key
 * `[object Object]` (a mapping used as a key, which the exact parser writes out as YAML), or a null
 * sequence item (js-yaml 4.3 reads an empty `-` item followed by a less indented `-` line as two
 * items of one sequence; the exact parser rejects it).
 */
function hasUnsafeShape(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const item of value) if (item === null || hasUnsafeShape(item)) return true;
    return false;
  }
  for (const key in value) {
    if (key === 'null' || key === '[object Object]') return true;
    if (hasUnsafeShape((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}
