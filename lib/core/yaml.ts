import { Document, visit } from 'yaml';
import { canonicalize } from './canonical';
import { KubeManifest } from './manifest';
import { readsAsNonString } from './yaml-scalars';

const MERGE_TAG = 'tag:yaml.org,2002:merge';

/**
 * Serializes one value as a YAML document that every Kubernetes tool reads back the same way:
 * YAML 1.1 quoting rules (as cdk8s writes, `cdk8s/lib/yaml.js` sets `version: '1.1'`), and every
 * string, key or value, that a YAML 1.1 or 1.2 reader could take for something else double-quoted
 * (`"yes"`, `"0o17"`, `"<<"`; see `readsAsNonString`). No line folding; same value, same bytes.
 */
export function stringifyYaml(value: unknown): string {
  const document = new Document(value, {
    version: '1.1',
    aliasDuplicateObjects: false,
    // Without the merge tag a `<<` key is an ordinary string, which the visitor quotes below.
    customTags: (tags) => tags.filter((tag) => (typeof tag === 'string' ? tag : tag.tag) !== MERGE_TAG),
  });
  visit(document, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && readsAsNonString(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return document.toString({ lineWidth: 0, minContentWidth: 0 });
}

/**
 * Serializes manifests as one multi-document YAML stream: canonical key order, no line folding,
 * `---` between documents, a trailing newline, every ambiguous string quoted (`stringifyYaml`).
 * Same manifests, same bytes.
 */
export function toYaml(manifests: readonly KubeManifest[]): string {
  return manifests.map((manifest) => stringifyYaml(canonicalize(manifest))).join('---\n');
}
