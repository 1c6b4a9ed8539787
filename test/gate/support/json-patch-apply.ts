/**
 * A small RFC 6902 applier for tests: `test`, `replace`, `add` and `remove`, all or nothing (a
 * failed operation leaves the document untouched, RFC 6902 section 5), on a deep copy.
 */
import { isDeepStrictEqual } from 'node:util';

/** One operation. */
export interface PatchOperation {
  readonly op: string;
  readonly path: string;
  readonly value?: unknown;
}

/** A failed operation; `test` tells a failed comparison from a bad path. */
export class PatchError extends Error {
  constructor(
    message: string,
    readonly failedTest: boolean,
  ) {
    super(message);
    this.name = 'PatchError';
  }
}

function segments(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(`bad pointer '${pointer}'`, false);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

function parentOf(document: unknown, pointer: string): { parent: Container; key: string } {
  const parts = segments(pointer);
  const key = parts.pop();
  if (key === undefined) throw new PatchError('cannot patch the root', false);
  let node: unknown = document;
  for (const part of parts) {
    if (Array.isArray(node)) node = node[Number(part)];
    else if (node !== null && typeof node === 'object') node = (node as Record<string, unknown>)[part];
    else node = undefined;
    if (node === undefined) throw new PatchError(`path ${pointer} does not exist`, false);
  }
  if (node === null || typeof node !== 'object')
    throw new PatchError(`path ${pointer} does not exist`, false);
  return { parent: node as Container, key };
}

function get(parent: Container, key: string, pointer: string): unknown {
  const value = Array.isArray(parent) ? parent[Number(key)] : parent[key];
  if (value === undefined) throw new PatchError(`path ${pointer} does not exist`, false);
  return value;
}

/** Applies `operations` to a deep copy of `document` and returns it; throws `PatchError` on failure. */
export function applyJsonPatch<T>(document: T, operations: readonly PatchOperation[]): T {
  const copy = JSON.parse(JSON.stringify(document)) as T;
  for (const operation of operations) {
    const { parent, key } = parentOf(copy, operation.path);
    switch (operation.op) {
      case 'test':
        if (!isDeepStrictEqual(get(parent, key, operation.path), operation.value)) {
          throw new PatchError(`testing value ${operation.path} failed`, true);
        }
        break;
      case 'replace':
        get(parent, key, operation.path);
        if (Array.isArray(parent)) parent[Number(key)] = operation.value;
        else parent[key] = operation.value;
        break;
      case 'add':
        if (Array.isArray(parent))
          parent.splice(key === '-' ? parent.length : Number(key), 0, operation.value);
        else parent[key] = operation.value;
        break;
      case 'remove':
        get(parent, key, operation.path);
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
        break;
      default:
        throw new PatchError(`unsupported op '${operation.op}'`, false);
    }
  }
  return copy;
}
