import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parse } from 'yaml';
import { CanaryServiceSpec, KubeManifest, synthesize, toYaml, validate } from '../../lib';

/**
 * Keys are data (issue 16.1): every map of user keys keeps every key through validation,
 * rendering, canonical ordering and YAML, or the spec is rejected. The keys are drawn from a set
 * that includes the names JavaScript objects treat specially.
 */

const RUNS = Number(process.env.CANARY_KIT_PROPERTY_RUNS ?? 300);

/** Names JavaScript objects treat specially, and ordinary ones. */
const SPECIAL_KEYS = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
  '__defineGetter__',
];
/** Ordinary names, valid everywhere. */
const PLAIN_KEYS = ['x-canary', 'x-user', 'tier'];
/** Names that some maps refuse (uppercase and space; Host in response headers). */
const INVALID_KEYS = ['Bad Key', 'host'];

/** A map with own properties only (`__proto__` included), as a YAML or JSON parser builds it. */
function ownMap(
  keys: readonly string[],
  value: (key: string, i: number) => unknown,
): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  keys.forEach((key, i) =>
    Object.defineProperty(map, key, {
      value: value(key, i),
      enumerable: true,
      writable: true,
      configurable: true,
    }),
  );
  return map;
}

const keySet = fc.uniqueArray(
  fc.oneof(
    { arbitrary: fc.constantFrom(...SPECIAL_KEYS), weight: 6 },
    { arbitrary: fc.constantFrom(...PLAIN_KEYS), weight: 3 },
    { arbitrary: fc.constantFrom(...INVALID_KEYS), weight: 1 },
  ),
  { minLength: 1, maxLength: 3 },
);

function keysOf(value: unknown): string[] {
  return value && typeof value === 'object' ? Object.keys(value).sort() : [];
}

function find(manifests: readonly KubeManifest[], kind: string): KubeManifest {
  const found = manifests.find((m) => m.kind === kind);
  assert.ok(found, `no ${kind}`);
  return found;
}

interface Route {
  name: string;
  match?: { headers?: Record<string, unknown> }[];
}

let synthesized = 0;

function meshCase(dark: string[], cohort: string[], labels: string[]): void {
  const spec = {
    name: 'checkout',
    namespace: 'shop',
    mode: 'mesh',
    labels: ownMap(labels, () => 'v'),
    workload: { image: 'ghcr.io/acme/checkout:1.4.2', canaryImage: 'ghcr.io/acme/checkout:1.5.0' },
    traffic: {
      canaryWeight: 5,
      darkLaunchHeaders: ownMap(dark, () => 'yes-please'),
      cohorts: [{ name: 'beta', headers: ownMap(cohort, () => ({ exact: 'beta' })), canaryWeight: 50 }],
    },
  };
  if (validate(spec).length > 0) return; // rejected: fine
  const manifests = synthesize(spec as unknown as CanaryServiceSpec);
  synthesized++;
  roundTrips(manifests);
  const routes = (find(manifests, 'VirtualService').spec as { http: Route[] }).http;
  const headersOf = (name: string) => routes.find((r) => r.name === name)?.match?.[0]?.headers;
  assert.deepEqual(keysOf(headersOf('dark-launch')), [...dark].sort(), 'dark-launch match keys');
  assert.deepEqual(keysOf(headersOf('cohort-beta')), [...cohort].sort(), 'cohort match keys');
  const deployment = find(manifests, 'Deployment');
  for (const key of labels) assert.ok(Object.hasOwn(deployment.metadata.labels ?? {}, key), `label ${key}`);
}

function flaggerCase(ab: string[], metadata: string[], responseHeaders: string[]): void {
  const spec = {
    name: 'checkout',
    namespace: 'shop',
    workload: { image: 'ghcr.io/acme/checkout:1.4.2' },
    service: { responseHeaders: ownMap(responseHeaders, () => 'v') },
    analysis: {
      strategy: 'ab-testing',
      iterations: 10,
      match: [{ headers: ownMap(ab, () => ({ exact: 'b' })) }],
      webhooks: {
        preRollout: [{ url: 'http://flagger-loadtester.test/', metadata: ownMap(metadata, () => 'm') }],
      },
    },
  };
  if (validate(spec).length > 0) return;
  const manifests = synthesize(spec as unknown as CanaryServiceSpec);
  synthesized++;
  roundTrips(manifests);
  const canary = find(manifests, 'Canary').spec as {
    analysis: { match?: { headers: unknown }[]; webhooks: { metadata?: unknown }[] };
    service: { headers?: { response?: { add?: unknown } } };
  };
  assert.deepEqual(keysOf(canary.analysis.match?.[0]?.headers), [...ab].sort(), 'A/B match keys');
  assert.deepEqual(keysOf(canary.analysis.webhooks[0].metadata), [...metadata].sort(), 'webhook metadata');
  assert.deepEqual(
    keysOf(canary.service.headers?.response?.add),
    [...responseHeaders].sort(),
    'response headers',
  );
}

/** The YAML of every manifest reads back as the manifest: no key lost in serialization. */
function roundTrips(manifests: readonly KubeManifest[]): void {
  for (const manifest of manifests)
    assert.deepEqual(parse(toYaml([manifest])), JSON.parse(JSON.stringify(manifest)));
}

test('user keys named like Object.prototype members survive mesh routing, labels and YAML, or are rejected', () => {
  synthesized = 0;
  fc.assert(fc.property(keySet, keySet, keySet, meshCase), { numRuns: RUNS });
  assert.ok(synthesized > RUNS / 25, `only ${synthesized} of ${RUNS} specs were valid`);
});

test('user keys named like Object.prototype members survive Flagger A/B matches, webhook metadata and response headers', () => {
  synthesized = 0;
  fc.assert(fc.property(keySet, keySet, keySet, flaggerCase), { numRuns: RUNS });
  assert.ok(synthesized > RUNS / 25, `only ${synthesized} of ${RUNS} specs were valid`);
});

test('a __proto__ dark-launch header is routed on, never dropped into a match-everything route', () => {
  const spec = JSON.parse(
    '{"name":"checkout","namespace":"shop","mode":"mesh","workload":{"image":"a:1","canaryImage":"a:2"},' +
      '"traffic":{"canaryWeight":5,"darkLaunchHeaders":{"__proto__":"true"}}}',
  ) as CanaryServiceSpec;
  assert.deepEqual(validate(spec), []);
  const yaml = toYaml(synthesize(spec));
  assert.match(yaml, /- headers:\n\s+__proto__:\n\s+exact: "true"/);
  assert.doesNotMatch(yaml, /headers: \{\}/);
});

test('labels named constructor or toString keep the canonical (alphabetical) key order', () => {
  const spec = {
    name: 'checkout',
    namespace: 'shop',
    labels: { toString: 'a', constructor: 'b' },
    workload: { image: 'a:1' },
  } as CanaryServiceSpec;
  const labels = Object.keys(synthesize(spec)[0].metadata.labels ?? {});
  assert.deepEqual(labels, [...labels].sort());
});
