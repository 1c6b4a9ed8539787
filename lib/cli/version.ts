import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The version of the installed canary-kit, from its package.json (read at run time, two levels
 * above the compiled `build/lib/cli/`), so the CLI never reports a version it was not shipped with.
 */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
    version?: unknown;
  };
  if (typeof manifest.version !== 'string') throw new Error('package.json of canary-kit has no version');
  return manifest.version;
}
