import { Document, isAlias, isMap, isScalar, isSeq, LineCounter, Node, parseAllDocuments } from 'yaml';
import { KUBECTL_YAML_OPTIONS } from './yaml-options';

/** A file and 1-based line. */
export interface SourceLocation {
  /** The file as the user named it (relative to the working directory when it was given relative). */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
}

/** The text of one loaded file, shared by every manifest that came from it; parsed again only on demand. */
export interface SourceText {
  /** The file as the user named it. */
  readonly file: string;
  /** The file's text. */
  readonly text: string;
}

/**
 * The part of a file that holds one manifest and nothing else: a whole YAML document (from its `---`
 * line) or the item of a List, from the item's first character. Parsed alone (after `column` spaces,
 * so that every line keeps its indentation), it gives the manifest, with lines `line - 1` lower.
 */
export interface ManifestSpan {
  /** Offset of the first character in the file's text. */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
  /** 1-based line of `start`. */
  readonly line: number;
  /** 0-based column of `start`. */
  readonly column: number;
}

/** Where one loaded manifest came from. */
export interface ManifestOrigin {
  /** The file it was read from. */
  readonly source: SourceText;
  /** Index of its YAML document in the file (counting empty documents). */
  readonly documentIndex: number;
  /** Path from the document root to the manifest: `[]`, or `['items', 3]` for an item of a List. */
  readonly prefix: readonly (string | number)[];
  /** 1-based line where the manifest starts. */
  readonly line: number;
  /**
   * The manifest's own text, when the loader knows it (YAML read by the fast path): `locateField` then
   * parses only that part, not the whole file. @default the whole file is parsed
   */
  readonly span?: ManifestSpan;
}

interface ParsedSource {
  readonly documents: Document.Parsed[];
  readonly lineCounter: LineCounter;
}

const origins = new WeakMap<object, ManifestOrigin>();
const parsedSources = new WeakMap<SourceText, ParsedSource>();
const parsedSpans = new WeakMap<SourceText, Map<number, ParsedSource>>();

/** Records where a manifest object was loaded from (called by the loader). */
export function recordOrigin(manifest: object, origin: ManifestOrigin): void {
  origins.set(manifest, origin);
}

/** Where a manifest object was loaded from, if it came from `loadManifests`/`parseManifestText`. */
export function manifestOrigin(manifest: object): ManifestOrigin | undefined {
  return origins.get(manifest);
}

/**
 * The file and line of a field inside a loaded manifest: the line of the deepest part of `path` that
 * exists in the source (a missing field reports its parent's line). Undefined for manifests that were
 * not loaded from a file (e.g. synthesized in memory). The source is parsed again with the full YAML
 * Document API only when a location is first asked for: just the manifest's own text when the loader
 * recorded its span (its document, or its item of a List), else the whole file, once; so loading
 * stays fast when every object is valid.
 */
export function locateField(
  manifest: object,
  path: readonly (string | number)[],
): SourceLocation | undefined {
  const origin = origins.get(manifest);
  if (!origin) return undefined;
  const line = origin.span
    ? lineInSpan(origin.source, origin.span, path)
    : lineInSource(origin.source, origin.documentIndex, [...origin.prefix, ...path]);
  return { file: origin.source.file, line: line ?? origin.line };
}

/** Like `lineInSource`, for a path from the root of the node in `span`: parses only that part of the text. */
export function lineInSpan(
  source: SourceText,
  span: ManifestSpan,
  path: readonly (string | number)[],
): number | undefined {
  let spans = parsedSpans.get(source);
  if (!spans) {
    spans = new Map();
    parsedSpans.set(source, spans);
  }
  let parsed = spans.get(span.start);
  if (!parsed) {
    parsed = parseText(' '.repeat(span.column) + source.text.slice(span.start, span.end));
    spans.set(span.start, parsed);
  }
  const [document] = parsed.documents;
  const line = document ? lineOfPath(document, parsed.lineCounter, path) : undefined;
  return line === undefined ? undefined : line + span.line - 1;
}

/** The line of the deepest part of `path` that exists in document `documentIndex` of a source. */
export function lineInSource(
  source: SourceText,
  documentIndex: number,
  path: readonly (string | number)[],
): number | undefined {
  const parsed = parseSource(source);
  const document = parsed.documents[documentIndex];
  return document ? lineOfPath(document, parsed.lineCounter, path) : undefined;
}

/**
 * The line of the deepest part of `path` that exists in a parsed YAML document: a map key's line,
 * or a sequence item's first line. Undefined when the document is empty.
 */
export function lineOfPath(
  document: Document.Parsed,
  lineCounter: LineCounter,
  path: readonly (string | number)[],
): number | undefined {
  let node: unknown = document.contents;
  let line = lineOf(node, lineCounter);
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(document);
    if (typeof segment === 'number') {
      if (!isSeq(node)) break;
      const item: unknown = node.items[segment];
      if (!item) break;
      node = item;
      line = lineOf(item, lineCounter) ?? line;
    } else {
      if (!isMap(node)) break;
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) break;
      line = lineOf(pair.key, lineCounter) ?? line;
      node = pair.value;
    }
  }
  return line;
}

function parseSource(source: SourceText): ParsedSource {
  let parsed = parsedSources.get(source);
  if (!parsed) {
    parsed = parseText(source.text);
    parsedSources.set(source, parsed);
  }
  return parsed;
}

function parseText(text: string): ParsedSource {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { ...KUBECTL_YAML_OPTIONS, lineCounter });
  return { documents: Array.isArray(documents) ? documents : [], lineCounter };
}

function lineOf(node: unknown, lineCounter: LineCounter): number | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? lineCounter.linePos(range[0]).line : undefined;
}
