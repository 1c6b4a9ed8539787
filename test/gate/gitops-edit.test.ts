import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { CanaryServiceSpec, validate } from '../../lib';
import { editSpecText } from '../../lib/gate/gitops/edit-spec';
import { YamlEditError } from '../../lib/gate/gitops/yaml-edit';
import { changedLines, commentedSpecFile } from './support/specs';

const FILE = 'specs/checkout.yaml';
const ORIGINAL = commentedSpecFile('checkout');
const SPEC = parse(ORIGINAL) as CanaryServiceSpec;
const AT = '2026-11-24T18:00:00Z';
const RECORD = {
  reason: 'canary success rate 90% is below the SLO 99%',
  at: '2024-01-01T00:00:00Z',
  previousCanaryWeight: 10,
};

describe('--apply gitops edits', () => {
  test('advancing a stage changes only the stage line, its comment included', () => {
    const edit = editSpecText(FILE, ORIGINAL, SPEC, { kind: 'stage', stage: 'half', startedAt: AT });
    assert.deepEqual(changedLines(ORIGINAL, edit.text), [
      '-  stage: ten   # current stage',
      '-  stageStartedAt: "2023-12-31T12:00:00Z"',
      '+  stage: half   # current stage',
      '+  stageStartedAt: "2026-11-24T18:00:00Z"',
    ]);
    assert.deepEqual(edit.changes, [
      'traffic.stage: ten -> half',
      'traffic.stageStartedAt: 2023-12-31T12:00:00Z -> 2026-11-24T18:00:00Z',
    ]);
  });

  test('a rollback with stages replaces stage by canaryWeight 0 and records why, and validates', () => {
    const edit = editSpecText(FILE, ORIGINAL, SPEC, { kind: 'rollback', record: RECORD });
    assert.deepEqual(changedLines(ORIGINAL, edit.text), [
      '-  stage: ten   # current stage',
      '-  stageStartedAt: "2023-12-31T12:00:00Z"',
      '+  canaryWeight: 0   # current stage',
      '+  rollback:',
      '+    reason: "canary success rate 90% is below the SLO 99%"',
      '+    at: "2024-01-01T00:00:00Z"',
      '+    previousCanaryWeight: 10',
    ]);
    const spec = parse(edit.text) as CanaryServiceSpec;
    assert.deepEqual(validate(spec), []);
    assert.deepEqual(spec.traffic?.rollback, RECORD);
    assert.equal(spec.traffic?.stage, undefined);
    assert.equal(spec.traffic?.stages?.length, 3);
  });

  test('a plain canaryWeight crossing 50% gets promoting: true on the next line', () => {
    const text =
      'name: c\nmode: mesh\nworkload:\n  image: a/b:1\ntraffic:\n    canaryWeight: 50 # half\n    servedByHeader: true\n';
    const edit = editSpecText(FILE, text, parse(text), {
      kind: 'weight',
      canaryWeight: 75,
      promoting: true,
      startedAt: AT,
    });
    assert.deepEqual(changedLines(text, edit.text), [
      '-    canaryWeight: 50 # half',
      '+    canaryWeight: 75 # half',
      '+    promoting: true',
      '+    stageStartedAt: "2026-11-24T18:00:00Z"',
    ]);
    assert.deepEqual(validate(parse(edit.text)), []);
  });

  test('a rollback of a promoting weight turns promoting off again', () => {
    const text =
      'name: c\nmode: mesh\nworkload:\n  image: a/b:1\ntraffic:\n  canaryWeight: 75\n  promoting: true\n';
    const edit = editSpecText(FILE, text, parse(text), {
      kind: 'rollback',
      record: { ...RECORD, previousCanaryWeight: 75 },
    });
    const spec = parse(edit.text) as CanaryServiceSpec;
    assert.equal(spec.traffic?.canaryWeight, 0);
    assert.equal(spec.traffic?.promoting, false);
    assert.deepEqual(validate(spec), []);
  });

  test('promotion moves the canary image to stable and the share back to 0', () => {
    const edit = editSpecText(FILE, ORIGINAL, SPEC, { kind: 'promote' });
    assert.deepEqual(changedLines(ORIGINAL, edit.text), [
      '-  image: ghcr.io/acme/checkout:1.4.2',
      '+  image: ghcr.io/acme/checkout:1.5.0',
      '-  stage: ten   # current stage',
      '-  stageStartedAt: "2023-12-31T12:00:00Z"',
      '+  canaryWeight: 0   # current stage',
    ]);
  });

  test('JSON spec files stay JSON', () => {
    const json = `${JSON.stringify({ ...SPEC, traffic: { ...SPEC.traffic } }, null, 2)}\n`;
    const edit = editSpecText('spec.json', json, JSON.parse(json), { kind: 'rollback', record: RECORD });
    const parsed = JSON.parse(edit.text) as CanaryServiceSpec;
    assert.deepEqual(parsed.traffic?.rollback, RECORD);
    assert.equal(parsed.traffic?.canaryWeight, 0);
    assert.deepEqual(validate(parsed), []);
  });

  test('CRLF files keep CRLF, quoted stage names keep their quotes', () => {
    const text = ORIGINAL.replace('stage: ten', "stage: 'ten'").replace(/\n/g, '\r\n');
    const edit = editSpecText(FILE, text, parse(text), { kind: 'stage', stage: 'half', startedAt: AT });
    assert.match(edit.text, /stage: 'half' {3}# current stage\r\n/);
    assert.equal(edit.text.replace(/\r\n/g, '').includes('\n'), false);
    const rollback = editSpecText(FILE, text, parse(text), { kind: 'rollback', record: RECORD });
    assert.equal(rollback.text.replace(/\r\n/g, '').includes('\n'), false);
  });

  test('refuses a file where the edit cannot be made exactly', () => {
    const noShare = 'name: c\nmode: mesh\nworkload:\n  image: a/b:1\ntraffic:\n  servedByHeader: true\n';
    assert.throws(
      () => editSpecText(FILE, noShare, parse(noShare), { kind: 'stage', stage: 'x', startedAt: AT }),
      (error: Error) =>
        error instanceof YamlEditError && /neither stage nor canaryWeight/.test(error.message),
    );
    const recorded =
      'name: c\nmode: mesh\nworkload:\n  image: a/b:1\ntraffic:\n  canaryWeight: 0\n  rollback: {reason: x, at: "2024-01-01T00:00:00Z", previousCanaryWeight: 5}\n';
    assert.throws(
      () => editSpecText(FILE, recorded, parse(recorded), { kind: 'rollback', record: RECORD }),
      /already set/,
    );
  });

  test('refuses an edit that would make the spec invalid (nothing is returned)', () => {
    // A stage name the spec does not declare: the re-validation catches it.
    assert.throws(
      () => editSpecText(FILE, ORIGINAL, SPEC, { kind: 'stage', stage: 'nope', startedAt: AT }),
      /the edited spec would be invalid[\s\S]*traffic.stage: 'nope' is not one of traffic.stages/,
    );
  });
});
