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
}

interface ParsedSource {
  readonly documents: Document.Parsed[];
  readonly lineCounter: LineCounter;
}

const origins = new WeakMap<object, ManifestOrigin>();
const parsedSources = new WeakMap<SourceText, ParsedSource>();

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
 * not loaded from a file (e.g. synthesized in memory). The source is parsed again, once per file, only
 * when a location is first asked for, so loading stays fast when every object is valid.
 */
export function locateField(
  manifest: object,
  path: readonly (string | number)[],
): SourceLocation | undefined {
  const origin = origins.get(manifest);
  if (!origin) return undefined;
  const line = lineInSource(origin.source, origin.documentIndex, [...origin.prefix, ...path]);
  return { file: origin.source.file, line: line ?? origin.line };
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
    const lineCounter = new LineCounter();
    const documents = parseAllDocuments(source.text, { ...KUBECTL_YAML_OPTIONS, lineCounter });
    parsed = { documents: Array.isArray(documents) ? documents : [], lineCounter };
    parsedSources.set(source, parsed);
  }
  return parsed;
}

function lineOf(node: unknown, lineCounter: LineCounter): number | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? lineCounter.linePos(range[0]).line : undefined;
}
