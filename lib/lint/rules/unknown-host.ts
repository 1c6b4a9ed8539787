import { hostMatches, isClusterLocal } from '../hosts';
import { LintModel } from '../model';
import { at, LintRule } from '../rule';
import { destinationsOf } from './subset-undefined';

/** True when a Service (of the tree or one Flagger creates) or a ServiceEntry declares the host. */
export function hostInTree(model: LintModel, host: string): boolean {
  return (
    model.servicesByHost.has(host) || model.serviceEntryHosts.some((pattern) => hostMatches(pattern, host))
  );
}

/**
 * A destination host that the tree does not define (no Service, no ServiceEntry, nothing Flagger
 * creates) and that is not an external FQDN: often a typo, or a Service that lives elsewhere. A
 * warning (it fails `--strict`): when the host does not exist, every request routed there fails.
 */
export const unknownHost: LintRule = {
  id: 'unknown-host',
  severity: 'warning',
  summary:
    'A destination host is not defined in the linted files (no Service or ServiceEntry) and is not an external FQDN.',
  *check(model) {
    for (const vs of model.virtualServices) {
      const object = vs.object;
      if (!object) continue;
      const reported = new Set<string>();
      for (const { destination: d, path } of destinationsOf(model, vs)) {
        if (!isClusterLocal(d.host, model.domain) || hostInTree(model, d.host) || reported.has(d.host))
          continue;
        reported.add(d.host);
        yield at(
          object,
          [...path, 'host'],
          `host ${d.rawHost} (${d.host}) is not defined in the linted files (no Service or ServiceEntry); if it does not exist in the cluster, requests routed to it fail with 503.`,
          `Check the name; if the Service lives in another repository, lint the trees together; if it exists outside them, silence this object with canary-kit.dev/lint-ignore: unknown-host.`,
        );
      }
    }
  },
};
