/**
 * Reads a text file the way every command reads its inputs: regular files only (a FIFO named
 * `*.yaml` would block forever, a device would never end) and at most a size limit, checked on
 * the opened file before reading, so a 200 MB spec is refused at once instead of exhausting memory.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';

/** Environment variable: the largest input file, in MiB. */
export const MAX_FILE_MB_ENV = 'CANARY_KIT_MAX_FILE_MB';

/** Default largest input file, in MiB: far above any real manifest set, far below the memory of a CI runner. */
export const DEFAULT_MAX_FILE_MB = 64;

/** The size limit in bytes: `CANARY_KIT_MAX_FILE_MB` when it is a positive number, else the default. */
export function maxFileBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env[MAX_FILE_MB_ENV]);
  return (Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_FILE_MB) * 1024 * 1024;
}

/** An input that is not a regular file, or too large; `code` is `ENOTREG` or `EFBIG`. */
export class InputFileError extends Error {
  constructor(
    message: string,
    readonly code: 'ENOTREG' | 'EFBIG',
  ) {
    super(message);
    this.name = 'InputFileError';
  }
}

/** What a non-regular file is, for messages. */
export function describeFileType(stats: {
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isDirectory(): boolean;
}): string {
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isDirectory()) return 'a directory';
  return 'not a regular file';
}

/**
 * The UTF-8 text of `path`. Throws `InputFileError` for a non-regular file or one larger than
 * `limit` bytes, and the file system's error otherwise (ENOENT, EACCES...).
 */
export function readTextFile(path: string, limit: number = maxFileBytes()): string {
  // O_NONBLOCK: opening a FIFO without a writer would otherwise block before fstat can refuse it.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      throw new InputFileError(
        `${path} is ${describeFileType(stats)}, not a regular file; give a file or a directory`,
        'ENOTREG',
      );
    }
    if (stats.size > limit) {
      const mb = (n: number) => `${Math.round((n / 1048576) * 10) / 10} MiB`;
      throw new InputFileError(
        `${path} is ${mb(stats.size)}, larger than the limit of ${mb(limit)}; split it, or raise ${MAX_FILE_MB_ENV} if it really is one input`,
        'EFBIG',
      );
    }
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}
