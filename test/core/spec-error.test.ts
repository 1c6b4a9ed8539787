import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CanarySpecError, synthesize } from '../../lib';
import { MINIMAL_FLAGGER } from '../fixtures/specs';

test('synthesize throws one error listing every problem with path, value and fix', () => {
  const bad = {
    ...MINIMAL_FLAGGER,
    name: 'Checkout_API',
    mode: 'mesh' as const,
    traffic: { canaryWeight: 99 },
  };
  assert.throws(
    () => synthesize(bad),
    (error: unknown) => {
      assert.ok(error instanceof CanarySpecError);
      assert.equal(
        error.message,
        [
          "Invalid CanaryService spec 'Checkout_API' (2 problems):",
          "  - name: 'Checkout_API' is not a DNS-1123 label (lowercase letters, digits and '-', starting and ending alphanumeric). Did you mean 'checkout-api'?",
          '  - traffic.canaryWeight: 99 sends 99% of traffic to the canary and only 1% to stable. Set traffic.promoting: true if you mean it, or did you mean 1?',
        ].join('\n'),
      );
      assert.equal(error.issues.length, 2);
      return true;
    },
  );
});

test('one problem is reported in the singular', () => {
  assert.throws(
    () => synthesize({ ...MINIMAL_FLAGGER, namespace: 'Shop' }),
    /\(1 problem\):\n {2}- namespace: 'Shop' is not a DNS-1123 label/,
  );
});

test('an invalid spec never yields manifests, even partially', () => {
  let result: unknown;
  try {
    result = synthesize({ ...MINIMAL_FLAGGER, slo: { successRatePercent: 1 } });
  } catch {
    // expected
  }
  assert.equal(result, undefined);
});
