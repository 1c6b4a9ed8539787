/** A write that was refused or failed; the message names the file and what to do. */
export class FileWriteError extends Error {
  constructor(
    message: string,
    /** `changed`: the file changed since it was read (nothing written); `refused` or `failed` otherwise. */
    readonly reason: 'changed' | 'refused' | 'failed',
  ) {
    super(message);
    this.name = 'FileWriteError';
  }
}
