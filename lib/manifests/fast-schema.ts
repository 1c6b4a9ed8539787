import { Schema as JsYamlSchema, Type as JsYamlType } from 'js-yaml';
import { Document, isScalar } from 'yaml';
import { KUBECTL_YAML_OPTIONS } from './yaml-options';

/** Thrown while reading a document fast when only the full parser can read it exactly. */
export class NeedsExactParse extends Error {}

/** The tag the fast schema gives plain scalars it resolves (the listener in `fast-document.ts` allows it). */
export const FAST_IMPLICIT_TAG = 'tag:canary-kit.dev,2025:implicit';

/** What a scalar tag of the `yaml` package offers; only plain-scalar tags with a `test` are used. */
interface YamlScalarTag {
  /** Whether plain scalars get the tag by matching `test`: always, or only as map keys (`'key'`). */
  default?: boolean | 'key';
  /** The pattern a plain scalar must match. */
  test?: RegExp;
  /** Builds the value (or a `Scalar` holding it) from the scalar's text. */
  resolve: (value: string, onError: (message: string) => void, options: object) => unknown;
}

const exactDocument = new Document(null, KUBECTL_YAML_OPTIONS);

/**
 * The plain-scalar tags of the exact parser, in its order: the YAML 1.1 schema of `yaml-options.ts`
 * (null, bool, int, float, merge). Reusing them, not copying their patterns, keeps the fast path's
 * `on`, `0644`, `1e3` and `~` exactly what the exact parser makes of them.
 */
export const PLAIN_TAGS = (exactDocument.schema.tags as YamlScalarTag[]).filter(
  (tag) => tag.test !== undefined && (tag.default === true || tag.default === 'key'),
);

function rejectResolution(message: string): never {
  throw new NeedsExactParse(message);
}

/**
 * Whether a plain scalar can match any tag but str. Every pattern of `PLAIN_TAGS` (reviewed for yaml
 * 2.9; a test pins them) matches either at most five characters or text starting with a digit, a
 * sign, a dot or an exponent (`e5` is a float there): most strings in manifests skip the patterns.
 */
function mayMatchTag(data: string): boolean {
  if (data.length <= 5) return true;
  const c = data.charCodeAt(0);
  return (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e || c === 0x45 || c === 0x65;
}

/** The tag `resolve` found, for the `construct` call js-yaml makes right after it. */
let matched: YamlScalarTag | undefined;

/**
 * One implicit js-yaml type that resolves a plain scalar with the first exact-parser tag whose test
 * matches, as `yaml` does. Key-only tags (the `<<` merge key) are not reproduced: they throw
 * `NeedsExactParse`, so documents with merge keys are read by the exact parser.
 */
const kubectlScalar = new JsYamlType(FAST_IMPLICIT_TAG, {
  kind: 'scalar',
  resolve(data: string): boolean {
    matched = mayMatchTag(data) ? PLAIN_TAGS.find((tag) => tag.test?.test(data)) : undefined;
    return matched !== undefined;
  },
  construct(data: string): unknown {
    const tag = matched;
    if (!tag || tag.default !== true) throw new NeedsExactParse(`plain scalar ${JSON.stringify(data)}`);
    const value = tag.resolve(data, rejectResolution, exactDocument.options);
    return isScalar(value) ? value.value : value;
  },
});

/**
 * The js-yaml schema of the fast path: no explicit tags at all (a tagged node fails to load and the
 * document goes to the exact parser) and plain scalars resolved as kubectl's YAML 1.1 reads them.
 */
export const FAST_SCHEMA = new JsYamlSchema({ implicit: [kubectlScalar], explicit: [] });
