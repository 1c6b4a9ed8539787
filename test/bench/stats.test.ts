import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatMb, formatMs, formatRatio, growthVerdict, median, ratio } from '../../bench/stats';

describe('bench stats', () => {
  test('median of odd and even counts, unsorted input, and of nothing', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([7]), 7);
    assert.ok(Number.isNaN(median([])));
  });

  test('median does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    assert.deepEqual(values, [3, 1, 2]);
  });

  test('ratio is undefined when a side is missing, not finite, or the base is not positive', () => {
    assert.equal(ratio(300, 200), 1.5);
    assert.equal(ratio(undefined, 200), undefined);
    assert.equal(ratio(300, undefined), undefined);
    assert.equal(ratio(300, 0), undefined);
    assert.equal(ratio(Number.NaN, 2), undefined);
  });

  test('ratios print with precision by size, and a dash when missing', () => {
    assert.equal(formatRatio(1.234), '1.23×');
    assert.equal(formatRatio(12.34), '12.3×');
    assert.equal(formatRatio(123.4), '123×');
    assert.equal(formatRatio(undefined), '-');
  });

  test('milliseconds and megabytes print with precision by size', () => {
    assert.equal(formatMs(0.4251), '0.43');
    assert.equal(formatMs(12.34), '12.3');
    assert.equal(formatMs(1234.5), '1235');
    assert.equal(formatMs(undefined), '-');
    assert.equal(formatMb(2048), '2.0');
    assert.equal(formatMb(undefined), '-');
  });

  test('growth over ten times N: sublinear up to 8×, linear up to 12.5×, superlinear above', () => {
    assert.equal(growthVerdict(3), 'sublinear');
    assert.equal(growthVerdict(8), 'sublinear');
    assert.equal(growthVerdict(10.2), 'linear');
    assert.equal(growthVerdict(12.5), 'linear');
    assert.equal(growthVerdict(29), 'superlinear');
    assert.equal(growthVerdict(3, 2), 'superlinear');
  });
});
