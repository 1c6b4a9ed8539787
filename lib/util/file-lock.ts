/**
 * An advisory lock for one file, between canary-kit processes: a lock file created exclusively
 * next to it (`.<name>.canary-kit.lock`, holding the owner's pid). A lock whose owner is gone (no
 * such process on this host) or older than `STALE_LOCK_MS` is taken over. Waiting is synchronous
 * (the lock is held only for a compare and a rename, milliseconds).
 */
import { closeSync, constants, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FileWriteError } from './file-write-error';

/** A lock older than this is taken over: no holder keeps it more than a few milliseconds. */
export const STALE_LOCK_MS = 30_000;

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/** The lock file of `target`. */
export function lockPathOf(target: string): string {
  return join(dirname(target), `.${basename(target)}.canary-kit.lock`);
}

function ownerIsGone(lock: string): boolean {
  try {
    if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) return true;
    const pid = Number(readFileSync(lock, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) return false; // being written: wait
    process.kill(pid, 0);
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ESRCH'; // no such process; ENOENT (released meanwhile) and EPERM: retry
  }
}

/** Runs `action` while holding the lock of `target`; throws `FileWriteError` after `timeoutMs`. */
export function withFileLock<T>(target: string, timeoutMs: number, action: () => T): T {
  const lock = lockPathOf(target);
  const deadline = Date.now() + timeoutMs;
  let wait = 1;
  for (;;) {
    let fd: number | undefined;
    try {
      fd = openSync(
        lock,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
        0o600,
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new FileWriteError(
          `cannot lock ${target} (${(error as Error).message}); nothing written`,
          'failed',
        );
      }
    }
    if (fd !== undefined) {
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      try {
        return action();
      } finally {
        try {
          unlinkSync(lock);
        } catch {
          // taken over as stale: nothing to release
        }
      }
    }
    if (ownerIsGone(lock)) {
      try {
        unlinkSync(lock);
      } catch {
        // another waiter removed it first
      }
      continue;
    }
    if (Date.now() >= deadline) {
      throw new FileWriteError(
        `${target} is locked by another canary-kit process (${lock}) for more than ${timeoutMs} ms; nothing written. Remove the lock file if no canary-kit runs.`,
        'failed',
      );
    }
    sleep(wait);
    wait = Math.min(wait * 2, 50);
  }
}
