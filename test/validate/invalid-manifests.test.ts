import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadManifests } from '../../lib/manifests/load';
import { ManifestFinding, validateManifests } from '../../lib/validate';
import { fixture, shown } from './fixtures';

function findingsOf(file: string): ManifestFinding[] {
  const loaded = loadManifests([fixture('invalid', file)]);
  assert.deepEqual(loaded.problems, []);
  return validateManifests(loaded.manifests.map((m) => m.manifest));
}

describe('validateManifests on hand-written mistakes', () => {
  test('a quoted weight is a wrong type, reported with object, path, file and line', () => {
    assert.deepEqual(findingsOf('wrong-type.yaml'), [
      {
        object: 'VirtualService test/podinfo',
        path: 'spec.http[0].route[1].weight',
        message:
          'expected an integer, got string "10" (remove the quotes: YAML reads a quoted number as a string)',
        severity: 'error',
        code: 'wrong-type',
        file: fixture('invalid', 'wrong-type.yaml'),
        line: 17,
      },
    ]);
  });

  test("unknown fields are errors: Flagger's connectionPool.tcp and a typo'd route", () => {
    const file = fixture('invalid', 'unknown-fields.yaml');
    assert.deepEqual(findingsOf('unknown-fields.yaml'), [
      {
        object: 'Canary test/podinfo',
        path: 'spec.service.trafficPolicy.connectionPool.tcp',
        message: "unknown field 'tcp' (the API server would prune it silently); known fields here: http",
        severity: 'error',
        code: 'unknown-field',
        file,
        line: 16,
      },
      {
        object: 'VirtualService test/podinfo',
        path: 'spec.http[0].rout',
        message: "unknown field 'rout' (the API server would prune it silently); did you mean 'route'?",
        severity: 'error',
        code: 'unknown-field',
        file,
        line: 36,
      },
    ]);
  });

  test('missing required fields are reported at the missing path, on the line of the parent', () => {
    const file = fixture('invalid', 'missing-required.yaml');
    assert.deepEqual(findingsOf('missing-required.yaml'), [
      {
        object: 'Deployment test/podinfo',
        path: 'spec.selector',
        message: "missing required field 'selector'",
        severity: 'error',
        code: 'missing-field',
        file,
        line: 8,
      },
      {
        object: 'ServiceMonitor test/podinfo',
        path: 'spec.selector',
        message: "missing required field 'selector'",
        severity: 'error',
        code: 'missing-field',
        file,
        line: 24,
      },
      {
        object: 'Canary test/podinfo',
        path: 'spec.analysis',
        message: "set exactly one of 'iterations', 'stepWeight' or 'stepWeights'",
        severity: 'error',
        code: 'invalid-value',
        file,
        line: 40,
      },
    ]);
  });

  test('a relative path is reported relative to the working directory', () => {
    const loaded = loadManifests([shown('invalid', 'wrong-type.yaml')], process.cwd());
    const [finding] = validateManifests(loaded.manifests.map((m) => m.manifest));
    assert.equal(finding.file, 'test/fixtures/validate/invalid/wrong-type.yaml');
  });

  test('objects built in memory get findings without file and line', () => {
    const findings = validateManifests([
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'podinfo', namespace: 'test' },
        spec: { hosts: ['podinfo'], http: [{ route: [{ destination: { host: 'podinfo' }, weight: '10' }] }] },
      },
    ]);
    assert.deepEqual(findings, [
      {
        object: 'VirtualService test/podinfo',
        path: 'spec.http[0].route[0].weight',
        message:
          'expected an integer, got string "10" (remove the quotes: YAML reads a quoted number as a string)',
        severity: 'error',
        code: 'wrong-type',
      },
    ]);
  });
});
