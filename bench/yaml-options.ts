import { CreateNodeOptions, ToStringOptions } from 'yaml';

/**
 * The `yaml` stringify options of the core's `toYaml` (lib/core/yaml.ts), used by the lower bound.
 * The runner checks that the lower bound and the core write the same bytes, so a drift shows.
 */
export const CORE_YAML_OPTIONS: CreateNodeOptions & ToStringOptions = {
  lineWidth: 0,
  minContentWidth: 0,
  aliasDuplicateObjects: false,
};
