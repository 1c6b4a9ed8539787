import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { CanaryService, KubernetesSettings, readStackSettings } from '../../lib/pulumi';

/** What `pulumi stack output` shows for a stack. */
export interface CanaryStackOutputs {
  /** Who owns routing: `flagger` or `mesh`. */
  readonly mode: string;
  /** Namespace of every object. */
  readonly namespace: pulumi.Output<string>;
  /** The apex Service callers use. */
  readonly apexServiceName: string;
  /** The in-cluster host whose traffic is split. */
  readonly host: pulumi.Output<string>;
  /** The host of canary pods only (`flagger` mode); undefined in `mesh` mode. */
  readonly canaryHost: pulumi.Output<string | undefined>;
  /** Every object as `Kind namespace/name`, by stable id. */
  readonly objectNames: pulumi.Output<Readonly<Record<string, string>>>;
  /** The directory the YAML was rendered to, when the stack renders instead of applying. */
  readonly renderedTo: string | undefined;
}

/** The explicit provider's arguments: only the settings given, so the rest keep their defaults. */
export function providerArgs(settings: KubernetesSettings): k8s.ProviderArgs {
  return {
    ...(settings.context ? { context: settings.context } : {}),
    ...(settings.namespace ? { namespace: settings.namespace } : {}),
    ...(settings.renderYamlToDirectory ? { renderYamlToDirectory: settings.renderYamlToDirectory } : {}),
  };
}

/**
 * The Pulumi program: reads and validates the stack's config (nothing is created when it is
 * invalid), then creates one explicit Kubernetes provider and one CanaryService that uses it.
 */
export function canaryStack(
  config: pulumi.Config = new pulumi.Config(),
  stack: string = pulumi.getStack(),
): CanaryStackOutputs {
  const { spec, kubernetes } = readStackSettings(config, stack);
  const provider = new k8s.Provider('kubernetes', providerArgs(kubernetes));
  const service = new CanaryService(spec.name, spec, { provider });
  return {
    mode: service.mode,
    namespace: service.namespace,
    apexServiceName: service.apexServiceName,
    host: service.host,
    canaryHost: service.canaryHost,
    objectNames: service.objectNames,
    renderedTo: kubernetes.renderYamlToDirectory,
  };
}
