import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { brief, CORPUS, lintFiles } from './helpers';

describe('correct hand-written manifests', () => {
  for (const file of [
    'mesh-checkout.yaml',
    'flagger-payments.yaml',
    'flagger-search-delegation.yaml',
    'bookinfo-reviews.yaml',
    'argo-rollout-orders.yaml',
  ]) {
    test(`${file} has no findings`, () => {
      assert.deepEqual(lintFiles([`${CORPUS}/clean/${file}`]).map(brief), []);
    });
  }

  test('the whole clean tree linted at once has no findings (no cross-file conflicts)', () => {
    assert.deepEqual(lintFiles([`${CORPUS}/clean`]).map(brief), []);
  });
});
