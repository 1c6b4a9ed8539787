import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Chart, Testing } from 'cdk8s';
import fc from 'fast-check';
import { load as jsYamlLoad } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { CanaryServiceSpec, KubeManifest, synthesize, toYaml } from '../../lib';
import { CanaryService } from '../../lib/cdk8s';
import { readsAsNonString } from '../../lib/core/yaml-scalars';
import { YamlTextEditor } from '../../lib/gate/gitops/yaml-edit';
import { FULL_FLAGGER, FULL_MESH } from '../fixtures/specs';

// Issue 11 item 17: every writer quotes the strings a YAML 1.1 (go-yaml: kubectl, Argo CD, Flux) or
// YAML 1.2 reader would take for something else. Each property reads the output back with the
// `yaml` package's YAML 1.1 schema (the full one, timestamps included) and its 1.2 core schema, and
// with js-yaml, and checks that every string came back as the same string.

const RUNS = Number(process.env.CANARY_KIT_PROPERTY_RUNS ?? 60);

const AMBIGUOUS = [
  'yes',
  'Yes',
  'YES',
  'yEs',
  'no',
  'NO',
  'y',
  'Y',
  'n',
  'N',
  'on',
  'On',
  'ON',
  'off',
  'Off',
  'true',
  'False',
  'null',
  'Null',
  'NULL',
  '~',
  '',
  '0644',
  '0o17',
  '0O17',
  '0x1F',
  '0X1F',
  '0b101',
  '-0b1',
  '+0o7',
  '1_000',
  '1__0',
  '1:20',
  '190:20:30',
  '-1:30',
  '.inf',
  '-.Inf',
  '.NaN',
  '1e3',
  '.5e3',
  '1.5',
  '-.5',
  '+1',
  '0',
  '2024-01-01',
  '2024-1-2',
  '2001-12-14t21:59:43.10-05:00',
  '<<',
  '=',
  '12345678901234567890123',
] as const;

/** Strings biased toward what YAML readers misread, plus arbitrary ones. */
const trickyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...AMBIGUOUS),
  fc.stringMatching(/^[-+]?(?:0[bBoOxX])?[0-9a-fA-F_.:eE]{0,8}$/),
  fc
    .tuple(
      fc.constantFrom('yes', 'no', 'on', 'off', 'true', 'false', 'null', 'y', 'n'),
      fc.array(fc.boolean()),
    )
    .map(([word, upper]) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('')),
  fc.string({ maxLength: 12 }),
);

/** Reads a YAML stream with three readers and checks each gives `expected`. */
function assertReadsBack(text: string, expected: unknown[]): void {
  for (const version of ['1.1', '1.2'] as const) {
    const docs = parseAllDocuments(text, { version, uniqueKeys: false });
    const values = (Array.isArray(docs) ? docs : [docs]).map((doc) => {
      assert.deepEqual(doc.errors, [], `YAML ${version} errors in:\n${text}`);
      return doc.toJS();
    });
    assert.deepEqual(values, expected, `YAML ${version} reads differently:\n${text}`);
  }
  const viaJsYaml = text.split(/^---\n/m).map((doc) => jsYamlLoad(doc));
  assert.deepEqual(viaJsYaml, expected, `js-yaml reads differently:\n${text}`);
}

