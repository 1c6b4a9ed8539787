import { KubeManifest } from '../core/manifest';
import type { LoadResult } from './load';
import { ManifestSpan, recordOrigin, SourceText } from './source-locations';

/** The 1-based line of the node at a path from a document's root (`[]`, `['items', 3]`...). */
export type LineAt = (path: readonly (string | number)[]) => number;

/** The text of the node at a path from a document's root, when the parser that read it knows. */
export type SpanAt = (path: readonly (string | number)[]) => ManifestSpan | undefined;

/**
 * Adds one parsed document to `result`: an object, or the items of a List (a typed list's items take
 * its kind and apiVersion when they omit them); anything else is a problem. `index` is the document's
 * index in the file; `spanAt`, when given, tells each manifest's own text (so that `locateField`
 * parses only that).
 */
export function addDocument(
  result: LoadResult,
  source: SourceText,
  index: number,
  value: unknown,
  lineAt: LineAt,
  spanAt?: SpanAt,
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
    const config = configFileKind(object);
    if (config) {
      (result.notes ??= []).push({
        file: source.file,
        line,
        message: `note: ${where} skipped: ${config}, not a Kubernetes object.`,
      });
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
    const span = spanAt?.(prefix);
    recordOrigin(manifest, { source, documentIndex: index, prefix, line, ...(span ? { span } : {}) });
    result.manifests.push({ manifest, file: source.file, line, index });
  };
  add(value, []);
}

/**
 * What configuration file a document is, when it is one rather than a Kubernetes object: a kustomize
 * file (`apiVersion: kustomize.config.k8s.io/...`: a Kustomization or Component, which `kubectl
 * apply -k` reads but never sends to the API server), or a mapping with none of apiVersion, kind and
 * metadata (Helm values, a Chart.yaml without kind, CI or tool configuration). A document that has
 * some of them is a broken object and stays a problem.
 */
function configFileKind(object: Record<string, unknown>): string | undefined {
  const { apiVersion } = object;
  if (typeof apiVersion === 'string' && apiVersion.startsWith('kustomize.config.k8s.io/')) {
    return `a kustomize ${typeof object.kind === 'string' ? object.kind : 'file'} (render it with kustomize build and check the output)`;
  }
  if (apiVersion === undefined && object.kind === undefined && object.metadata === undefined) {
    return 'a configuration file (no apiVersion, kind or metadata)';
  }
  return undefined;
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

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeShape(value: unknown): string {
  if (Array.isArray(value)) return 'a sequence';
  if (value === null) return 'null';
  return `a ${typeof value} (${JSON.stringify(value).slice(0, 40)})`;
}
