import { clusterLocalService } from '../lint/hosts';
import { LintModel } from '../lint/model';
import { SimulateError } from './types';

/** The host a request is sent to, resolved the way a client's DNS search path resolves it. */
export interface RequestHost {
  /** The resolved host: a cluster-local FQDN, or the name as given. */
  readonly host: string;
  /** The host as given (the request's `:authority`), without the port. */
  readonly authority: string;
  /** The port given with the host, if any. */
  readonly port?: number;
}

function knownHosts(model: LintModel): string[] {
  return [...new Set([...model.servicesByHost.keys(), ...model.virtualServicesByHost.keys()])].sort();
}

/**
 * Resolves `--host`: `checkout` (the namespace is found in the tree; ambiguous names are an error),
 * `checkout.shop` and `checkout.shop.svc` (expanded as DNS would), a FQDN or an external name as is;
 * `:port` is split off.
 */
export function resolveRequestHost(model: LintModel, given: string): RequestHost {
  const portMatch = /^(.*):([0-9]+)$/.exec(given.trim());
  const authority = (portMatch ? portMatch[1] : given.trim()).toLowerCase();
  const port = portMatch ? Number(portMatch[2]) : undefined;
  const withPort = (host: string): RequestHost => ({
    host,
    authority,
    ...(port === undefined ? {} : { port }),
  });
  if (authority === '')
    throw new SimulateError(`--host is empty; give a host such as checkout or checkout.shop.`);
  const hosts = knownHosts(model);
  if (!authority.includes('.')) {
    const matches = hosts.filter((h) => clusterLocalService(h, model.domain)?.name === authority);
    if (matches.length > 1) {
      const namespaces = matches.map((h) => clusterLocalService(h, model.domain)?.namespace);
      throw new SimulateError(
        `host '${authority}' exists in several namespaces (${namespaces.join(', ')}); give --host ${authority}.<namespace>, e.g. ${authority}.${namespaces[0]}.`,
      );
    }
    return withPort(matches[0] ?? authority);
  }
  const parts = authority.split('.');
  if (parts.length === 2 || (parts.length === 3 && parts[2] === 'svc')) {
    const fqdn = `${parts[0]}.${parts[1]}.svc.${model.domain}`;
    if (hosts.includes(fqdn)) return withPort(fqdn);
  }
  return withPort(authority);
}