/** A copy of `value` with every string (map keys too) replaced by the next string from `next`. */
function replaceStrings(value: unknown, next: () => string): unknown {
  if (typeof value === 'string') return next();
  if (Array.isArray(value)) return value.map((item) => replaceStrings(item, next));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      let newKey = next();
      if (Object.prototype.hasOwnProperty.call(out, newKey)) newKey = key; // keep keys unique
      Object.defineProperty(out, newKey, {
        value: replaceStrings(item, next),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

describe('every writer quotes YAML-ambiguous strings (issue 11 item 17)', () => {
  test('readsAsNonString knows the forms go-yaml v2 and YAML 1.2 misread', () => {
    for (const s of AMBIGUOUS) assert.equal(readsAsNonString(s), true, s);
    for (const s of ['checkout', 'v1.4.2', 'ghcr.io/acme/checkout:1.4.2', 'x-canary', 'yess', '1.2.3', '-'])
      assert.equal(readsAsNonString(s), false, s);
  });

  test("toYaml writes a header value 'yes' as a string kubectl reads as a string", () => {
    const manifests = synthesize({
      ...FULL_MESH,
      traffic: { ...FULL_MESH.traffic, darkLaunchHeaders: { 'x-canary': 'yes' } },
    });
    const text = toYaml(manifests);
    assert.match(text, /exact: "yes"/);
    assertReadsBack(text, JSON.parse(JSON.stringify(manifests)) as unknown[]);
  });

  test('toYaml: random strings in every string position (values and keys) read back as the same strings', () => {
    const bases = [synthesize(FULL_MESH), synthesize(FULL_FLAGGER)];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: bases.length - 1 }),
        fc.array(trickyString, { minLength: 1, maxLength: 64 }),
        (which, strings) => {
          let i = 0;
          const next = (): string => strings[i++ % strings.length];
          const manifests = bases[which].map((m) => replaceStrings(m, next)) as KubeManifest[];
          assertReadsBack(toYaml(manifests), JSON.parse(JSON.stringify(manifests)) as unknown[]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  test('cdk8s: the YAML a chart synthesizes reads back as the construct JSON for random header, env and webhook strings', () => {
    fc.assert(
      fc.property(trickyString, trickyString, trickyString, (header, env, cmd) => {
        const spec: CanaryServiceSpec = {
          ...FULL_FLAGGER,
          // Flagger mode has no dark launch (issue 11.10): the header goes out as a response header.
          service: { ...FULL_FLAGGER.service, responseHeaders: { 'x-canary': header === '' ? 'x' : header } },
          workload: { ...FULL_FLAGGER.workload, env: { LOG_LEVEL: env } },
          analysis: {
            ...FULL_FLAGGER.analysis,
            webhooks: {
              preRollout: [
                {
                  url: 'http://flagger-loadtester.test/',
                  metadata: { cmd: cmd === '' ? 'x' : cmd },
                },
              ],
            },
          },
        };
        const app = Testing.app();
        new CanaryService(new Chart(app, 'test'), 'svc', spec);
        const expected = JSON.parse(JSON.stringify(synthesize(spec))) as unknown[];
        const text = app.synthYaml();
        const read = parseAllDocuments(text, { version: '1.1' }).map((doc) => doc.toJS() as unknown);
        const byKey = (m: unknown): string => {
          const { kind, metadata } = m as KubeManifest;
          return `${kind}/${metadata.name}`;
        };
        const sort = (list: unknown[]): unknown[] => [...list].sort((a, b) => (byKey(a) < byKey(b) ? -1 : 1));
        assert.deepEqual(sort(read), sort(expected));
        assertReadsBack(text, read);
      }),
      { numRuns: Math.min(RUNS, 25) },
    );
  });

  test('gitops edits of spec files write random strings that read back as the same strings', () => {
    fc.assert(
      fc.property(trickyString, trickyString, (value, inserted) => {
        const editor = new YamlTextEditor('traffic:\n  stage: ten\n  canaryWeight: 10\n', 'spec.yaml');
        editor.replaceValue(['traffic'], 'stage', value);
        editor.insertAfter(['traffic'], 'canaryWeight', 'rollback', {
          reason: inserted,
          at: '2024-01-01T00:00:00Z',
        });
        assertReadsBack(editor.result(), [
          {
            traffic: {
              stage: value,
              canaryWeight: 10,
              rollback: { reason: inserted, at: '2024-01-01T00:00:00Z' },
            },
          },
        ]);
      }),
      { numRuns: RUNS },
    );
  });
});
