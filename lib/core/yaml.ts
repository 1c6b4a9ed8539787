import { stringify } from 'yaml';
import { canonicalize } from './canonical';
import { KubeManifest } from './manifest';

/**
 * Serializes manifests as one multi-document YAML stream: canonical key order, no line folding,
 * `---` between documents, a trailing newline. Same manifests, same bytes.
 */
export function toYaml(manifests: readonly KubeManifest[]): string {
  return manifests
    .map((manifest) =>
      stringify(canonicalize(manifest), { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false }),
    )
    .join('---\n');
}
