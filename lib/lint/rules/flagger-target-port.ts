import { describeObject } from '../../core/manifest';
import { asArray, asNumber, asString, dig } from '../read';
import { at, LintRule } from '../rule';

/**
 * A Flagger Canary whose target declares container ports, none of them the Canary's target port:
 * the Services Flagger creates send traffic to `spec.service.targetPort`, or to `spec.service.port`
 * when it is unset (fluxcd/flagger pkg/canary, port discovery: `TargetPort.String() == "0"` falls
 * back to `Service.Port`), so no request reaches the application. Sidecars (`istio-proxy`) are not
 * the application. A target that declares no port at all is not reported: declaring ports is
 * optional in Kubernetes. The cdk8s construct runs the same check on an existing Deployment.
 */
export const flaggerTargetPort: LintRule = {
  id: 'flagger-target-port',
  severity: 'error',
  summary: "A Canary target's containers declare ports, none of them the Canary's target port.",
  *check(model) {
    for (const canary of model.canaries) {
      const ref = describeObject({
        kind: canary.targetKind,
        metadata: { name: canary.target, namespace: canary.namespace },
      });
      const target = model.objectsByRef.get(ref);
      if (!target) continue; // flagger-target reports it
      const service = dig(canary.object.manifest, 'spec', 'service');
      const targetPort = dig(service, 'targetPort');
      const wanted = targetPort === undefined || targetPort === 0 ? dig(service, 'port') : targetPort;
      const ports = asArray(dig(target.manifest, 'spec', 'template', 'spec', 'containers'))
        .filter((container) => asString(dig(container, 'name')) !== 'istio-proxy')
        .flatMap((container) => asArray(dig(container, 'ports')));
      if (ports.length === 0 || wanted === undefined) continue;
      const matches = ports.some((port) =>
        typeof wanted === 'string'
          ? asString(dig(port, 'name')) === wanted
          : asNumber(dig(port, 'containerPort')) === asNumber(wanted),
      );
      if (matches) continue;
      const declared = ports
        .map((port) => {
          const name = asString(dig(port, 'name'));
          return `${String(dig(port, 'containerPort'))}${name ? ` (${name})` : ''}`;
        })
        .join(', ');
      yield at(
        canary.object,
        ['spec', 'service', targetPort === undefined ? 'port' : 'targetPort'],
        `${canary.object.ref} sends traffic to port ${String(wanted)} of ${ref}, whose containers declare ${declared}: no request reaches the application.`,
        `Set spec.service.targetPort to the port the container listens on, or declare that port on the container.`,
      );
    }
  },
};
