/**
 * `workload.existingDeployment` with a cdk8s-plus Deployment (or its name): at synth time the
 * construct checks what Flagger and the mesh need, each failure with its fix.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { CanarySpecError, checkExistingDeployment, KubeManifest } from '../../lib';
import { CanaryService } from '../../lib/cdk8s';

const SPEC = { name: 'checkout', namespace: 'shop' } as const;

/** A cdk8s-plus Deployment as the README says to write it, or with cdk8s-plus's defaults. */
function deployment(chart: Chart, options: { flaggerSelector: boolean; port?: number }): kplus.Deployment {
  const d = new kplus.Deployment(chart, 'checkout-deployment', {
    metadata: { name: 'checkout', namespace: 'shop' },
    ...(options.flaggerSelector ? { select: false, podMetadata: { labels: { app: 'checkout' } } } : {}),
    containers: [{ image: 'ghcr.io/acme/checkout:1.4.2', portNumber: options.port ?? 8080 }],
  });
  if (options.flaggerSelector) d.select(kplus.LabelSelector.of({ labels: { app: 'checkout' } }));
  return d;
}

function synthError(app: App): string {
  try {
    app.synthYaml();
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('synth should have failed');
}

describe('cdk8s CanaryService with an existing cdk8s-plus Deployment', () => {
  test('a Deployment with the app selector and the container port is the Canary target', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'prod');
    const target = deployment(chart, { flaggerSelector: true });
    new CanaryService(chart, 'checkout', { ...SPEC, workload: { existingDeployment: target } });
    const manifests = Testing.synth(chart) as KubeManifest[];
    app.synthYaml(); // runs the validations
    const canary = manifests.find((m) => m.kind === 'Canary') as KubeManifest & {
      spec: { targetRef: unknown };
    };
    assert.deepEqual(canary.spec.targetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'checkout' });
    assert.equal(manifests.filter((m) => m.kind === 'Deployment').length, 1);
  });

  test('cdk8s-plus’s default selector fails at synth time, naming the cdk8s-plus call that fixes it', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'prod');
    new CanaryService(chart, 'checkout', {
      ...SPEC,
      workload: { existingDeployment: deployment(chart, { flaggerSelector: false }) },
    });
    const message = synthError(app);
    assert.match(
      message,
      /workload\.existingDeployment: 'checkout' selects its pods by \{ cdk8s\.io\/metadata\.addr: /,
    );
    assert.match(message, /Flagger needs spec\.selector\.matchLabels to hold app: checkout/);
    assert.match(message, /select: false, podMetadata: \{ labels: \{ app: 'checkout' \} \}/);
    assert.match(
      message,
      /deployment\.select\(kplus\.LabelSelector\.of\(\{ labels: \{ app: 'checkout' \} \}\)\)/,
    );
  });

  test('a container port other than workload.containerPort fails at synth time', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'prod');
    new CanaryService(chart, 'checkout', {
      ...SPEC,
      workload: { existingDeployment: deployment(chart, { flaggerSelector: true, port: 9090 }) },
    });
    const message = synthError(app);
    assert.match(
      message,
      /'checkout' declares container ports 9090, but the Services Flagger creates send traffic to port 8080 \(workload\.containerPort, default 8080\)\. Set workload\.containerPort/,
    );
  });

  test('a Deployment given by name is looked up in the app and checked the same way', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'prod');
    deployment(chart, { flaggerSelector: false });
    new CanaryService(chart, 'checkout', { ...SPEC, workload: { existingDeployment: 'checkout' } });
    assert.match(synthError(app), /selects its pods by \{ cdk8s\.io\/metadata\.addr/);
  });

  test('a name the app does not define is deployed elsewhere: nothing to check', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'prod');
    new CanaryService(chart, 'checkout', { ...SPEC, workload: { existingDeployment: 'checkout' } });
    assert.doesNotThrow(() => app.synthYaml());
  });

  test('a construct that is not a Deployment is refused when the CanaryService is created', () => {
    const chart = new Chart(Testing.app(), 'prod');
    const service = new kplus.Service(chart, 'svc', {
      metadata: { name: 'checkout' },
      ports: [{ port: 80 }],
    });
    assert.throws(
      () => new CanaryService(chart, 'checkout', { ...SPEC, workload: { existingDeployment: service } }),
      (error: Error) => error instanceof CanarySpecError && /is not a Deployment/.test(error.message),
    );
  });
});

describe('checkExistingDeployment (the core rule, on plain manifests)', () => {
  const good = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'checkout' },
    spec: {
      selector: { matchLabels: { app: 'checkout' } },
      template: {
        metadata: { labels: { app: 'checkout' } },
        spec: { containers: [{ name: 'app', image: 'x:1', ports: [{ containerPort: 8080 }] }] },
      },
    },
  };
  const spec = { name: 'checkout', workload: { existingDeployment: 'checkout' } };

  test('a fitting Deployment has no problem', () => {
    assert.deepEqual(checkExistingDeployment(spec, good), []);
  });

  test('each missing piece is one problem on workload.existingDeployment', () => {
    const bad = {
      ...good,
      spec: {
        selector: { matchLabels: { name: 'checkout' } },
        template: { metadata: { labels: { name: 'checkout' } }, spec: { containers: [{ name: 'app' }] } },
      },
    };
    const issues = checkExistingDeployment(
      { ...spec, workload: { ...spec.workload, containerPort: 8081 } },
      bad,
    );
    assert.deepEqual(
      issues.map((i) => [i.path, i.value, i.message.split(',')[0]]),
      [
        ['workload.existingDeployment', 'checkout', 'selects its pods by { name: checkout }'],
        ['workload.existingDeployment', 'checkout', 'has pods labelled { name: checkout }'],
        ['workload.existingDeployment', 'checkout', 'declares no container port'],
      ],
    );
  });
});
