import { Scalar, stringify } from 'yaml';
import { readsAsNonString } from '../core/yaml-scalars';

/**
 * Whether cdk8s's own writer leaves a string plain although a reader takes it for something else.
 * cdk8s writes every chart with `YAML.stringify(doc, { version: '1.1' })` (`cdk8s/lib/yaml.js`,
 * `Yaml.stringify`), which quotes what the `yaml` package's YAML 1.1 schema would misread, but not
 * what go-yaml v2 (kubectl's `sigs.k8s.io/yaml/goyaml.v2/resolve.go`: `strconv.ParseInt(plain, 0, 64)`
 * after removing `_`) or a YAML 1.2 reader also reads as a number, such as `0o17`, `0X1F` or `+0o7`.
 */
function cdk8sLeavesPlain(value: string): boolean {
  return readsAsNonString(value) && !/^["']/.test(stringify(value, { version: '1.1' }));
}

/**
 * A copy of a cdk8s object's JSON in which every string value that cdk8s would write plain but a
 * YAML reader would misread is a double-quoted `yaml` Scalar node. `YAML.stringify` writes such a
 * node as it is, quoted; `JSON.stringify` writes its value. Values are returned unchanged (the same
 * object) when nothing needs quoting, which is almost always.
 */
export function quoteAmbiguousStrings<T>(value: T): T {
  if (typeof value === 'string') {
    if (!cdk8sLeavesPlain(value)) return value;
    const scalar = new Scalar(value);
    scalar.type = 'QUOTE_DOUBLE';
    return scalar as unknown as T;
  }
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => quoteAmbiguousStrings(item));
    return (items.some((item, i) => item !== value[i]) ? items : value) as T;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Scalar)) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const quoted = quoteAmbiguousStrings(item);
      if (quoted !== item) changed = true;
      // defineProperty: a key such as `__proto__` is data, not the prototype.
      Object.defineProperty(out, key, {
        value: quoted,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return (changed ? out : value) as T;
  }
  return value;
}
