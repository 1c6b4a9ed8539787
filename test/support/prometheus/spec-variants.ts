/**
 * The specs whose PromQL the Prometheus tests put through the parser, promtool and a real server:
 * the shared fixtures plus variants that switch on every query-producing branch, and a fast-check
 * generator of random valid SLO/observability settings.
 */
import fc from 'fast-check';
import type { CanaryServiceSpec } from '../../../lib';
import { FULL_FLAGGER, FULL_MESH, MINIMAL_FLAGGER, spec } from '../../fixtures/specs';

/** A spec with a name for test titles. */
export interface NamedSpec {
  /** Shown in the test title. */
  readonly title: string;
  /** The spec. */
  readonly spec: CanaryServiceSpec;
}

/** Fixtures and variants: both modes, with and without a latency ratio, odd SLO numbers and windows. */
export const QUERY_SPECS: readonly NamedSpec[] = [
  { title: 'MINIMAL_FLAGGER', spec: MINIMAL_FLAGGER },
  { title: 'FULL_FLAGGER', spec: FULL_FLAGGER },
  { title: 'FULL_MESH', spec: FULL_MESH },
  {
    title: 'flagger, strict SLO 99.9 over 2m, alerts after 5m',
    spec: spec({
      name: 'payments-api',
      namespace: 'billing',
      slo: {
        successRatePercent: 99.9,
        p99LatencyMs: 250,
        maxLatencyRatio: 1.2,
        minRequests: 20,
        window: '2m',
      },
      observability: { alertFor: '5m' },
    }),
  },
  {
    title: 'mesh at canary share 0 (no no-traffic alert)',
    spec: spec({ traffic: { canaryWeight: 0 } }, FULL_MESH),
  },
  {
    title: 'mesh, lenient SLO 95 over 30s, 25% canary',
    spec: spec(
      {
        name: 'search',
        namespace: 'web',
        traffic: { canaryWeight: 25 },
        slo: { successRatePercent: 95, p99LatencyMs: 2000, minRequests: 10, window: '30s' },
        observability: { alertFor: '1m' },
      },
      FULL_MESH,
    ),
  },
];

/**
 * Random specs for property tests: any mode, name, namespace, SLO and alert settings that the
 * spec documents as valid. Some combinations may still be rejected by cross-field rules.
 */
export const arbitrarySpec: fc.Arbitrary<CanaryServiceSpec> = fc
  .record({
    mode: fc.constantFrom('flagger' as const, 'mesh' as const),
    name: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/),
    namespace: fc.stringMatching(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/),
    successRatePercent: fc.oneof(
      fc.integer({ min: 51, max: 100 }),
      fc.double({ min: 50.5, max: 99.999, noNaN: true }).map((v) => Math.round(v * 1000) / 1000),
    ),
    p99LatencyMs: fc.integer({ min: 10, max: 600000 }),
    maxLatencyRatio: fc.option(
      fc.double({ min: 1.01, max: 100, noNaN: true }).map((v) => Math.round(v * 100) / 100),
      {
        nil: undefined,
      },
    ),
    minRequests: fc.integer({ min: 1, max: 100000 }),
    window: fc.constantFrom('30s', '45s', '1m', '2m', '5m', '10m', '60m'),
    alertFor: fc.constantFrom('0s', '30s', '1m', '2m', '5m', '15m', '1h'),
    canaryWeight: fc.integer({ min: 0, max: 50 }),
  })
  .map((r): CanaryServiceSpec => ({
    name: r.name,
    namespace: r.namespace,
    mode: r.mode,
    workload: { image: 'ghcr.io/acme/app:1.0.0' },
    traffic: r.mode === 'mesh' ? { canaryWeight: r.canaryWeight } : undefined,
    slo: {
      successRatePercent: r.successRatePercent,
      p99LatencyMs: r.p99LatencyMs,
      maxLatencyRatio: r.maxLatencyRatio,
      minRequests: r.minRequests,
      window: r.window,
    },
    observability: { alertFor: r.alertFor },
  }));

/** Seed and run count of the property tests: from `FC_SEED`/`FC_RUNS`, printed so a failure can be replayed. */
export function propertySettings(defaultRuns: number): { seed: number; numRuns: number } {
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : Date.now() % 2 ** 31;
  const numRuns = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : defaultRuns;
  console.log(`fast-check: seed ${seed}, ${numRuns} runs (replay with FC_SEED=${seed} FC_RUNS=${numRuns})`);
  return { seed, numRuns };
}
