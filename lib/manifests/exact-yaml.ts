import { Document, LineCounter, parseAllDocuments } from 'yaml';
import { addDocument } from './add-document';
import { indentQuotedContinuations } from './quoted-continuations';
import type { LoadResult } from './load';
import { lineOfPath, SourceText } from './source-locations';
import { KUBECTL_YAML_OPTIONS } from './yaml-options';

/**
 * Reads a YAML file with the `yaml` package's full Document API: exact YAML 1.1 as kubectl reads it,
 * syntax errors with their line and column, anchors, aliases, merge keys and tags. The fast path
 * (`fast-yaml.ts`) hands every file it cannot read exactly to this one.
 */
export function parseYamlExact(given: SourceText): LoadResult {
  const result: LoadResult = { manifests: [], problems: [] };
  const { source, documents, lineCounter } = parseAsKubectl(given);
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

/** What parsing a file gave: the text actually parsed (see `parseAsKubectl`), its documents and lines. */
interface ParsedText {
  readonly source: SourceText;
  readonly documents: Document.Parsed[];
  readonly lineCounter: LineCounter;
}

function parseText(source: SourceText): ParsedText {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(source.text, { ...KUBECTL_YAML_OPTIONS, lineCounter });
  const documents = Array.isArray(parsed) ? parsed : [];
  return { source, documents, lineCounter };
}

/**
 * Parses the text; when a quoted scalar is reported unclosed, parses it again with its continuation
 * lines indented as YAML 1.2 requires (`indentQuotedContinuations`: kubectl reads those files, and
 * the values and line numbers stay the same), and keeps that reading when it has fewer errors. The
 * returned source is the text that was parsed, so that later line lookups parse the same text.
 */
function parseAsKubectl(source: SourceText): ParsedText {
  const first = parseText(source);
  const errors = (parsed: ParsedText): number => parsed.documents.reduce((n, d) => n + d.errors.length, 0);
  const unclosed = first.documents.some((document) =>
    document.errors.some(
      (error) => error.code === 'MISSING_CHAR' && /closing ['"]?quote/.test(error.message),
    ),
  );
  const repaired = unclosed ? indentQuotedContinuations(source.text) : undefined;
  if (repaired === undefined) return first;
  const second = parseText({ ...source, text: repaired });
  return errors(second) < errors(first) ? second : first;
}

function lineAtPath(
  document: Document.Parsed,
  lineCounter: LineCounter,
  path: readonly (string | number)[],
): number {
  return lineOfPath(document, lineCounter, path) ?? 1;
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

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/\.$/, '');
}
