import { DocumentOptions, ParseOptions, SchemaOptions, Tags } from 'yaml';

/**
 * Tags of the YAML 1.1 schema that go-yaml v2 does not apply to untyped values: plain timestamps
 * (kubectl keeps `2024-01-01` a string), sexagesimal numbers (`1:20` stays a string) and `!!binary`.
 */
function isKubectlTag(tag: Tags[number]): boolean {
  const name = typeof tag === 'string' ? tag : tag.tag;
  const format = typeof tag === 'string' ? undefined : (tag as { format?: string }).format;
  return !name.endsWith(':timestamp') && !name.endsWith(':binary') && format !== 'TIME';
}

/**
 * How canary-kit parses manifest YAML: the way `kubectl apply` reads it. kubectl converts YAML with
 * go-yaml v2, which follows YAML 1.1: `yes`/`no`/`on`/`off` are booleans and `0644` is octal (420).
 * So `value: on` in an env var is a boolean here too, and the schema check reports it as kubectl's
 * server would. Duplicate keys are errors, as in go-yaml.
 */
export const KUBECTL_YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  customTags: (tags) => tags.filter(isKubectlTag),
  uniqueKeys: true,
  prettyErrors: false,
};
