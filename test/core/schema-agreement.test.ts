/**
 * The JSON Schema that editors use and the validator agree (issue 12 item 6): every numeric range
 * (SPEC_RANGES) and every string syntax (SPEC_PATTERNS) of the rules is in the schema, and on a
 * corpus of values at, inside and just outside each range, and of valid and invalid strings for
 * each syntax, the schema rejects exactly what `validate` reports. The valid fixture specs pass both.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Ajv from 'ajv';
import { validate } from '../../lib';
import { FORMATS, SPEC_PATTERNS } from '../../lib/core/validate/patterns';
import { SPEC_RANGES } from '../../lib/core/validate/ranges';
import { canaryServiceSchema } from '../../lib/schema';
import { FULL_FLAGGER, FULL_MESH, MINIMAL_FLAGGER } from '../fixtures/specs';

/** Where each definition of the schema sits in a spec, and the mode that field belongs to. */
const PLACES: Readonly<Record<string, { path: string; mode: 'flagger' | 'mesh' }>> = {
  CanaryServiceSpec: { path: '', mode: 'mesh' },
  ResourceQuantities: { path: 'workload.resources.requests', mode: 'flagger' },
  TrafficStage: { path: 'traffic.stages.0', mode: 'mesh' },
  CohortSpec: { path: 'traffic.cohorts.0', mode: 'mesh' },
  HeaderMatches: { path: 'traffic.darkLaunchHeaders', mode: 'mesh' },
  RollbackRecord: { path: 'traffic.rollback', mode: 'mesh' },
  PromotionCriteriaSpec: { path: 'traffic.promotionCriteria', mode: 'mesh' },
  CustomMetricSpec: { path: 'slo.metrics.0', mode: 'flagger' },
  PrimaryScalerReplicasSpec: { path: 'analysis.primaryScalerReplicas', mode: 'flagger' },
  LoadTestSpec: { path: 'analysis.loadTests.0', mode: 'flagger' },
  NotificationSpec: { path: 'notifications.0', mode: 'flagger' },
  WorkloadSpec: { path: 'workload', mode: 'mesh' },
  AutoscalingSpec: { path: 'workload.autoscaling', mode: 'flagger' },
  ProbesSpec: { path: 'workload.probes', mode: 'flagger' },
  SecuritySpec: { path: 'workload.security', mode: 'flagger' },
  ServiceSpec: { path: 'service', mode: 'flagger' },
  TrafficSpec: { path: 'traffic', mode: 'mesh' },
  StickySessionSpec: { path: 'traffic.stickySession', mode: 'mesh' },
  RetrySpec: { path: 'resilience.retries', mode: 'mesh' },
  ConnectionPoolSpec: { path: 'resilience.connectionPool', mode: 'mesh' },
  OutlierDetectionSpec: { path: 'resilience.outlierDetection', mode: 'mesh' },
  SloSpec: { path: 'slo', mode: 'flagger' },
  AnalysisSpec: { path: 'analysis', mode: 'flagger' },
  SessionAffinitySpec: { path: 'analysis.sessionAffinity', mode: 'flagger' },
  AutomationSpec: { path: 'automation', mode: 'mesh' },
  WebhookSpec: { path: 'analysis.webhooks.preRollout.0', mode: 'flagger' },
  ResilienceSpec: { path: 'resilience', mode: 'mesh' },
  ObservabilitySpec: { path: 'observability', mode: 'flagger' },
};

const ajv = new Ajv({ allErrors: true, strict: false });
const schemaAccepts = ajv.compile(canaryServiceSchema);

/** A spec with `value` at the dotted `path`, the parents created as empty objects. */
function specWith(mode: 'flagger' | 'mesh', path: string, value: unknown): Record<string, unknown> {
  const spec: Record<string, unknown> = {
    name: 'checkout',
    mode,
    workload: { image: 'ghcr.io/acme/checkout:1.4.2' },
  };
  if (path === '') return spec;
  const keys = path.split('.');
  let node = spec;
  keys.slice(0, -1).forEach((key, i) => {
    // A numeric next key makes a list (e.g. `analysis.webhooks.preRollout.0`).
    const list = /^\d+$/.test(keys[i + 1]);
    const existing = node[key] as Record<string, unknown> | unknown[] | undefined;
    node[key] = list
      ? [...((existing as unknown[] | undefined) ?? [])]
      : { ...((existing as Record<string, unknown>) ?? {}) };
    node = node[key] as Record<string, unknown>;
  });
  node[keys[keys.length - 1]] = value;
  return spec;
}

