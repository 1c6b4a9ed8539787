import { serviceHost } from '../hosts';
import { LintModel, ModelObject } from '../model';
import { PathSegment } from '../path';
import { at, LintRule, RuleFinding } from '../rule';
import { destinationsOf } from './subset-undefined';

const TWO_LABELS = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\.[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function looksLikeServiceDotNamespace(model: LintModel, raw: string): boolean {
  if (!TWO_LABELS.test(raw)) return false;
  const [name, ns] = raw.split('.');
  return model.namespaces.has(ns) || model.servicesByHost.has(serviceHost(name, ns, model.domain));
}

function finding(
  model: LintModel,
  object: ModelObject,
  path: readonly PathSegment[],
  raw: string,
): RuleFinding {
  const [name, ns] = raw.split('.');
  return at(
    object,
    path,
    `host "${raw}" looks like <service>.<namespace>, but Istio expands only names without a dot: it does not mean ${serviceHost(name, ns, model.domain)} and matches no Service.`,
    `Write "${serviceHost(name, ns, model.domain)}" (or just "${name}" from an object in namespace ${ns}).`,
  );
}

/**
 * Hosts written as `<service>.<namespace>` in VirtualServices and DestinationRules. DNS resolves
 * that form for clients, but Istio takes any host with a dot as a FQDN (istio/istio
 * `ResolveShortnameToFQDN`), so the rule silently applies to nothing.
 */
export const hostDottedShortName: LintRule = {
  id: 'host-dotted-short-name',
  severity: 'warning',
  summary: 'A host is written <service>.<namespace>: Istio does not expand it, so it matches no Service.',
  *check(model) {
    for (const vs of model.virtualServices) {
      const object = vs.object;
      if (!object) continue;
      for (const h of vs.hosts) {
        if (looksLikeServiceDotNamespace(model, h.raw))
          yield finding(model, object, ['spec', 'hosts', h.index], h.raw);
      }
      for (const { destination: d, path } of destinationsOf(model, vs)) {
        if (looksLikeServiceDotNamespace(model, d.rawHost))
          yield finding(model, object, [...path, 'host'], d.rawHost);
      }
    }
    for (const rule of model.destinationRules) {
      if (rule.object && looksLikeServiceDotNamespace(model, rule.rawHost)) {
        yield finding(model, rule.object, ['spec', 'host'], rule.rawHost);
      }
    }
  },
};
