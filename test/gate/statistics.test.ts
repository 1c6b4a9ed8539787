import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalCdf, normalQuantile, normalUpperTail, twoProportionZTest } from '../../lib/gate/statistics';

const close = (actual: number, expected: number, tolerance: number) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected} +- ${tolerance}, got ${actual}`);

describe('standard normal', () => {
  test('CDF at table values', () => {
    close(normalCdf(0), 0.5, 1e-7);
    close(normalCdf(1), 0.841345, 1e-6);
    close(normalCdf(-1), 0.158655, 1e-6);
    close(normalCdf(1.959964), 0.975, 1e-6);
    close(normalUpperTail(2.326348), 0.01, 1e-6);
  });

  test('the far upper tail stays positive and close (no 1 - 0.999... cancellation)', () => {
    // 1 - Phi(6) = 9.866e-10 (standard tables); the formula's absolute error is 7.5e-8, its
    // relative error out there about 0.4%.
    close(normalUpperTail(6) / 9.865876e-10, 1, 0.01);
  });

  test('quantiles invert the CDF', () => {
    close(normalQuantile(0.5), 0, 1e-8);
    close(normalQuantile(0.975), 1.959964, 1e-5);
    close(normalQuantile(0.99), 2.326348, 1e-5);
    close(normalQuantile(0.95), 1.644854, 1e-5);
    assert.throws(() => normalQuantile(1), RangeError);
  });
});

describe('two-proportion z-test (one-sided)', () => {
  test('a worked example: 30/200 failures against 15/200', () => {
    // Pooled p = 45/400 = 0.1125; SE = sqrt(0.1125 * 0.8875 * (1/200 + 1/200)) = 0.0315981;
    // z = (0.15 - 0.075) / SE = 2.3736; one-sided p = 1 - Phi(2.3736) = 0.0088.
    const result = twoProportionZTest({ trials: 200, failures: 30 }, { trials: 200, failures: 15 }, 0.99);
    close(result.pooled, 0.1125, 1e-12);
    close(result.standardError, 0.0315981, 1e-6);
    close(result.z, 2.37356, 1e-4);
    close(result.pValue, 0.00881, 1e-4);
    close(result.criticalZ, 2.326348, 1e-5);
    assert.equal(result.significant, true);
    // The same data is not significant at 99.5% (critical z 2.5758).
    assert.equal(
      twoProportionZTest({ trials: 200, failures: 30 }, { trials: 200, failures: 15 }, 0.995).significant,
      false,
    );
  });

  test('one-sided: a canary better than stable is never significant', () => {
    const result = twoProportionZTest({ trials: 1000, failures: 1 }, { trials: 1000, failures: 50 }, 0.99);
    assert.ok(result.z < 0);
    assert.ok(result.pValue > 0.99);
    assert.equal(result.significant, false);
  });

  test('no failures at all: z is 0 and p is 0.5', () => {
    const result = twoProportionZTest({ trials: 500, failures: 0 }, { trials: 5000, failures: 0 }, 0.99);
    assert.equal(result.standardError, 0);
    assert.equal(result.z, 0);
    close(result.pValue, 0.5, 1e-7);
    assert.equal(result.significant, false);
  });

  test('rejects empty samples and more failures than trials', () => {
    assert.throws(
      () => twoProportionZTest({ trials: 0, failures: 0 }, { trials: 10, failures: 1 }, 0.99),
      /sample1/,
    );
    assert.throws(
      () => twoProportionZTest({ trials: 10, failures: 1 }, { trials: 10, failures: 11 }, 0.99),
      /sample2/,
    );
  });
});
