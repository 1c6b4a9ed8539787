/**
 * The JSON Schema that editors use and the validator agree: every numeric range of the rules
 * (SPEC_RANGES) is in the schema, and on a corpus of values at, inside and just outside each range,
 * the schema rejects exactly what `validate` reports. The valid fixture specs pass both.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Ajv from 'ajv';
import { validate } from '../../lib';
import { SPEC_PATTERNS } from '../../lib/core/validate/patterns';
import { SPEC_RANGES } from '../../lib/core/validate/ranges';
import { canaryServiceSchema } from '../../lib/schema';
import { FULL_FLAGGER, FULL_MESH, MINIMAL_FLAGGER } from '../fixtures/specs';

/** Where each definition of the schema sits in a spec, and the mode that field belongs to. */
const PLACES: Readonly<Record<string, { path: string; mode: 'flagger' | 'mesh' }>> = {
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

describe('the JSON Schema and the validator agree', () => {
  test('every range of the rules is in the schema', () => {
    const definitions = (
      canaryServiceSchema as {
        definitions: Record<string, { properties: Record<string, Record<string, unknown>> }>;
      }
    ).definitions;
    for (const [key, range] of Object.entries(SPEC_RANGES)) {
      const [definition, field] = key.split('.');
      const property = definitions[definition].properties[field];
      assert.equal(property.minimum, range.min, key);
      assert.equal(property.maximum, range.max, key);
      assert.equal(property.multipleOf, range.integer ? 1 : undefined, key);
      assert.ok(PLACES[definition], `${definition} has no place in this test`);
    }
  });

  test('at, inside and just outside each range, the schema rejects exactly what validate reports', () => {
    const disagreements: string[] = [];
    for (const [key, range] of Object.entries(SPEC_RANGES)) {
      const [definition, field] = key.split('.');
      const { path: parent, mode } = PLACES[definition];
      const path = `${parent}.${field}`;
      const pointer = `/${path.split('.').join('/')}`;
      const step = range.integer ? 1 : 0.001;
      const values: [number, boolean][] = [
        [range.min, true],
        [range.max, true],
        [range.min - step, false],
        [range.max + step, false],
      ];
      if (range.integer && range.max > range.min) values.push([range.min + 0.5, false]);
      for (const [value, inRange] of values) {
        const spec = specWith(mode, path, value);
        const validatorRejects = validate(spec).some(
          (issue) => issue.path === path && /must be a (whole )?number from/.test(issue.message),
        );
        schemaAccepts(spec);
        const schemaRejects = (schemaAccepts.errors ?? []).some(
          (e) => e.instancePath === pointer && ['minimum', 'maximum', 'multipleOf'].includes(e.keyword),
        );
        if (validatorRejects !== !inRange || schemaRejects !== !inRange) {
          disagreements.push(
            `${path} = ${value}: validator ${validatorRejects ? 'rejects' : 'accepts'}, schema ${schemaRejects ? 'rejects' : 'accepts'}`,
          );
        }
      }
    }
    assert.deepEqual(disagreements, []);
  });

  test('every pattern of the rules is in the schema, and both refuse the same syntax', () => {
    const definitions = (
      canaryServiceSchema as {
        definitions: Record<string, { properties: Record<string, Record<string, unknown>> }>;
      }
    ).definitions;
    const disagreements: string[] = [];
    for (const [key, pattern] of Object.entries(SPEC_PATTERNS)) {
      const [definition, field] = key.split('.');
      assert.equal(definitions[definition].properties[field].pattern, pattern, key);
      const { path: parent, mode } = PLACES[definition];
      const path = `${parent}.${field}`;
      const pointer = `/${path.split('.').join('/')}`;
      const values: [string, boolean][] = [
        ['5m', true],
        ['30s', true],
        ['5 m', false],
        ['1.5m', false],
        ['5min', false],
        ['-5m', false],
        ['5m\n', false],
      ];
      for (const [value, valid] of values) {
        const spec = specWith(mode, path, value);
        // Issue paths write list indexes as `[0]`; PLACES writes them as `.0`.
        const validatorRejects = validate(spec).some(
          (issue) => issue.path.replace(/\[(\d+)\]/g, '.$1') === path && issue.value === value,
        );
        schemaAccepts(spec);
        const schemaRejects = (schemaAccepts.errors ?? []).some(
          (e) => e.instancePath === pointer && e.keyword === 'pattern',
        );
        if (schemaRejects !== !valid || (!valid && !validatorRejects)) {
          disagreements.push(
            `${path} = ${JSON.stringify(value)}: validator ${validatorRejects ? 'rejects' : 'accepts'}, schema ${schemaRejects ? 'rejects' : 'accepts'}`,
          );
        }
      }
    }
    assert.deepEqual(disagreements, []);
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
