import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as pulumi from '@pulumi/pulumi';
import { MockRecorder } from './support/mock-recorder';
import { outputValue } from './support/output-value';
import { engineConfig, projectFile, stackConfig } from './support/stack-files';

test("stacks/pulumi/index.ts, Pulumi.yaml's main, exports the selected stack's outputs", async () => {
  const recorder = await new MockRecorder().install(projectFile().name, 'staging');
  pulumi.runtime.setAllConfig(engineConfig(stackConfig('staging')));
  const outputs = await import('../../stacks/pulumi/index');
  await recorder.finish();
  assert.equal(outputs.mode, 'flagger');
  assert.equal(await outputValue(outputs.namespace), 'shop-staging');
  assert.equal(outputs.apexServiceName, 'checkout');
  assert.equal(await outputValue(outputs.canaryHost), 'checkout-canary.shop-staging.svc.cluster.local');
  assert.equal((await outputValue(outputs.objectNames)).canary, 'Canary shop-staging/checkout');
  const component = recorder.byName('checkout');
  assert.equal(component.type, 'canary-kit:index:CanaryService');
  assert.ok(recorder.childrenOf(component.urn).length > 0, 'the mocks saw the children');
});
