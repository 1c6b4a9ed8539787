import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as pulumi from '@pulumi/pulumi';
import { MINIMAL_FLAGGER } from '../fixtures/specs';
import { MockRecorder } from './support/mock-recorder';

// This file never installs mocks, on purpose: it shows that the SDK then accepts the component
// silently, so only assertions on what the mocks recorded can tell a real test from a vacuous one.
test('without mocks nothing is registered, so the recorder-based assertions fail', async () => {
  assert.equal(pulumi.runtime.hasMonitor(), false);
  const { CanaryService } = await import('../../lib/pulumi');
  const recorder = new MockRecorder(); // never installed
  const service = new CanaryService('checkout', MINIMAL_FLAGGER);
  assert.ok(service.resource('canary'), 'the objects exist in memory: a test checking only them would pass');
  await assert.rejects(recorder.finish(), /Pulumi mocks were never installed/);
  assert.equal(recorder.newResourceCalls, 0);
  assert.deepEqual(recorder.registrations, []);
  assert.throws(() => recorder.byName('checkout-canary'), /No resource 'checkout-canary' was registered/);
});
