import { ownValue } from '../util/own';
import { UsageError } from './command';

/** What `parseArgs` returns: flag values by name and the positional arguments in order. */
export interface ParsedArgs {
  /** Flag values; a repeatable flag collects every value, a boolean flag is `true`. */
  readonly flags: Readonly<Record<string, string | boolean | readonly string[]>>;
  /** Arguments that are not flags or flag values. */
  readonly positionals: readonly string[];
}

/** How one flag is read. */
export interface FlagSpec {
  /** `string` takes a value, `boolean` takes none, `repeat` takes a value and may repeat. */
  readonly type: 'string' | 'boolean' | 'repeat';
  /** A one-letter alias, e.g. `o` for `-o`. */
  readonly short?: string;
}

/**
 * Parses `--flag value`, `--flag=value`, `-f value` and boolean `--flag` arguments.
 * Unknown flags and missing values throw a `UsageError` naming the flag.
 */
export function parseArgs(args: readonly string[], spec: Readonly<Record<string, FlagSpec>>): ParsedArgs {
  const flags: Record<string, string | boolean | string[]> = {};
  const positionals: string[] = [];
  const byShort = new Map(
    Object.entries(spec)
      .filter(([, f]) => f.short)
      .map(([name, f]) => [f.short as string, name]),
  );
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const raw = arg.startsWith('--')
      ? arg.slice(2, eq < 0 ? undefined : eq)
      : arg.slice(1, eq < 0 ? undefined : eq);
    const name = arg.startsWith('--') ? raw : byShort.get(raw);
    const flag = name === undefined ? undefined : ownValue(spec, name);
    if (name === undefined || flag === undefined) throw new UsageError(`unknown option '${arg}'.`);
    if (flag.type === 'boolean') {
      if (eq >= 0) throw new UsageError(`option '--${name}' takes no value.`);
      flags[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = args[i + 1];
      i++;
    }
    if (value === undefined) throw new UsageError(`option '--${name}' needs a value.`);
    if (flag.type === 'repeat') {
      const list = (flags[name] as string[] | undefined) ?? [];
      list.push(value);
      flags[name] = list;
    } else flags[name] = value;
  }
  return { flags, positionals };
}
