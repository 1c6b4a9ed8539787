import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { prerenderedManifests, readPrerendered } from '../fixtures/prerendered';
import { CORE_YAML_OPTIONS } from '../yaml-options';
import { LowerBoundParams } from './params';
import { runChild } from './protocol';

// Lower bound: the objects already exist (parsed before timing); the work is only what any tool
// must do to emit them: serialize with the same library and options as `toYaml`, and write the file.
runChild<LowerBoundParams>(({ input, output }) => {
  const manifests = prerenderedManifests(readPrerendered(input));
  return () => {
    const text = manifests.map((manifest) => stringify(manifest, CORE_YAML_OPTIONS)).join('---\n');
    writeFileSync(output, text);
    return { objects: manifests.length, chars: text.length };
  };
});
