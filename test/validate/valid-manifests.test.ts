import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { synthesize } from '../../lib';
import { loadManifests } from '../../lib/manifests/load';
import { validateManifests } from '../../lib/validate';
import { FULL_FLAGGER, FULL_MESH, MINIMAL_FLAGGER } from '../fixtures/specs';
import { fixture } from './fixtures';

describe('validateManifests on correct manifests', () => {
  test('hand-written Istio, Flagger, prometheus-operator, Argo and core objects have no findings', () => {
    const loaded = loadManifests([fixture('valid')]);
    assert.deepEqual(loaded.problems, []);
    const kinds = new Set(loaded.manifests.map((m) => `${m.manifest.apiVersion} ${m.manifest.kind}`));
    for (const kind of [
      'networking.istio.io/v1 VirtualService',
      'networking.istio.io/v1beta1 DestinationRule',
      'networking.istio.io/v1alpha3 Gateway',
      'security.istio.io/v1 PeerAuthentication',
      'flagger.app/v1beta1 Canary',
      'flagger.app/v1beta1 MetricTemplate',
      'flagger.app/v1beta1 AlertProvider',
      'monitoring.coreos.com/v1 PrometheusRule',
      'monitoring.coreos.com/v1 ServiceMonitor',
      'argoproj.io/v1alpha1 Rollout',
      'argoproj.io/v1alpha1 AnalysisTemplate',
      'apps/v1 Deployment',
      'v1 Service',
      'v1 ConfigMap',
      'v1 Namespace',
      'v1 ServiceAccount',
      'autoscaling/v2 HorizontalPodAutoscaler',
      'rbac.authorization.k8s.io/v1 Role',
      'rbac.authorization.k8s.io/v1 RoleBinding',
      'batch/v1 CronJob',
      'batch/v1 Job',
      'policy/v1 PodDisruptionBudget',
    ]) {
      assert.ok(kinds.has(kind), `fixture lacks ${kind}`);
    }
    assert.deepEqual(validateManifests(loaded.manifests.map((m) => m.manifest)), []);
  });

  test('what canary-kit synthesizes for the example specs is clean', () => {
    for (const spec of [MINIMAL_FLAGGER, FULL_FLAGGER, FULL_MESH]) {
      assert.deepEqual(validateManifests(synthesize(spec)), [], `spec ${spec.name}`);
    }
  });

  test('the committed golden output is clean', () => {
    const loaded = loadManifests([resolve(process.cwd(), 'test/golden')]);
    assert.deepEqual(loaded.problems, []);
    assert.ok(loaded.manifests.length > 0);
    assert.deepEqual(validateManifests(loaded.manifests.map((m) => m.manifest)), []);
  });
});
