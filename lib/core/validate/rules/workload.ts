import { CanaryServiceSpec } from '../../spec';
import { DEFAULT_MODE, DEFAULT_MIN_REPLICAS } from '../../defaults';
import { isDnsSubdomain, isQuantity, matchesFormat } from '../formats';
import { FORMATS } from '../patterns';
import { IssueCollector, join } from '../issues';
import { isWellFormedImage, mutableImageProblem } from './image';
import { checkSpecNumber } from './numbers';

function checkImage(path: string, image: string, allowMutable: boolean, issues: IssueCollector): void {
  if (!isWellFormedImage(image)) {
    issues.add(path, image, 'is not a valid image reference. Use registry/repository:tag or @sha256:digest.');
    return;
  }
  const mutable = mutableImageProblem(image);
  if (mutable && !allowMutable) {
    issues.add(
      path,
      image,
      `${mutable}: a rollback would redeploy whatever the tag points at now, and Flagger cannot see a new version behind the same tag. Pin a version tag or a digest, or set workload.allowMutableImageTag: true.`,
    );
  }
}

/** The workload: image or existing Deployment, ports, replicas, resources, probes, env, security. */
export function checkWorkload(spec: CanaryServiceSpec, issues: IssueCollector): void {
  const workload = spec.workload;
  if (workload === undefined || workload === null) return;
  const mode = spec.mode ?? DEFAULT_MODE;
  const allowMutable = workload.allowMutableImageTag === true;
  if (workload.existingDeployment !== undefined) {
    if (mode === 'mesh') {
      issues.add(
        'workload.existingDeployment',
        workload.existingDeployment,
        'is only supported in flagger mode; mesh mode renders both the stable and the canary Deployment. Remove it or set mode: flagger.',
      );
    } else if (workload.existingDeployment !== spec.name) {
      issues.add(
        'workload.existingDeployment',
        workload.existingDeployment,
        `must be named like the service ('${spec.name}'): Flagger's target Deployment gives the apex Service its name, and its pods must carry the label app: ${spec.name} with selector { app: ${spec.name} } (cdk8s-plus's default selector label 'cdk8s.io/metadata.addr' cannot be used by Flagger).`,
      );
    }
    for (const field of [
      'image',
      'canaryImage',
      'replicas',
      'autoscaling',
      'resources',
      'probes',
      'env',
      'security',
    ] as const) {
      if (workload[field] !== undefined) {
        issues.add(
          join('workload', field),
          workload[field],
          'has no effect with workload.existingDeployment: the existing Deployment defines it. Remove it.',
        );
      }
    }
  } else if (workload.image === undefined) {
    issues.add(
      'workload.image',
      undefined,
      'is required unless workload.existingDeployment is set. Give an image with an immutable tag, e.g. ghcr.io/acme/checkout:1.4.2.',
    );
  }
  if (typeof workload.image === 'string') checkImage('workload.image', workload.image, allowMutable, issues);
  if (typeof workload.canaryImage === 'string') {
    if (mode !== 'mesh') {
      issues.add(
        'workload.canaryImage',
        workload.canaryImage,
        'is only used in mesh mode. In flagger mode, change workload.image: Flagger detects the new version and runs the canary.',
      );
    } else checkImage('workload.canaryImage', workload.canaryImage, allowMutable, issues);
  }
  checkSpecNumber('workload.containerPort', workload.containerPort, 'WorkloadSpec.containerPort', issues);
  checkSpecNumber('workload.replicas', workload.replicas, 'WorkloadSpec.replicas', issues);
  checkSpecNumber('workload.canaryReplicas', workload.canaryReplicas, 'WorkloadSpec.canaryReplicas', issues);
  if (workload.canaryReplicas !== undefined && mode !== 'mesh') {
    issues.add(
      'workload.canaryReplicas',
      workload.canaryReplicas,
      'is only used in mesh mode; Flagger scales its canary like the target. Remove it.',
    );
  }
  const autoscaling = workload.autoscaling;
  if (autoscaling) {
    checkSpecNumber(
      'workload.autoscaling.minReplicas',
      autoscaling.minReplicas,
      'AutoscalingSpec.minReplicas',
      issues,
    );
    checkSpecNumber(
      'workload.autoscaling.maxReplicas',
      autoscaling.maxReplicas,
      'AutoscalingSpec.maxReplicas',
      issues,
    );
    checkSpecNumber(
      'workload.autoscaling.targetCpuUtilization',
      autoscaling.targetCpuUtilization,
      'AutoscalingSpec.targetCpuUtilization',
      issues,
    );
    const min = autoscaling.minReplicas ?? DEFAULT_MIN_REPLICAS;
    if (typeof autoscaling.maxReplicas === 'number' && autoscaling.maxReplicas < min) {
      issues.add(
        'workload.autoscaling.maxReplicas',
        autoscaling.maxReplicas,
        `is below minReplicas (${min}). Raise maxReplicas or lower minReplicas.`,
      );
    }
    if (workload.replicas !== undefined) {
      issues.add(
        'workload.replicas',
        workload.replicas,
        'conflicts with workload.autoscaling: the HorizontalPodAutoscaler owns the replica count. Remove replicas.',
      );
    }
  }
  for (const section of ['requests', 'limits'] as const) {
    for (const [resource, quantity] of Object.entries(workload.resources?.[section] ?? {})) {
      if (typeof quantity === 'string' && !isQuantity(quantity)) {
        issues.add(
          `workload.resources.${section}.${resource}`,
          quantity,
          'is not a Kubernetes quantity. Use e.g. "250m" or "1" for CPU and "256Mi" for memory.',
        );
      }
    }
  }
  for (const field of ['readinessPath', 'livenessPath'] as const) {
    const path = workload.probes?.[field];
    if (typeof path === 'string' && !matchesFormat(FORMATS.absolutePath, path)) {
      issues.add(`workload.probes.${field}`, path, `must be an absolute path. Did you mean '/${path}'?`);
    }
  }
  checkSpecNumber(
    'workload.probes.initialDelaySeconds',
    workload.probes?.initialDelaySeconds,
    'ProbesSpec.initialDelaySeconds',
    issues,
  );
  if (
    typeof workload.metricsPath === 'string' &&
    !matchesFormat(FORMATS.absolutePath, workload.metricsPath)
  ) {
    issues.add(
      'workload.metricsPath',
      workload.metricsPath,
      `must be an absolute path. Did you mean '/${workload.metricsPath}'?`,
    );
  }
  for (const name of Object.keys(workload.env ?? {})) {
    if (!matchesFormat(FORMATS.envName, name)) {
      issues.add(
        join('workload.env', name),
        name,
        'is not a valid environment variable name. Use letters, digits, "_", "-" and ".".',
      );
    }
  }
  checkSpecNumber(
    'workload.security.runAsUser',
    workload.security?.runAsUser,
    'SecuritySpec.runAsUser',
    issues,
    'UID 0 is root; pods run as non-root.',
  );
  if (workload.existingDeployment !== undefined && !isDnsSubdomain(String(workload.existingDeployment))) {
    issues.add('workload.existingDeployment', workload.existingDeployment, 'is not a valid Deployment name.');
  }
}
