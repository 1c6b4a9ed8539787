import { resolve } from 'node:path';

/** Absolute path of a file or folder under test/fixtures/validate (tests run from the repo root). */
export function fixture(...parts: string[]): string {
  return resolve(process.cwd(), 'test/fixtures/validate', ...parts);
}

/** The same path relative to the repo root, as the loader reports it when given a relative path. */
export function shown(...parts: string[]): string {
  return ['test/fixtures/validate', ...parts].join('/');
}
