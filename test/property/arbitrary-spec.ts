import fc from 'fast-check';
import { CanaryServiceSpec } from '../../lib';

const name = fc.constantFrom('checkout', 'ledger', 'a', 'payments-api', 'x'.repeat(55));
const namespace = fc.constantFrom('shop', 'default', 'team-a');
const image = fc.constantFrom('ghcr.io/acme/app:1.2.3', 'registry:5000/team/app@sha256:' + 'a'.repeat(64));
const lowWeight = fc.integer({ min: 0, max: 50 });
const headerValue = fc.oneof(
  fc.constantFrom('true', 'beta', 'us-west'),
  fc.record({ exact: fc.constantFrom('true', 'beta') }),
  fc.record({ prefix: fc.constantFrom('us-', 'eu-') }),
  fc.record({ regex: fc.constantFrom('^beta-[0-9]+$', 'a|b', '.*canary.*') }),
);
const headers = fc.dictionary(fc.constantFrom('x-canary', 'x-user-type', 'x-region'), headerValue, {
  minKeys: 1,
  maxKeys: 2,
});
const gateways = fc.constantFrom<string[]>(
  [],
  ['istio-system/public-gateway'],
  ['edge/gw', 'istio-system/internal'],
);
const slo = fc.record(
  {
    successRatePercent: fc.constantFrom(95, 99, 99.5, 99.9, 100),
    p99LatencyMs: fc.integer({ min: 10, max: 5000 }),
    maxLatencyRatio: fc.constantFrom(1.1, 1.5, 3),
    minRequests: fc.integer({ min: 1, max: 1000 }),
    window: fc.constantFrom('30s', '1m', '2m', '5m'),
  },
  { requiredKeys: [] },
);
const workload = fc.record(
  {
    image,
    replicas: fc.integer({ min: 1, max: 5 }),
    containerPort: fc.integer({ min: 1, max: 65535 }),
    env: fc.dictionary(fc.constantFrom('LOG_LEVEL', 'MODE'), fc.constantFrom('info', 'a b')),
  },
  { requiredKeys: ['image'] },
);

/** Flagger analysis that Flagger accepts: progressive weights or A/B testing, never both. */
const analysis = fc.oneof(
  fc
    .record(
      {
        interval: fc.constantFrom('30s', '1m', '2m'),
        threshold: fc.integer({ min: 1, max: 10 }),
        maxWeight: fc.constant(50),
        stepWeight: fc.constantFrom(5, 10, 25),
        mirror: fc.boolean(),
        sessionAffinity: fc.constant({}),
      },
      { requiredKeys: [] },
    )
    .filter((a) => !(a.mirror === true && a.sessionAffinity !== undefined)),
  fc.record({ stepWeights: fc.constantFrom([1, 5, 10], [10, 20, 50]) }),
  fc.record({
    iterations: fc.integer({ min: 1, max: 20 }),
    match: fc.constant([{ headers: { 'x-canary': 'true' } }]),
  }),
);

/** A valid `flagger`-mode spec. */
const flaggerSpec: fc.Arbitrary<CanaryServiceSpec> = fc
  .record({
    name,
    namespace,
    workload,
    gateways,
    delegation: fc.boolean(),
    slo,
    analysis,
  })
  .map(({ delegation, gateways: gw, ...rest }) => ({
    ...rest,
    mode: 'flagger' as const,
    service: { gateways: gw, hosts: ['shop.example.com'], delegation },
  }));

/** A valid `mesh`-mode spec. */
const meshSpec: fc.Arbitrary<CanaryServiceSpec> = fc
  .record({
    name,
    namespace,
    workload,
    gateways,
    canaryWeight: lowWeight,
    dark: fc.option(headers),
    cohorts: fc.uniqueArray(
      fc.record({
        name: fc.constantFrom('beta', 'us-west', 'staff'),
        headers,
        canaryWeight: fc.integer({ min: 0, max: 100 }),
      }),
      {
        maxLength: 3,
        selector: (c) => c.name,
      },
    ),
    sticky: fc.boolean(),
    mirror: fc.option(fc.constantFrom(1, 10, 100)),
    slo,
  })
  .map(({ canaryWeight, dark, cohorts, sticky, mirror, gateways: gw, ...rest }) => ({
    ...rest,
    mode: 'mesh' as const,
    service: { gateways: gw },
    traffic: {
      canaryWeight: mirror !== null ? 0 : canaryWeight,
      cohorts,
      ...(dark !== null ? { darkLaunchHeaders: dark } : {}),
      ...(sticky ? { stickySession: {} } : {}),
      ...(mirror !== null ? { mirrorPercentage: mirror } : {}),
    },
  }));

/** One mistake a person makes, applied to a valid spec. */
const mistakes: ReadonlyArray<(spec: CanaryServiceSpec) => unknown> = [
  (s) => ({ ...s, name: 'Checkout_API' }),
  (s) => ({ ...s, namespace: 'Shop' }),
  (s) => ({ ...s, workload: { ...s.workload, image: 'ghcr.io/acme/app:latest' } }),
  (s) => ({ ...s, workload: { ...s.workload, replicsa: 3 } }),
  (s) => ({ ...s, traffic: { ...s.traffic, canaryWeight: 99 } }),
  (s) => ({ ...s, traffic: { ...s.traffic, darkLaunchHeaders: { 'X-Canary': 'true' } } }),
  (s) => ({ ...s, traffic: { ...s.traffic, darkLaunchHeaders: { 'x-canary': { regex: '(?!bot).*' } } } }),
  (s) => ({ ...s, slo: { ...s.slo, successRatePercent: 1 } }),
  (s) => ({ ...s, slo: { ...s.slo, window: '1h' } }),
  (s) => ({ ...s, service: { ...s.service, port: 70000 } }),
  (s) => ({ ...s, analysis: { stepWeight: 10, stepWeights: [1, 5] } }),
  (s) => ({ ...s, resilience: { connectionPool: { maxConnections: 10 } }, mode: 'flagger' }),
  (s) => ({ ...s, rollbackWithin: '1m' }),
];

/** A random spec in either mode: mostly valid, a quarter with one or two typical mistakes. */
export const arbitrarySpec: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.oneof(flaggerSpec, meshSpec) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.oneof(flaggerSpec, meshSpec),
        fc.array(fc.integer({ min: 0, max: mistakes.length - 1 }), { minLength: 1, maxLength: 2 }),
      )
      .map(([spec, picks]) => picks.reduce<unknown>((s, i) => mistakes[i](s as CanaryServiceSpec), spec)),
  },
);
