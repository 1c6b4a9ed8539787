import { readFileSync } from 'node:fs';
import { Document, LineCounter, parseAllDocuments } from 'yaml';
import { KubeManifest } from '../core/manifest';
import { collectFiles } from './collect-files';
import { lineInSource, lineOfPath, recordOrigin, SourceText } from './source-locations';
import { KUBECTL_YAML_OPTIONS } from './yaml-options';

/** One Kubernetes object read from a file. */
export interface LoadedManifest {
  /** The object, exactly as parsed (List items are returned one by one). */
  manifest: KubeManifest;
  /** The file, as the user named it (relative to the working directory when given relative). */
  file: string;
  /** 1-based line where the object starts (its first key, or its item in a List). */
  line: number;
  /** 0-based index of the YAML document in the file, counting empty documents; 0 for JSON. */
  index: number;
}

/** Something that kept a file or document from loading; the other files still load. */
export interface LoadProblem {
  /** The file (or the path that does not exist), as the user named it. */
  file: string;
  /** 1-based line, when the problem is at a place in the file. */
  line?: number;
  /** What is wrong and what to change. */
  message: string;
}

/** What `loadManifests` and `parseManifestText` return. */
export interface LoadResult {
  /** Every object read, in file order, then document order. */
  manifests: LoadedManifest[];
  /** Every file or document that could not be read, in the same order. */
  problems: LoadProblem[];
}

/**
 * Reads Kubernetes manifests from files and directories, synchronously. Directories are walked
 * recursively for `.yaml`, `.yml` and `.json` files in sorted order; multi-document YAML is split,
 * empty documents are skipped and `kind: List` (or `FooList` with `items`) is expanded into its
 * items. A path that does not exist, a file that is not valid YAML/JSON, and a document that is not
 * a Kubernetes object (no apiVersion or kind) are reported as problems; loading goes on with the rest.
 * Relative paths resolve against `cwd` (default: the process working directory).
 */
export function loadManifests(paths: readonly string[], cwd: string = process.cwd()): LoadResult {
  const result: LoadResult = { manifests: [], problems: [] };
  const seen = new Set<string>();
  for (const given of paths) {
    const { files, problems } = collectFiles(given, cwd, seen);
    result.problems.push(...problems);
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(file.path, 'utf8');
      } catch (error) {
        result.problems.push({ file: file.display, message: `cannot read: ${(error as Error).message}` });
        continue;
      }
      const loaded = parseManifestText(text, file.display);
      result.manifests.push(...loaded.manifests);
      result.problems.push(...loaded.problems);
    }
  }
  return result;
}

/**
 * Parses the manifests in one file's text. `file` names the file in results and decides the syntax:
 * names ending in `.json` are parsed as JSON, anything else as YAML (which also reads JSON). YAML is
 * read the way kubectl reads it (YAML 1.1: `on`/`yes` are booleans, `0644` is octal).
 */
export function parseManifestText(text: string, file: string): LoadResult {
  const source: SourceText = { file, text: text.startsWith('\uFEFF') ? text.slice(1) : text };
  return file.toLowerCase().endsWith('.json') ? parseJson(source) : parseYaml(source);
}

function parseYaml(source: SourceText): LoadResult {
  const result: LoadResult = { manifests: [], problems: [] };
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(source.text, { ...KUBECTL_YAML_OPTIONS, lineCounter });
  documents.forEach((document, index) => {
    const [error] = document.errors;
    if (error) {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      result.problems.push({
        file: source.file,
        line,
        message: `YAML syntax error at column ${col}: ${firstLine(error.message)}. Fix the YAML (other documents and files are still checked).`,
      });
      return;
    }
    if (document.contents === null) return;
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 1000 });
    } catch (cause) {
      result.problems.push({
        file: source.file,
        line: lineOfPath(document, lineCounter, []),
        message: `cannot read document ${index + 1}: ${(cause as Error).message}`,
      });
      return;
    }
    if (value === null || value === undefined) return; // `---` with nothing (or only `~`) after it
    if (isCyclic(value)) {
      result.problems.push({
        file: source.file,
        line: lineOfPath(document, lineCounter, []),
        message: `document ${index + 1} contains an alias inside its own anchor (a cycle), which kubectl rejects; expand the alias.`,
      });
      return;
    }
    const lineAt = (path: readonly (string | number)[]): number => lineAtPath(document, lineCounter, path);
    addDocument(result, source, index, value, lineAt);
  });
  return result;
}

