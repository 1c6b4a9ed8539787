import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as pulumi from '@pulumi/pulumi';
import type * as PulumiAdapter from '../../lib/pulumi';
import { FULL_FLAGGER, MINIMAL_FLAGGER } from '../fixtures/specs';
import { MockRecorder } from './support/mock-recorder';

test("the component logs the core's warnings as Pulumi warnings on itself", async () => {
  const recorder = await new MockRecorder().install('canary-kit', 'warnings');
  const adapter: typeof PulumiAdapter = await import('../../lib/pulumi');
  const logged: { message: string; resource: pulumi.Resource | undefined }[] = [];
  const original = pulumi.log.warn;
  pulumi.log.warn = (message: string, resource?: pulumi.Resource) => {
    logged.push({ message, resource });
    return Promise.resolve();
  };
  try {
    const unlabelled = new adapter.CanaryService('minimal', MINIMAL_FLAGGER);
    new adapter.CanaryService('full', FULL_FLAGGER);
    await recorder.finish();
    assert.equal(logged.length, 1);
    assert.match(logged[0].message, /^observability\.ruleLabels: .*release: <its Helm release name>/);
    assert.equal(logged[0].resource, unlabelled);
  } finally {
    pulumi.log.warn = original;
  }
});