type Definitions = Record<
  string,
  Record<string, unknown> & { properties: Record<string, Record<string, unknown>> }
>;
const definitions = (canaryServiceSchema as { definitions: Definitions }).definitions;

/** A key of SPEC_RANGES or SPEC_PATTERNS, taken apart: `Interface.field[]`, `Interface.field{key}`... */
function parseKey(key: string): { definition: string; field?: string; part: '' | '[]' | '{}' | '{key}' } {
  const match = /^([A-Za-z]+)(?:\.([A-Za-z0-9]+))?(\[\]|\{\}|\{key\})?$/.exec(key);
  if (!match) throw new Error(`bad key ${key}`);
  return { definition: match[1], field: match[2], part: (match[3] ?? '') as '' | '[]' | '{}' | '{key}' };
}

/** The schema node a key names, as scripts/spec-schema.js writes it. */
function schemaNode(key: string): Record<string, unknown> {
  const { definition, field, part } = parseKey(key);
  const owner = definitions[definition] as Record<string, unknown>;
  const property = (field === undefined ? owner : definitions[definition].properties[field]) as Record<
    string,
    Record<string, unknown>
  >;
  if (part === '[]') return property.items;
  if (part === '{}') return property.additionalProperties;
  if (part === '{key}') return property.propertyNames;
  return property as Record<string, unknown>;
}

/**
 * A spec with `value` at the place a key names, and where a problem is reported: `field` is the
 * path (dotted, lists as `.0`) of the field, `issuePath` the same in the validator's form.
 */
function placed(key: string, value: unknown): { spec: Record<string, unknown>; field: string } {
  const { definition, field, part } = parseKey(key);
  const place = { ...PLACES[definition], ...MODE_OF[key] };
  assert.ok(place.path !== undefined, `${definition} has no place in this test`);
  const base = [place.path, field].filter((p) => p).join('.');
  if (part === '[]') return { spec: specWith(place.mode, `${base}.0`, value), field: `${base}.0` };
  if (part === '{}') return { spec: specWith(place.mode, `${base}.k`, value), field: base };
  if (part === '{key}') return { spec: specWith(place.mode, base, { [String(value)]: 'x' }), field: base };
  return { spec: specWith(place.mode, base, value), field: base };
}

/** Fields that other rules constrain in the default mode of their place: tested in another mode. */
const MODE_OF: Readonly<Record<string, { mode: 'flagger' | 'mesh'; crossField?: RegExp }>> = {
  // mesh mode without automation cannot roll back in time, whatever the duration
  'CanaryServiceSpec.rollbackWithin': { mode: 'flagger' },
  // an existing Deployment is a flagger-mode option, and must also be named like the service (a
  // rule across fields, which no pattern can say)
  'WorkloadSpec.existingDeployment': { mode: 'flagger', crossField: /^must be named like the service/ },
};

/** Whether `validate` reports `value` at or below the dotted `field` (its issue paths write `[0]`). */
function validatorRejects(
  spec: unknown,
  field: string,
  value: unknown,
  message?: RegExp,
  crossField?: RegExp,
): boolean {
  return validate(spec).some(
    (issue) =>
      (issue.path.replace(/\[(\d+)\]/g, '.$1') === field ||
        issue.path.replace(/\[(\d+)\]/g, '.$1').startsWith(`${field}.`)) &&
      // A URL with credentials is reported with the credentials cut out.
      (Object.is(issue.value, value) || String(issue.value).includes('<credentials>')) &&
      (message === undefined || message.test(issue.message)) &&
      !(crossField?.test(issue.message) ?? false),
  );
}

/** Whether the schema refuses the spec with one of `keywords` at or below the dotted `field`. */
function schemaRejects(spec: unknown, field: string, keywords: readonly string[]): boolean {
  schemaAccepts(spec);
  const pointer = field === '' ? '' : `/${field.split('.').join('/')}`;
  return (schemaAccepts.errors ?? []).some(
    (e) =>
      (e.instancePath === pointer || e.instancePath.startsWith(`${pointer}/`)) &&
      keywords.includes(e.keyword),
  );
}

/** How the rules word a number out of range (the generic message or a rule's own). */
const RANGE_MESSAGE = /^must be (a |above )|looks like an error rate|implausibly low/;

