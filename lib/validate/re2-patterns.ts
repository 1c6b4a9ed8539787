import { RE2 } from 're2-wasm';

const compiled = new Map<string, RE2 | null>();

/**
 * Whether `value` matches a schema `pattern`. The API server evaluates patterns with Go's regexp
 * (RE2 syntax, unanchored search), so this uses RE2 too: `^(?i)(abort|warn)?$` in Argo Rollouts'
 * CRD, for instance, is not a valid JavaScript regular expression. Returns true when the pattern
 * itself does not compile (the generator only ships upstream patterns, which compile in Go).
 */
export function matchesPattern(pattern: string, value: string): boolean {
  let re = compiled.get(pattern);
  if (re === undefined) {
    try {
      re = new RE2(pattern, 'u');
    } catch {
      re = null;
    }
    compiled.set(pattern, re);
  }
  return re === null ? true : re.test(value);
}
