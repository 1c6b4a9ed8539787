import { KubeManifest } from '../core/manifest';
import { collectFiles } from './collect-files';
import { parseYamlExact } from './exact-yaml';
import { parseYamlFast } from './fast-yaml';
import { parseJsonFile } from './json-file';
import { SourceText } from './source-locations';
import { appendAll } from '../util/append';
import { InputFileError, readTextFile } from '../util/read-text-file';

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
  /**
   * Entries skipped on purpose, not problems (they do not change the exit code): what a directory
   * walk found that is not a regular file (FIFOs, sockets, devices named like manifests), and
   * configuration files that are not Kubernetes objects (a kustomization, Helm values).
   * @default - none
   */
  notes?: LoadProblem[];
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
  const result: LoadResult = { manifests: [], problems: [], notes: [] };
  const seen = new Set<string>();
  for (const given of paths) {
    const { files, problems, notes } = collectFiles(given, cwd, seen);
    appendAll(result.problems, problems);
    appendAll(result.notes as LoadProblem[], notes);
    for (const file of files) {
      let text: string;
      try {
        text = readTextFile(file.path);
      } catch (error) {
        const message =
          error instanceof InputFileError
            ? error.message.replace(file.path, 'the file')
            : `cannot read: ${(error as Error).message}`;
        result.problems.push({ file: file.display, message });
        continue;
      }
      const loaded = parseManifestText(text, file.display);
      appendAll(result.manifests, loaded.manifests);
      appendAll(result.problems, loaded.problems);
      if (loaded.notes?.length) appendAll((result.notes ??= []), loaded.notes);
    }
  }
  return result;
}

/**
 * Parses the manifests in one file's text. `file` names the file in results and decides the syntax:
 * names ending in `.json` are parsed as JSON, anything else as YAML (which also reads JSON). YAML is
 * read the way kubectl reads it (YAML 1.1: `on`/`yes` are booleans, `0644` is octal). Plain YAML is
 * read by a fast parser; any file it cannot read exactly as the `yaml` package's Document API would
 * (syntax errors, anchors, tags, merge keys...) is read by that API instead, with the same results.
 */
export function parseManifestText(text: string, file: string): LoadResult {
  const source: SourceText = { file, text: text.startsWith('\uFEFF') ? text.slice(1) : text };
  if (file.toLowerCase().endsWith('.json')) return parseJsonFile(source);
  return parseYamlFast(source) ?? parseYamlExact(source);
}
