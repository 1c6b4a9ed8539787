import * as pulumi from '@pulumi/pulumi';
import { CanarySpecError, formatIssue, SpecIssue } from '../core/errors';
import { CanaryServiceSpec } from '../core/spec';
import { validate } from '../core/validate';

/** Config key (in the project's namespace) of the CanaryService spec, e.g. `canary-kit:service`. */
export const SERVICE_KEY = 'service';
/** Config key of the Kubernetes provider settings, e.g. `canary-kit:kubernetes`. */
export const KUBERNETES_KEY = 'kubernetes';

/** Where and how the stack's objects are applied: the explicit Kubernetes provider's settings. */
export interface KubernetesSettings {
  /**
   * Context of the kubeconfig to deploy to (the kubeconfig is `$KUBECONFIG` or `~/.kube/config`).
   * @default - the kubeconfig's current context
   */
  readonly context?: string;
  /**
   * Namespace of every object. Fills the spec's `namespace` when the spec has none; when both
   * are set they must agree (canary-kit writes `metadata.namespace` on every object, which wins
   * over a provider's default namespace).
   * @default - the spec's `namespace`
   */
  readonly namespace?: string;
  /**
   * Write the manifests as YAML under this directory instead of applying them: no cluster is
   * contacted. For previews in pull requests; use a stack of its own.
   * @default - apply to the cluster
   */
  readonly renderYamlToDirectory?: string;
}

/** A stack's validated settings: the spec to deploy and the provider settings. */
export interface StackSettings {
  /** The CanaryService spec, with the provider's namespace filled in. */
  readonly spec: CanaryServiceSpec;
  /** The Kubernetes provider settings. */
  readonly kubernetes: KubernetesSettings;
}

const KUBERNETES_FIELDS: ReadonlyArray<keyof KubernetesSettings> = [
  'context',
  'namespace',
  'renderYamlToDirectory',
];

/** Reads one structured config value; a value that is not JSON (a plain string) is returned as is. */
function readStructured(config: pulumi.Config, key: string): unknown {
  const raw = config.get(key);
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkKubernetes(key: string, value: unknown, issues: SpecIssue[]): KubernetesSettings {
  if (value === undefined) return {};
  if (!isObject(value)) {
    issues.push({
      path: key,
      value,
      message: `must be an object with any of: ${KUBERNETES_FIELDS.join(', ')}.`,
    });
    return {};
  }
  for (const [field, fieldValue] of Object.entries(value)) {
    if (!(KUBERNETES_FIELDS as readonly string[]).includes(field)) {
      issues.push({
        path: `${key}.${field}`,
        value: fieldValue,
        message: `is not a known field. Known fields: ${KUBERNETES_FIELDS.join(', ')}.`,
      });
    } else if (typeof fieldValue !== 'string' || fieldValue.trim() === '') {
      issues.push({ path: `${key}.${field}`, value: fieldValue, message: 'must be a non-empty string.' });
    }
  }
  return value as KubernetesSettings;
}

/**
 * Reads `<project>:service` and `<project>:kubernetes` from the stack's config and validates them
 * all at once: the spec with the core's validator, so that a bad value in `Pulumi.<stack>.yaml`
 * yields the core's path-and-fix message. Throws `pulumi.RunError` (shown without a stack trace)
 * naming the stack file, each config key and every problem. Call it before creating any resource,
 * so that a bad value creates nothing:
 *
 * ```ts
 * const { spec, kubernetes } = readStackSettings(new pulumi.Config(), pulumi.getStack());
 * ```
 *
 * `config`'s namespace is the project name (or the one given to `new pulumi.Config(name)`); the
 * keys are `SERVICE_KEY` and `KUBERNETES_KEY` in it. `config` defaults to the project's config and
 * `stack` to the selected stack.
 */
export function readStackSettings(
  config: pulumi.Config = new pulumi.Config(),
  stack: string = pulumi.getStack(),
): StackSettings {
  const file = `Pulumi.${stack}.yaml`;
  const serviceKey = `${config.name}:${SERVICE_KEY}`;
  const kubernetesKey = `${config.name}:${KUBERNETES_KEY}`;
  const kubernetesIssues: SpecIssue[] = [];
  const kubernetes = checkKubernetes(kubernetesKey, readStructured(config, KUBERNETES_KEY), kubernetesIssues);

  const rawSpec = readStructured(config, SERVICE_KEY);
  if (rawSpec === undefined) {
    throw new pulumi.RunError(
      `${file}: config '${serviceKey}' is missing. Add the CanaryService spec under config: ${serviceKey} ` +
        `(see docs/pulumi.md), or select another stack with 'pulumi stack select'.`,
    );
  }
  let spec = rawSpec as CanaryServiceSpec;
  if (isObject(rawSpec) && typeof kubernetes.namespace === 'string') {
    if (rawSpec.namespace === undefined) spec = { ...spec, namespace: kubernetes.namespace };
    else if (rawSpec.namespace !== kubernetes.namespace) {
      kubernetesIssues.push({
        path: `${kubernetesKey}.namespace`,
        value: kubernetes.namespace,
        message:
          `disagrees with ${serviceKey}.namespace '${String(rawSpec.namespace)}': every object is written ` +
          `to the spec's namespace. Set the namespace in one place only.`,
      });
    }
  }
  const specIssues = validate(spec);
  if (kubernetesIssues.length === 0 && specIssues.length === 0) return { spec, kubernetes };

  const sections = [
    `Invalid stack config in ${file}:`,
    ...kubernetesIssues.map((i) => `  - ${formatIssue(i)}`),
  ];
  if (specIssues.length > 0) {
    const name = isObject(spec) && typeof spec.name === 'string' ? spec.name : '(unnamed)';
    sections.push(`${serviceKey}: ${new CanarySpecError(name, specIssues).message}`);
  }
  throw new pulumi.RunError(sections.join('\n'));
}
