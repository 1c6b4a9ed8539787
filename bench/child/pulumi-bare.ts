import type * as k8sTypes from '@pulumi/kubernetes';
import type { CustomResource } from '@pulumi/pulumi';
import { KubeManifest } from '../../lib';
import { readPrerendered } from '../fixtures/prerendered';
import { BarePulumiParams } from './params';
import { runChild } from './protocol';
import { installCountingMocks } from './pulumi-mocks';

/** What a hand-written Pulumi program does with one manifest: its typed class, or a CustomResource. */
function register(k8s: typeof k8sTypes, name: string, manifest: KubeManifest): CustomResource {
  const { apiVersion, kind, ...fields } = manifest;
  // The wire-format fields are the typed args: Pulumi's Kubernetes args use the same OpenAPI names.
  const args = <T>(): T => fields as unknown as T;
  switch (`${apiVersion} ${kind}`) {
    case 'apps/v1 Deployment':
      return new k8s.apps.v1.Deployment(name, args<k8sTypes.apps.v1.DeploymentArgs>());
    case 'v1 Service':
      return new k8s.core.v1.Service(name, args<k8sTypes.core.v1.ServiceArgs>());
    case 'v1 ConfigMap':
      return new k8s.core.v1.ConfigMap(name, args<k8sTypes.core.v1.ConfigMapArgs>());
    case 'autoscaling/v2 HorizontalPodAutoscaler':
      return new k8s.autoscaling.v2.HorizontalPodAutoscaler(
        name,
        args<k8sTypes.autoscaling.v2.HorizontalPodAutoscalerArgs>(),
      );
    default:
      return new k8s.apiextensions.CustomResource(name, { apiVersion, kind, ...fields });
  }
}

// Bare Pulumi: the same objects (pre-rendered, read before timing) registered with the same
// resource classes and names as the component, but without it: no component, no spec validation,
// no dependsOn or ignoreChanges. The work ends when the mock engine has registered every object.
runChild<BarePulumiParams>(async ({ input }) => {
  const data = readPrerendered(input);
  const mocks = await installCountingMocks();
  const k8s = await import('@pulumi/kubernetes');
  return async () => {
    let objects = 0;
    for (const service of data.services) {
      for (const { id, manifest } of service.resources) {
        register(k8s, `${service.name}-${id}`, manifest);
        objects++;
      }
    }
    await mocks.whenRegistered(objects);
    return { objects };
  };
});
