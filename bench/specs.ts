import { CanaryServiceSpec, RoutingMode } from '../lib';
import { FULL_FLAGGER, FULL_MESH } from '../test/fixtures/specs';

/** The routing modes benchmarked: each uses its full fixture spec (every object it can emit). */
export const BENCH_MODES: readonly RoutingMode[] = ['flagger', 'mesh'];

/** Zero-padded index, so that names sort in index order. */
function pad(index: number): string {
  return String(index).padStart(4, '0');
}

/**
 * The `index`-th benchmark service of a mode: the full fixture spec (`FULL_FLAGGER` or `FULL_MESH`)
 * with every occurrence of its name (`checkout`) and namespace (`shop`) replaced, so that names,
 * namespaces, hosts, cookies and webhook URLs are distinct per service: `svc-0042` in `team-0042`.
 */
export function benchSpec(mode: RoutingMode, index: number): CanaryServiceSpec {
  const base = mode === 'flagger' ? FULL_FLAGGER : FULL_MESH;
  const text = JSON.stringify(base)
    .replace(/checkout/g, `svc-${pad(index)}`)
    .replace(/shop/g, `team-${pad(index)}`);
  return JSON.parse(text) as CanaryServiceSpec;
}

/** `n` distinct benchmark services of a mode, indices 0..n-1. */
export function benchSpecs(mode: RoutingMode, n: number): CanaryServiceSpec[] {
  return Array.from({ length: n }, (_, index) => benchSpec(mode, index));
}
