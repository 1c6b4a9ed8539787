import { CanaryServiceSpec } from '../../spec';
import { DEFAULT_MODE } from '../../defaults';
import { isDnsSubdomain, isLowercaseHeaderName, matchesFormat } from '../formats';
import { FORMATS } from '../patterns';
import { IssueCollector, join } from '../issues';
import { checkSpecNumber } from './numbers';

/** The Service port, gateways, hosts, delegation and response headers. */
export function checkService(spec: CanaryServiceSpec, issues: IssueCollector): void {
  const service = spec.service;
  if (!service) return;
  const mode = spec.mode ?? DEFAULT_MODE;
  checkSpecNumber('service.port', service.port, 'ServiceSpec.port', issues);
  (service.gateways ?? []).forEach((gateway, index) => {
    if (typeof gateway === 'string' && !matchesFormat(FORMATS.gatewayRef, gateway)) {
      issues.add(
        join('service.gateways', index),
        gateway,
        "is not a gateway reference. Use 'namespace/name' or 'name'.",
      );
    }
  });
  if (service.includeMesh === false && (service.gateways ?? []).length === 0) {
    issues.add(
      'service.includeMesh',
      false,
      'without service.gateways leaves the VirtualService bound to nothing. Remove includeMesh or add a gateway.',
    );
  }
  (service.hosts ?? []).forEach((host, index) => {
    if (typeof host !== 'string') return;
    if (matchesFormat(FORMATS.routeHost, host)) return;
    const bare = host.startsWith('*.') ? host.slice(2) : host;
    if (!isDnsSubdomain(bare)) {
      issues.add(
        join('service.hosts', index),
        host,
        'is not a DNS name. Use e.g. shop.example.com or *.example.com.',
      );
    } else {
      issues.add(
        join('service.hosts', index),
        host,
        'is a short name; the service name is always routed. List only extra, fully qualified hosts.',
      );
    }
  });
  if (service.delegation === true && mode === 'mesh') {
    issues.add(
      'service.delegation',
      true,
      'is a flagger-mode option (Flagger VirtualService as a delegate). In mesh mode canary-kit owns the VirtualService: remove it.',
    );
  }
  for (const name of Object.keys(service.responseHeaders ?? {})) {
    if (!isLowercaseHeaderName(name)) {
      issues.add(
        join('service.responseHeaders', name),
        name,
        `is not a valid lowercase header name. Use '${name.toLowerCase()}'.`,
      );
    }
    // Istio refuses to modify Host in response headers (istio/istio pkg/config/validation,
    // ValidateHTTPHeaderOperationName: "cannot set Host header").
    if (name === 'host') {
      issues.add(
        join('service.responseHeaders', name),
        name,
        'cannot be set: Istio refuses to modify the Host header. Use another header name.',
      );
    }
    // Istio's ValidateHTTPHeaderValue (same file) refuses control characters other than tab.
    const value = service.responseHeaders?.[name];
    if (typeof value === 'string' && !matchesFormat(FORMATS.headerValue, value)) {
      issues.add(
        join('service.responseHeaders', name),
        value,
        'contains a control character (a line break?); Istio refuses header values with control characters. Remove it.',
      );
    }
  }
}
