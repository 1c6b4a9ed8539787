/**
 * The layers of lib/ import downward only: the pure core imports no adapter, no CLI and no file
 * system; nothing imports the CLI except the CLI itself (the spec-file reader lives in
 * lib/spec-file for `synth`, the gate and the Pulumi config reader).
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { describe, it } from 'node:test';

const root = resolve(__dirname, '..', '..', '..');
const lib = join(root, 'lib');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sources(path);
    return entry.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import or require of a source file, resolved to a path under the repository. */
function importsOf(file: string): { specifier: string; target: string }[] {
  const text = readFileSync(file, 'utf8');
  const found: { specifier: string; target: string }[] = [];
  const pattern = /(?:from\s+|require\(\s*|import\(\s*)'([^']+)'/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const specifier = match[1];
    found.push({
      specifier,
      target: specifier.startsWith('.') ? relative(root, resolve(dirname(file), specifier)) : specifier,
    });
  }
  return found;
}

const layerOf = (file: string) => relative(lib, file).split(sep)[0];

describe('layering of lib/', () => {
  it('no module outside lib/cli imports from lib/cli', () => {
    const upward = sources(lib)
      .filter((file) => layerOf(file) !== 'cli')
      .flatMap((file) =>
        importsOf(file)
          .filter(
            ({ target }) => target === join('lib', 'cli') || target.startsWith(join('lib', 'cli') + sep),
          )
          .map(({ specifier }) => `${relative(root, file)} imports '${specifier}'`),
      );
    assert.deepEqual(upward, []);
  });

  it('the core imports neither an adapter, nor the CLI, nor the file system', () => {
    const forbidden = sources(join(lib, 'core')).flatMap((file) =>
      importsOf(file)
        .filter(
          ({ specifier, target }) =>
            /^(cdk8s|constructs|@pulumi\/|node:fs|fs$)/.test(specifier) ||
            /^lib[\\/](cdk8s|pulumi|cli|gate|spec-file)\b/.test(target),
        )
        .map(({ specifier }) => `${relative(root, file)} imports '${specifier}'`),
    );
    assert.deepEqual(forbidden, []);
  });
});
