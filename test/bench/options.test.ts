import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BenchUsageError, parseBenchOptions } from '../../bench/options';

describe('bench options', () => {
  test('defaults: 5 runs (3 for heavy cases), 1 warm-up, not full', () => {
    assert.deepEqual(parseBenchOptions([], {}), {
      full: false,
      runs: 5,
      heavyRuns: 3,
      warmup: 1,
      only: [],
      out: 'bench/results.json',
    });
  });

  test('flags and environment', () => {
    const options = parseBenchOptions(
      ['--runs', '7', '--warmup', '0', '--only', 'core,lint', '--only', 'x'],
      {
        BENCH_FULL: '1',
      },
    );
    assert.equal(options.full, true);
    assert.equal(options.runs, 7);
    assert.equal(options.heavyRuns, 7);
    assert.equal(options.warmup, 0);
    assert.deepEqual(options.only, ['core', 'lint', 'x']);
    assert.equal(parseBenchOptions([], { BENCH_RUNS: '2' }).heavyRuns, 2);
  });

  test('bad flags are usage errors that name the flag', () => {
    assert.throws(() => parseBenchOptions(['--runs', '0'], {}), /--runs must be an integer >= 1, got '0'/);
    assert.throws(() => parseBenchOptions(['--fast'], {}), BenchUsageError);
    assert.throws(() => parseBenchOptions(['--out'], {}), /--out needs a value/);
  });
});
