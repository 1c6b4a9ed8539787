/**
 * Every file canary-kit writes goes through here: a unique temporary file created exclusively
 * (`O_CREAT | O_EXCL | O_NOFOLLOW`, so a planted file or symbolic link is never written through)
 * in the target's directory, written, fsynced, then renamed over the target. A reader sees the old
 * file or the new one, never half of one, and a kill leaves at most a stray temporary file.
 *
 * The rename replaces the directory entry itself: a symbolic link at the target is replaced, not
 * followed, unless `followSymlink` asks to update the link's target (a symlinked spec file).
 * Read-only targets and targets that are not regular files are refused.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fsyncSync,
  lstatSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  Stats,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { withFileLock } from './file-lock';
import { FileWriteError } from './file-write-error';

export { FileWriteError } from './file-write-error';

/** How to write one file. */
export interface AtomicWriteOptions {
  /**
   * Write to the target of a symbolic link (a symlinked spec file keeps being a link).
   * @default false: the link itself is replaced by the file
   */
  readonly followSymlink?: boolean;
  /**
   * The content the file must still have: compared under the file's lock just before the rename;
   * any difference aborts with a `FileWriteError` `changed` and writes nothing.
   * @default - no comparison, no lock
   */
  readonly expected?: string;
  /**
   * Wait at most this long for the file's lock (another canary-kit process writing it).
   * @default 10000
   */
  readonly lockTimeoutMs?: number;
}

/** A temporary file written and synced, ready to be renamed over its target. */
interface Staged {
  readonly target: string;
  readonly temporary: string;
  readonly expected: string | undefined;
  readonly lockTimeoutMs: number;
}

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'read-only file system';
  return error instanceof Error ? error.message : String(error);
}

/** The path to write and the mode to give the new file. */
function resolveTarget(path: string, followSymlink: boolean): { target: string; mode: number } {
  let target = path;
  let stats = lstatOrUndefined(path);
  if (stats?.isSymbolicLink()) {
    if (!followSymlink) return { target, mode: 0o644 };
    try {
      target = realpathSync(path);
    } catch (error) {
      throw new FileWriteError(
        `${path}: cannot resolve the symbolic link (${describe(error)}); nothing written`,
        'refused',
      );
    }
    stats = statSync(target);
  }
  if (!stats) return { target, mode: 0o644 };
  if (!stats.isFile()) {
    throw new FileWriteError(
      `${path} is not a regular file; nothing written. Remove it or choose another path.`,
      'refused',
    );
  }
  if ((stats.mode & 0o222) === 0) {
    throw new FileWriteError(
      `${target} is read-only (mode ${(stats.mode & 0o777).toString(8).padStart(4, '0')}); nothing written. Make it writable if canary-kit should change it.`,
      'refused',
    );
  }
  return { target, mode: stats.mode & 0o777 };
}

function stage(path: string, text: string, options: AtomicWriteOptions): Staged {
  const { target, mode } = resolveTarget(path, options.followSymlink ?? false);
  const temporary = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  let fd: number;
  try {
    fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, mode);
  } catch (error) {
    throw new FileWriteError(
      `cannot create a temporary file next to ${target}: ${describe(error)}; nothing written`,
      'failed',
    );
  }
  try {
    const bytes = Buffer.from(text, 'utf8');
    for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset);
    fsyncSync(fd);
  } catch (error) {
    closeQuietly(fd);
    removeQuietly(temporary);
    throw new FileWriteError(`cannot write ${target}: ${describe(error)}; nothing written`, 'failed');
  }
  closeSync(fd);
  return { target, temporary, expected: options.expected, lockTimeoutMs: options.lockTimeoutMs ?? 10_000 };
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed or never opened: nothing to undo
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, constants.O_RDONLY);
    fsyncSync(fd);
  } catch {
    // some file systems cannot sync a directory; the rename is still atomic
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
}

function commit(staged: Staged): void {
  const rename = (): void => {
    if (staged.expected !== undefined) {
      let current: string | undefined;
      try {
        current = readFileSync(staged.target, 'utf8');
      } catch {
        current = undefined;
      }
      if (current !== staged.expected) {
        throw new FileWriteError(
          `${staged.target} changed while canary-kit ran; nothing written, the next run reads it again`,
          'changed',
        );
      }
    }
    try {
      renameSync(staged.temporary, staged.target);
    } catch (error) {
      throw new FileWriteError(
        `cannot replace ${staged.target}: ${describe(error)}; nothing written`,
        'failed',
      );
    }
  };
  try {
    if (staged.expected !== undefined) withFileLock(staged.target, staged.lockTimeoutMs, rename);
    else rename();
  } catch (error) {
    removeQuietly(staged.temporary);
    throw error;
  }
  syncDirectory(dirname(staged.target));
}

/** Writes one file atomically; see the module comment. Throws `FileWriteError`. */
export function writeFileAtomic(path: string, text: string, options: AtomicWriteOptions = {}): void {
  commit(stage(path, text, options));
}

/**
 * Writes several files: every one is staged (written and synced to its temporary file) before
 * the first is renamed, so an error on any of them (no space, a refused target) writes none.
 */
export function writeFilesAtomic(files: readonly { path: string; text: string }[]): void {
  const staged: Staged[] = [];
  try {
    for (const file of files) staged.push(stage(file.path, file.text, {}));
  } catch (error) {
    for (const s of staged) removeQuietly(s.temporary);
    throw error;
  }
  staged.forEach((s, i) => {
    try {
      commit(s);
    } catch (error) {
      for (const rest of staged.slice(i + 1)) removeQuietly(rest.temporary);
      throw error;
    }
  });
}
