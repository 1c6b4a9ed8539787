/**
 * The string syntaxes of a spec that the rules check with a regular expression, in one place: the
 * rules test with these (lib/core/validate/formats.ts), and `npm run gen` (scripts/spec-schema.js)
 * writes them into the JSON Schema as `pattern`, so editors flag what `validate` refuses. Keys are
 * `<interface>.<field>` of lib/core/spec.ts. No imports: the schema script transpiles this file.
 */

/** Flagger's duration syntax (`^[0-9]+(m|s)` in its CRD), anchored at both ends here. */
export const FLAGGER_DURATION_PATTERN = '^[0-9]+(m|s)$';
/** Istio/Envoy durations as canary-kit accepts them: a whole number of ms, s, m or h. */
export const ISTIO_DURATION_PATTERN = '^[0-9]+(ms|s|m|h)$';
/** Prometheus durations as canary-kit accepts them (alert `for:`). */
export const PROMETHEUS_DURATION_PATTERN = '^[0-9]+(s|m|h)$';

/** The patterns, by `<interface>.<field>`. */
export const SPEC_PATTERNS: Readonly<Record<string, string>> = {
  'AnalysisSpec.interval': FLAGGER_DURATION_PATTERN,
  'WebhookSpec.timeout': FLAGGER_DURATION_PATTERN,
  'SloSpec.window': FLAGGER_DURATION_PATTERN,
  'ResilienceSpec.timeout': ISTIO_DURATION_PATTERN,
  'RetrySpec.perTryTimeout': ISTIO_DURATION_PATTERN,
  'OutlierDetectionSpec.interval': ISTIO_DURATION_PATTERN,
  'OutlierDetectionSpec.baseEjectionTime': ISTIO_DURATION_PATTERN,
  'ObservabilitySpec.alertFor': PROMETHEUS_DURATION_PATTERN,
};
