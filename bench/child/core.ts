import { writeFileSync } from 'node:fs';
import { synthesize, toYaml } from '../../lib';
import { benchSpecs } from '../specs';
import { SynthParams } from './params';
import { runChild } from './protocol';

// Core: what `canary-kit synth` does for N specs: validate and render each, serialize with
// `toYaml`, write one YAML stream.
runChild<SynthParams>(({ mode, n, output }) => {
  const specs = benchSpecs(mode, n);
  return () => {
    const manifests = specs.flatMap((spec) => synthesize(spec));
    const text = toYaml(manifests);
    writeFileSync(output, text);
    return { objects: manifests.length, chars: text.length };
  };
});
