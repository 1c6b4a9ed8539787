/**
 * Temporary directories for promtool inputs and Prometheus data, always under the OS temp dir.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Creates a fresh directory `<tmp>/canary-kit-<purpose>-XXXXXX` and returns its path. */
export function makeTempDir(purpose: string): string {
  return mkdtempSync(join(tmpdir(), `canary-kit-${purpose}-`));
}

/** Removes a directory made by {@link makeTempDir}, ignoring one that is already gone. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
