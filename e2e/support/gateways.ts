/**
 * Istio ingress Gateways as a cluster with Istio has them. canary-kit's output and the lint fixtures
 * name gateways (`namespace/name`) that live outside them; without the Gateway, istioctl reports
 * IST0101 "Referenced gateway not found" and IST0132 for every host.
 */
import { KubeObject } from './kube-client';

/** A Gateway `namespace/name` that accepts every host on port 80. */
export function ingressGateway(ref: string): KubeObject {
  const [namespace, name] = ref.split('/');
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace },
    spec: {
      selector: { istio: 'ingressgateway' },
      servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*/*'] }],
    },
  };
}

/** `namespace/name` of a gateway reference; a bare name is in the referring object's namespace. */
export function gatewayRef(gateway: string, namespace: string): string {
  return gateway.includes('/') ? gateway : `${namespace}/${gateway}`;
}