function parseJson(source: SourceText): LoadResult {
  const result: LoadResult = { manifests: [], problems: [] };
  if (source.text.trim() === '') return result;
  let value: unknown;
  try {
    value = JSON.parse(source.text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position ? source.text.slice(0, Number(position[1])).split('\n').length : undefined;
    result.problems.push({
      file: source.file,
      ...(line === undefined ? {} : { line }),
      message: `JSON syntax error: ${message}. Fix the JSON (other files are still checked).`,
    });
    return result;
  }
  const lineAt = (path: readonly (string | number)[]): number =>
    path.length === 0 ? 1 : (lineInSource(source, 0, path) ?? 1);
  addDocument(result, source, 0, value, lineAt);
  return result;
}

function lineAtPath(
  document: Document.Parsed,
  lineCounter: LineCounter,
  path: readonly (string | number)[],
): number {
  return lineOfPath(document, lineCounter, path) ?? 1;
}

/** Adds one parsed document: an object, or the items of a List; anything else is a problem. */
function addDocument(
  result: LoadResult,
  source: SourceText,
  index: number,
  value: unknown,
  lineAt: (path: readonly (string | number)[]) => number,
): void {
  const add = (object: unknown, prefix: readonly (string | number)[]): void => {
    const line = lineAt(prefix);
    const where =
      prefix.length === 0 ? `document ${index + 1}` : `document ${index + 1}, ${formatPrefix(prefix)}`;
    if (!isPlainObject(object)) {
      result.problems.push({
        file: source.file,
        line,
        message: `${where} is ${describeShape(object)}, not a Kubernetes object (a mapping with apiVersion and kind).`,
      });
      return;
    }
    const { apiVersion, kind } = object;
    if (kind === 'List' && (object.items === undefined || object.items === null)) return;
    if (kind === 'List' && !Array.isArray(object.items)) {
      result.problems.push({
        file: source.file,
        line,
        message: `${where} is a List whose items is ${describeShape(object.items)}; items must be a sequence of objects.`,
      });
      return;
    }
    if (isList(object)) {
      object.items.forEach((item: unknown, i: number) =>
        add(withListDefaults(item, object), [...prefix, 'items', i]),
      );
      return;
    }
    const missing = [
      ...(typeof apiVersion === 'string' && apiVersion !== '' ? [] : ['apiVersion']),
      ...(typeof kind === 'string' && kind !== '' ? [] : ['kind']),
    ];
    if (missing.length > 0) {
      result.problems.push({
        file: source.file,
        line,
        message: `${where} is not a Kubernetes object: it has no ${missing.join(' and ')} (a string). Add ${missing.join(' and ')}, or move the file out of the paths given.`,
      });
      return;
    }
    const manifest = object as unknown as KubeManifest;
    recordOrigin(manifest, { source, documentIndex: index, prefix, line });
    result.manifests.push({ manifest, file: source.file, line, index });
  };
  add(value, []);
}

/** `kind: List`, or a typed list such as `DeploymentList` (a `...List` kind with `items` and no `spec`). */
function isList(object: Record<string, unknown>): object is Record<string, unknown> & { items: unknown[] } {
  const { kind, items } = object;
  if (typeof kind !== 'string' || !Array.isArray(items)) return false;
  return kind === 'List' || (kind.endsWith('List') && object.spec === undefined);
}

function formatPrefix(prefix: readonly (string | number)[]): string {
  return prefix
    .map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`))
    .join('')
    .slice(1);
}

/** Items of a typed list (`DeploymentList`) may omit apiVersion and kind; they take the list's. */
function withListDefaults(item: unknown, list: Record<string, unknown>): unknown {
  if (!isPlainObject(item) || list.kind === 'List') return item;
  if (item.apiVersion !== undefined && item.kind !== undefined) return item;
  const kind = (list.kind as string).slice(0, -'List'.length);
  return { apiVersion: list.apiVersion, kind, ...item };
}

/** Whether a value refers to itself: YAML aliases can build cycles, which no manifest may contain. */
function isCyclic(value: unknown, ancestors: Set<object> = new Set()): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (ancestors.has(value)) return true;
  ancestors.add(value);
  const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  const cyclic = children.some((child) => isCyclic(child, ancestors));
  ancestors.delete(value);
  return cyclic;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeShape(value: unknown): string {
  if (Array.isArray(value)) return 'a sequence';
  if (value === null) return 'null';
  return `a ${typeof value} (${JSON.stringify(value).slice(0, 40)})`;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/\.$/, '');
}
