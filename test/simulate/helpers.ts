import { LoadedManifest, loadManifests } from '../../lib/manifests/load';
import {
  DestinationResult,
  KindResult,
  simulateTraffic,
  SimulateOptions,
  SimulationResult,
} from '../../lib/simulate';

/** Fixture directory of the simulator tests, from the repository root. */
export const FIXTURES = 'test/fixtures/simulate';

/** Loads fixture manifests (paths relative to the repository root); fails on unreadable input. */
export function load(...paths: string[]): LoadedManifest[] {
  const result = loadManifests(paths, process.cwd());
  if (result.problems.length > 0) throw new Error(`fixture problems: ${JSON.stringify(result.problems)}`);
  return result.manifests;
}

/** Simulates over fixture files. */
export function simulate(paths: string[], options: SimulateOptions): SimulationResult {
  return simulateTraffic(load(...paths), options);
}

/** Share (0..1) of a kind's requests that reached `destination` (summed over rules). */
export function shareOf(kind: KindResult, destination: string): number {
  return kind.destinations.filter((d) => d.destination === destination).reduce((a, d) => a + d.share, 0);
}

/** The rows of a kind, keeping only destination, rule and requests. */
export function rows(
  list: readonly DestinationResult[],
): { destination: string; rule: string; requests: number }[] {
  return list.map((d) => ({ destination: d.destination, rule: d.rule, requests: d.requests }));
}