/** Valid and invalid strings for every syntax (by `StringFormat.name`). */
const CORPUS: Readonly<Record<string, { valid: readonly string[]; invalid: readonly string[] }>> = {
  'dns-label': {
    valid: ['checkout', 'a', 'a-1', 'x'.repeat(63)],
    invalid: ['Checkout', '-a', 'a-', 'a_b', 'a.b', 'x'.repeat(64)],
  },
  'spec-name': { valid: ['checkout', 'x'.repeat(55)], invalid: ['x'.repeat(56), 'Checkout', 'a_b', 'a.b'] },
  'dns-subdomain': {
    valid: ['web', 'a.b-c.d', `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`],
    invalid: [
      'Web',
      'a..b',
      '-a',
      'x'.repeat(64),
      `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`,
    ],
  },
  'route-host': {
    valid: ['shop.example.com', '*.example.com', '*.com'],
    invalid: ['shop', '*', 'Shop.example.com', 'a..b', '*.', 'shop.example.com.'],
  },
  'gateway-ref': {
    valid: ['istio-system/public-gateway', 'public-gateway', 'mesh', 'gw.istio-system'],
    invalid: ['a/b/c', 'Istio/gw', '/gw', 'gw/', 'a b'],
  },
  'cookie-domain': {
    valid: ['example.com', '.example.com'],
    invalid: ['..example.com', 'ex ample.com', 'Example.com'],
  },
  'label-key': {
    valid: ['app', 'app.kubernetes.io/name', 'a_b.C', 'x'.repeat(63)],
    invalid: ['-app', 'a/b/c', 'Foo.com/x', 'x'.repeat(64), 'app.kubernetes.io/', '/app'],
  },
  'label-value': { valid: ['', 'v1', 'A_b.c', 'x'.repeat(63)], invalid: ['-v', 'v-', 'x'.repeat(64), 'a b'] },
  image: {
    valid: [
      'ghcr.io/acme/checkout:1.4.2',
      'localhost:5000/app:1',
      `ghcr.io/acme/checkout@sha256:${'a'.repeat(64)}`,
      `ghcr.io/acme/checkout:1.4.2@sha256:${'0'.repeat(64)}`,
    ],
    invalid: ['Ghcr.io/acme/x:1', 'acme/x:', 'acme/x@sha256:xyz', 'acme x:1', 'acme/x:-1', 'acme//x:1'],
  },
  'lowercase-header-name': { valid: ['x-canary', 'x_user'], invalid: ['X-Canary', 'x canary', 'x:y'] },
  'response-header-name': { valid: ['x-served-by'], invalid: ['host', 'X-A', 'a b'] },
  'header-name': { valid: ['X-Api-Key', 'content-type'], invalid: ['a b', 'a:b'] },
  'header-value': { valid: ['abc', 'a\tb'], invalid: ['a\nb', 'a\u0001b', 'a\u007f'] },
  'single-line': { valid: ['abc'], invalid: ['a\nb', 'a\rb'] },
  'http-url': {
    valid: ['http://flagger-loadtester.test/', 'https://example.com:8443/a?b=c', 'http://[::1]:9090'],
    invalid: ['ftp://x', 'example.com', 'http://', 'http://a b', 'HTTP//x', 'http:/x'],
  },
  'http-url-without-credentials': {
    valid: ['http://prometheus.istio-system:9090', 'https://prom.example.com/select/0/prometheus'],
    invalid: ['http://u:p@prometheus:9090', 'prometheus:9090', 'http://a b'],
  },
  quantity: { valid: ['250m', '1', '128Mi', '1.5Gi'], invalid: ['1.5.5', '10mb', '-1', 'Mi', ' 1'] },
  rfc3339: {
    valid: ['2026-11-24T18:00:00Z', '2026-11-24T18:00:00.5+01:00'],
    invalid: ['2026-11-24 18:00:00Z', '2026-11-24', '2026-11-24T18:00:00'],
  },
  'absolute-path': { valid: ['/metrics', '/'], invalid: ['metrics', 'health/ready'] },
  'cookie-name': { valid: ['canary', 'a_b-C'], invalid: ['a b', 'a;b', 'a=b'] },
  'env-name': { valid: ['LOG_LEVEL', 'a.b-c'], invalid: ['1A', 'A B', 'A=B'] },
  'flagger-duration': { valid: ['5m', '30s'], invalid: ['5 m', '1.5m', '5min', '-5m', '5m\n', '1h'] },
  'istio-duration': { valid: ['30s', '90000ms', '2m'], invalid: ['1.5s', '5 s', '1d', '5'] },
  'prometheus-duration': { valid: ['10h', '90m'], invalid: ['30ms', '1d', '1.5h', '10'] },
  'load-duration': { valid: ['1m', '30s'], invalid: ['0s', '1ms', '1.5m', '01m'] },
};

