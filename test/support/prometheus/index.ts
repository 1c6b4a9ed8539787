/**
 * The real-Prometheus test harness (see docs/testing-with-prometheus.md): Istio telemetry scenarios,
 * their OpenMetrics and promtool renderings, a Prometheus server per suite, promtool wrappers, and
 * the tool requirement that makes these tests fail (or, locally, skip) without the binaries.
 */
export * from './istio-telemetry';
export * from './openmetrics';
export * from './promtool-series';
export * from './histogram';
export * from './humanize';
export * from './duration';
export * from './server';
export * from './fixture';
// query.ts is re-exported by server.ts
export * from './promtool';
export * from './require-tools';
export * from './tracks';
export * from './two-track-traffic';
export * from './emitted-queries';
export * from './assert-close';
export * from './slow-server';
