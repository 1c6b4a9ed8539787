/**
 * JSON Patch operations that set and remove annotations of the live VirtualService, guarded like
 * the weights: a value that is replaced or removed is first tested to be the one read.
 */
import { JsonPatchOperation, pointer } from './json-patch';

type Loose = Record<string, unknown>;

/** The annotations of an object as read (only string values). */
export function readAnnotations(object: unknown): Readonly<Record<string, string>> {
  const metadata = (object as { metadata?: { annotations?: unknown } } | null)?.metadata;
  const annotations = metadata?.annotations;
  if (annotations === null || typeof annotations !== 'object' || Array.isArray(annotations)) return {};
  return Object.fromEntries(
    Object.entries(annotations as Loose).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

/**
 * Operations that give the annotations in `set` their values and remove those in `remove`, on an
 * object whose annotations were read as `current` (`hasAnnotations`: whether the map exists).
 */
export function annotationOperations(
  current: Readonly<Record<string, string>>,
  hasAnnotations: boolean,
  set: Readonly<Record<string, string>>,
  remove: readonly string[] = [],
): JsonPatchOperation[] {
  if (!hasAnnotations) {
    return Object.keys(set).length > 0
      ? [{ op: 'add', path: '/metadata/annotations', value: { ...set } }]
      : [];
  }
  const operations: JsonPatchOperation[] = [];
  const at = (key: string) => pointer('metadata', 'annotations', key);
  for (const [key, value] of Object.entries(set)) {
    if (Object.prototype.hasOwnProperty.call(current, key)) {
      if (current[key] === value) continue;
      operations.push({ op: 'test', path: at(key), value: current[key] });
      operations.push({ op: 'replace', path: at(key), value });
    } else operations.push({ op: 'add', path: at(key), value });
  }
  for (const key of remove) {
    if (!Object.prototype.hasOwnProperty.call(current, key) || key in set) continue;
    operations.push({ op: 'test', path: at(key), value: current[key] });
    operations.push({ op: 'remove', path: at(key) });
  }
  return operations;
}

/** Whether the object has an annotations map. */
export function hasAnnotationsMap(object: unknown): boolean {
  const annotations = (object as { metadata?: { annotations?: unknown } } | null)?.metadata?.annotations;
  return annotations !== null && typeof annotations === 'object' && !Array.isArray(annotations);
}
