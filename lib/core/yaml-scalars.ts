import { Document } from 'yaml';

/** What a scalar tag of the `yaml` package offers; only the tags that plain scalars can take are used. */
interface PlainScalarTag {
  /** Whether plain scalars get the tag by matching `test`: always, or only as map keys (`'key'`). */
  readonly default?: boolean | 'key';
  /** The pattern a plain scalar must match to take the tag. */
  readonly test?: RegExp;
  /** The tag name, e.g. `tag:yaml.org,2002:bool`. */
  readonly tag: string;
}

/** The tags of a schema that a plain scalar may resolve to, except `str`. */
function plainTags(version: '1.1' | '1.2'): RegExp[] {
  const schema = new Document(null, { version, customTags: (tags) => tags }).schema;
  return (schema.tags as unknown as PlainScalarTag[])
    .filter((tag) => tag.test !== undefined && tag.default !== false && !tag.tag.endsWith(':str'))
    .map((tag) => tag.test as RegExp);
}

/**
 * Every non-string reading of a plain scalar by the readers Kubernetes tools use:
 * - YAML 1.1 (go-yaml v2 in kubectl's `sigs.k8s.io/yaml`, Argo CD, Flux, Helm; PyYAML): booleans
 *   `yes`/`no`/`on`/`off`/`y`/`n`, octal `0644`, binary `0b101`, sexagesimal `1:20`, `1_000`, `.inf`,
 *   `~`, timestamps, the merge key `<<` and the value key `=`;
 * - YAML 1.2 core (js-yaml's default, `yaml`'s default): `0o17`, `0x1F`, `1e3`, `.nan`.
 * The `yaml` package's own schemas supply the patterns, so they stay what its readers do.
 */
const NON_STRING_PATTERNS: readonly RegExp[] = [
  ...plainTags('1.1'),
  ...plainTags('1.2'),
  /^(?:=|<<)$/,
  // go-yaml v2 (sigs.k8s.io/yaml/goyaml.v2/resolve.go) removes `_` and calls strconv.ParseInt(s, 0, 64),
  // which takes Go's base prefixes in any case (`0o17`, `0X1F`, `+0b1`), and reads `YYYY-M-D...` as a timestamp.
  /^[-+]?0[bBoOxX][0-9a-fA-F_]*$/,
  /^\d{4}-\d\d?-\d\d?(?:[Tt ]|$)/,
  // Any capitalization: go-yaml v2 reads `yes`, `Yes`, `YES`; other readers differ, so quote them all.
  /^(?:y|n|yes|no|on|off|true|false|null|~)$/i,
  /^[-+]?\.(?:inf|nan)$/i,
];

/**
 * Whether a string, written as a plain YAML scalar, would be read back by some YAML 1.1 or 1.2
 * reader as something else (a boolean, number, null, timestamp, merge key). Such strings must be
 * quoted by every writer: `exact: yes` is the boolean `true` to kubectl, and the API server then
 * rejects the VirtualService.
 */
export function readsAsNonString(value: string): boolean {
  return NON_STRING_PATTERNS.some((pattern) => pattern.test(value));
}
