import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KubeManifest } from '../../lib/core/manifest';
import { parseManifestText } from '../../lib/manifests/load';
import { ManifestFinding, validateManifests } from '../../lib/validate';

/** Findings as `path: code: message` lines, for compact assertions. */
function lines(findings: readonly ManifestFinding[]): string[] {
  return findings.map((f) => `${f.object}: ${f.path}: ${f.severity} ${f.code}: ${f.message}`);
}

function deployment(
  spec: Record<string, unknown>,
  metadata: Record<string, unknown> = { name: 'web' },
): KubeManifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata as unknown as KubeManifest['metadata'],
    spec,
  };
}

const POD = {
  selector: { matchLabels: { app: 'web' } },
  template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
};

describe('built-in kinds (kubernetes-models)', () => {
  test('unknown fields are reported at any depth, with a suggestion', () => {
    const findings = validateManifests([
      deployment({
        ...POD,
        replica: 2,
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80, protocl: 'TCP' }] }],
          },
        },
      }),
    ]);
    assert.deepEqual(lines(findings), [
      "Deployment web: spec.template.spec.containers[0].ports[0].protocl: error unknown-field: unknown field 'protocl' (the API server would prune it silently); did you mean 'protocol'?",
      "Deployment web: spec.replica: error unknown-field: unknown field 'replica' (the API server would prune it silently); did you mean 'replicas'?",
    ]);
  });

  test('maps (labels, resources, data) and free-form fields are not reported as unknown', () => {
    const findings = validateManifests([
      deployment(
        {
          ...POD,
          template: {
            ...POD.template,
            spec: {
              containers: [
                { name: 'web', image: 'nginx', resources: { limits: { cpu: '1', 'nvidia.com/gpu': 1 } } },
              ],
            },
          },
        },
        {
          name: 'web',
          labels: { 'app.kubernetes.io/name': 'web' },
          managedFields: [
            { manager: 'kubectl', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
          ],
        },
      ),
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c' },
        data: { anything: 'x', 'key.with.dots': 'y' },
      },
    ]);
    assert.deepEqual(findings, []);
  });

  test('wrong types, bad enums and bad quantities have plain messages, in document order', () => {
    const findings = validateManifests([
      deployment({
        ...POD,
        replicas: '2',
        strategy: { rollingUpdate: { maxSurge: true } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'web',
                image: 'nginx',
                imagePullPolicy: 'Sometimes',
                resources: { limits: { cpu: 'lots' } },
              },
            ],
          },
        },
      }),
    ]);
    assert.deepEqual(lines(findings), [
      'Deployment web: spec.template.spec.containers[0].imagePullPolicy: error invalid-value: "Sometimes" is not an allowed value; use one of: "Always", "IfNotPresent", "Never"',
      'Deployment web: spec.template.spec.containers[0].resources.limits.cpu: error wrong-type: expected a quantity such as 500m, 2, 1.5Gi or 512Mi, got string "lots"',
      'Deployment web: spec.replicas: error wrong-type: expected an integer, got string "2" (remove the quotes: YAML reads a quoted number as a string)',
      'Deployment web: spec.strategy.rollingUpdate.maxSurge: error wrong-type: expected a string or an integer, got boolean true',
    ]);
  });

  test('YAML 1.1 booleans are read the way kubectl reads them, so `value: on` is caught', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: flags',
      'data:',
      '  FEATURE_X: on',
      '  MODE: "on"',
    ].join('\n');
    const loaded = parseManifestText(text, 'flags.yaml');
    assert.deepEqual(validateManifests(loaded.manifests.map((m) => m.manifest)), [
      {
        object: 'ConfigMap flags',
        path: 'data.FEATURE_X',
        message:
          'expected a string, got boolean true (quote it: "true"; YAML reads unquoted yes/no/on/off/true and numbers as non-strings)',
        severity: 'error',
        code: 'wrong-type',
        file: 'flags.yaml',
        line: 6,
      },
    ]);
  });

  test('null in a built-in object means "not set", as Kubernetes decodes it', () => {
    assert.deepEqual(
      validateManifests([deployment({ ...POD, replicas: null }, { name: 'web', creationTimestamp: null })]),
      [],
    );
  });

  test('names follow the rules of the kind; labels and annotations are checked', () => {
    const findings = validateManifests([
      { apiVersion: 'v1', kind: 'Service', metadata: { name: '1web' }, spec: { ports: [{ port: 80 }] } },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'system:reader' },
      },
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { namespace: 'Prod' } as KubeManifest['metadata'],
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'c',
          labels: { 'team name': 'x', version: 'not valid!' },
          annotations: { 'Example.com/a': 'x' },
        },
      },
    ]);
    assert.deepEqual(lines(findings), [
      `Service 1web: metadata.name: error invalid-name: name "1web" is not a DNS-1035 label: use lowercase letters, digits and '-', starting with a letter and ending with a letter or digit`,
      `ServiceAccount Prod/(no name): metadata.namespace: error invalid-name: namespace "Prod" is not a DNS-1123 label: use lowercase letters, digits and '-', starting and ending with a letter or digit`,
      `ServiceAccount Prod/(no name): metadata.name: error invalid-name: missing required field 'name'`,
      `ConfigMap c: metadata.labels["team name"]: error invalid-metadata: label key "team name" is invalid: the name part must be 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`,
      `ConfigMap c: metadata.labels.version: error invalid-metadata: label value "not valid!" is invalid: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (or empty)`,
      `ConfigMap c: metadata.annotations["Example.com/a"]: error invalid-metadata: annotation key "Example.com/a" has an invalid prefix: it must be a lowercase DNS subdomain such as example.com`,
    ]);
  });

  test('removed and unserved apiVersions are errors; unknown kinds are warnings', () => {
    const findings = validateManifests([
      { apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'i' } },
      { apiVersion: 'autoscaling/v2beta2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' } },
      { apiVersion: 'networking.istio.io/v1alpha2', kind: 'VirtualService', metadata: { name: 'v' } },
      { apiVersion: 'apps/v2', kind: 'Deployment', metadata: { name: 'd' } },
      { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 's' } },
      { apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 't' } },
    ]);
    assert.deepEqual(lines(findings), [
      'Ingress i: apiVersion: error unserved-api-version: extensions/v1beta1 Ingress is no longer served (removed in Kubernetes 1.16 (Ingress: 1.22)); use apiVersion: networking.k8s.io/v1',
      'HorizontalPodAutoscaler h: apiVersion: error unserved-api-version: autoscaling/v2beta2 HorizontalPodAutoscaler is no longer served (removed in Kubernetes 1.26); use apiVersion: autoscaling/v2',
      'VirtualService v: apiVersion: error unserved-api-version: networking.istio.io/v1alpha2 does not serve VirtualService; its CRD serves networking.istio.io/v1, networking.istio.io/v1alpha3 or networking.istio.io/v1beta1 (istio 1.30.3)',
      'Deployment d: apiVersion: error unserved-api-version: apps/v2 does not serve Deployment; use apiVersion: apps/v1',
      'ServiceEntry s: : warning no-schema: no schema for networking.istio.io/v1 ServiceEntry, so it was not validated: canary-kit knows the built-in Kubernetes kinds and the Istio, Flagger, prometheus-operator and Argo Rollouts CRDs',
      "Deploymnet t: : warning no-schema: no schema for apps/v1 Deploymnet, so it was not validated: the built-in API group apps has no kind 'Deploymnet' in kubernetes-models (check the spelling)",
    ]);
  });

  test('custom resources get their metadata checked as ObjectMeta too', () => {
    const findings = validateManifests([
      {
        apiVersion: 'flagger.app/v1beta1',
        kind: 'MetricTemplate',
        metadata: { name: 'latency', labelz: { a: 'b' } } as KubeManifest['metadata'],
        spec: { provider: { type: 'prometheus' }, query: 'up' },
      },
    ]);
    assert.deepEqual(lines(findings), [
      "MetricTemplate latency: metadata.labelz: error unknown-field: unknown field 'labelz' (the API server would prune it silently); did you mean 'labels'?",
    ]);
  });
});
