import { KubeManifest } from '../../lib/core/manifest';
import { lintManifests, LintFinding, LintOptions } from '../../lib/lint';
import { LoadedManifest, loadManifests } from '../../lib/manifests/load';

/** Directory of the hand-written lint corpus, from the repository root. */
export const CORPUS = 'test/fixtures/lint';

/** Loads manifests from paths relative to the repository root; fails on unreadable input. */
export function load(...paths: string[]): LoadedManifest[] {
  const result = loadManifests(paths, process.cwd());
  if (result.problems.length > 0) throw new Error(`fixture problems: ${JSON.stringify(result.problems)}`);
  return result.manifests;
}

/** Lints fixture files. */
export function lintFiles(paths: string[], options?: LintOptions): LintFinding[] {
  return lintManifests(load(...paths), options);
}

/** The essentials of a finding, for exact comparisons. */
export function brief(f: LintFinding): { rule: string; severity: string; object: string; path: string } {
  return { rule: f.rule, severity: f.severity, object: f.object, path: f.path };
}

/** A deep copy of the manifest of `Kind ns/name`, to mutate in a test. */
export function pick(manifests: readonly LoadedManifest[], kind: string, name: string): KubeManifest {
  const found = manifests.find((m) => m.manifest.kind === kind && m.manifest.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in fixture`);
  return found.manifest;
}

export { cli } from '../support/cli';
