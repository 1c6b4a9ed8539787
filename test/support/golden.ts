import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Compares `actual` with the golden file `test/golden/<name>`. With UPDATE_GOLDEN=1 (never in CI)
 * the file is rewritten instead: review the diff, it is the change's review surface.
 */
export function assertGolden(name: string, actual: string): void {
  const path = resolve(process.cwd(), 'test', 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1' && !process.env.CI) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.ok(
    existsSync(path),
    `golden file test/golden/${name} is missing: run UPDATE_GOLDEN=1 npm test and review it`,
  );
  assert.equal(
    actual,
    readFileSync(path, 'utf8'),
    `output differs from test/golden/${name}: if intended, run UPDATE_GOLDEN=1 npm test and review the diff`,
  );
}