describe('the JSON Schema and the validator agree', () => {
  test('every range of the rules is in the schema', () => {
    for (const [key, range] of Object.entries(SPEC_RANGES)) {
      const node = schemaNode(key);
      const exclusive = 'exclusiveMin' in range && range.exclusiveMin === true;
      assert.equal(node.minimum, exclusive ? undefined : range.min, key);
      assert.equal(node.exclusiveMinimum, exclusive ? range.min : undefined, key);
      assert.equal(node.maximum, range.max, key);
      assert.equal(node.multipleOf, range.integer ? 1 : undefined, key);
      assert.ok(PLACES[parseKey(key).definition], `${key} has no place in this test`);
    }
  });

  test('at, inside and just outside each range, the schema rejects exactly what validate reports', () => {
    const disagreements: string[] = [];
    for (const [key, range] of Object.entries(SPEC_RANGES)) {
      const exclusive = 'exclusiveMin' in range && range.exclusiveMin === true;
      const step = range.integer ? 1 : 0.001;
      const values: [number, boolean][] = [
        [range.min, !exclusive],
        [range.max, true],
        [range.min - step, false],
        [range.max + step, false],
      ];
      if (exclusive) values.push([range.min + step, true]);
      if (range.integer && range.max > range.min) values.push([range.min + 0.5, false]);
      for (const [value, inRange] of values) {
        const { spec, field } = placed(key, value);
        const byValidator = validatorRejects(spec, field, value, RANGE_MESSAGE);
        const bySchema = schemaRejects(spec, field, ['minimum', 'exclusiveMinimum', 'maximum', 'multipleOf']);
        if (byValidator !== !inRange || bySchema !== !inRange) {
          disagreements.push(
            `${key} = ${value}: validator ${byValidator ? 'rejects' : 'accepts'}, schema ${bySchema ? 'rejects' : 'accepts'}`,
          );
        }
      }
    }
    assert.deepEqual(disagreements, []);
  });

  test('every string syntax of the rules is in the schema, and both refuse the same strings', () => {
    const disagreements: string[] = [];
    for (const [key, format] of Object.entries(SPEC_PATTERNS)) {
      const node = schemaNode(key);
      assert.equal(node.pattern, format.pattern, key);
      assert.equal(node.maxLength, format.maxLength, key);
      const corpus = CORPUS[format.name];
      assert.ok(corpus, `no corpus for ${format.name}`);
      const cases: [string, boolean][] = [
        ...corpus.valid.map((v): [string, boolean] => [v, true]),
        ...corpus.invalid.map((v): [string, boolean] => [v, false]),
      ];
      for (const [value, valid] of cases) {
        const { spec, field } = placed(key, value);
        const crossField = MODE_OF[key]?.crossField;
        const byValidator = validatorRejects(spec, field, value, undefined, crossField);
        const bySchema = schemaRejects(spec, field, ['pattern', 'maxLength', 'propertyNames']);
        if (byValidator !== !valid || bySchema !== !valid) {
          disagreements.push(
            `${key} = ${JSON.stringify(value)}: validator ${byValidator ? 'rejects' : 'accepts'}, schema ${bySchema ? 'rejects' : 'accepts'}`,
          );
        }
      }
    }
    assert.deepEqual(disagreements, []);
  });

  test('every syntax has a corpus and is used by some field', () => {
    const used = new Set(Object.values(SPEC_PATTERNS).map((f) => f.name));
    for (const format of Object.values(FORMATS)) {
      assert.ok(CORPUS[format.name], `no corpus for ${format.name}`);
      assert.ok(used.has(format.name), `${format.name} is not used by any field`);
    }
  });

  test('an out-of-range number in a union is the range problem with its fix, not a wrong shape', () => {
    const issues = validate({ ...MINIMAL_FLAGGER, mode: 'mesh', resilience: { retries: { attempts: 11 } } });
    assert.deepEqual(
      issues.filter((i) => i.path.startsWith('resilience.retries') && !i.message.startsWith('cannot finish')),
      [
        {
          path: 'resilience.retries.attempts',
          value: 11,
          message: 'must be a whole number from 1 to 10. Use retries: false to disable retries.',
        },
      ],
    );
  });

  test('the valid fixture specs pass the schema', () => {
    for (const spec of [MINIMAL_FLAGGER, FULL_FLAGGER, FULL_MESH]) {
      assert.equal(schemaAccepts(spec), true, JSON.stringify(schemaAccepts.errors));
    }
  });
});
