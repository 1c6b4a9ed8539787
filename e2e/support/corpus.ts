/**
 * The specs every e2e admission and Istio check runs on: the spec files of stacks/specs, the
 * example stacks of every environment (cdk8s and Pulumi), and every fixture spec of the unit tests,
 * in both modes. Each gets its own namespace so that none overwrites another.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { CanaryServiceSpec, synthesize, KubeManifest } from '../../lib';
import { loadSpecFile } from '../../lib/spec-file';
import { checkoutSpec, ENVIRONMENTS, ledgerSpec } from '../../stacks/cdk8s/environments';
import { AB_FLAGGER, FULL_FLAGGER, FULL_MESH, MINIMAL_FLAGGER, SHADOW_MESH } from '../../test/fixtures/specs';
import { REPO_ROOT } from '../cluster/paths';

/** One named spec of the corpus. */
export interface CorpusEntry {
  /** e.g. `stack:prod:checkout`. */
  readonly name: string;
  readonly spec: CanaryServiceSpec;
}

/** A DNS label from a corpus name, as a namespace. */
export function namespaceFor(name: string): string {
  return `e2e-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`.slice(0, 63).replace(/-+$/, '');
}

/** The corpus, each spec moved into its own namespace (`e2e-<name>[-<suffix>]`). */
export function corpus(suffix = ''): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  for (const env of ENVIRONMENTS) {
    entries.push({ name: `cdk8s:${env}:checkout`, spec: checkoutSpec(env) });
    entries.push({ name: `cdk8s:${env}:ledger`, spec: ledgerSpec(env) });
  }
  const specDir = join(REPO_ROOT, 'stacks', 'specs');
  for (const file of readdirSync(specDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    entries.push({
      name: `file:${file.replace(/\.yaml$/, '')}`,
      spec: loadSpecFile(join(specDir, file)).spec,
    });
  }
  for (const file of readdirSync(REPO_ROOT)
    .filter((f) => /^Pulumi\.[a-z]+\.yaml$/.test(f))
    .sort()) {
    const config = YAML.parse(readFileSync(join(REPO_ROOT, file), 'utf8')) as {
      config: Record<string, unknown>;
    };
    const spec = config.config['canary-kit:service'] as CanaryServiceSpec | undefined;
    if (spec) entries.push({ name: `pulumi:${file.split('.')[1]}`, spec });
  }
  entries.push({ name: 'fixture:minimal-flagger', spec: MINIMAL_FLAGGER });
  entries.push({ name: 'fixture:full-flagger', spec: FULL_FLAGGER });
  entries.push({ name: 'fixture:ab-flagger', spec: AB_FLAGGER });
  entries.push({ name: 'fixture:full-mesh', spec: FULL_MESH });
  entries.push({ name: 'fixture:shadow-mesh', spec: SHADOW_MESH });
  return entries.map((e) => {
    const namespace = namespaceFor(suffix ? `${e.name}-${suffix}` : e.name);
    if (!suffix || !e.spec.service?.hosts) return { name: e.name, spec: { ...e.spec, namespace } };
    // One cluster holds every entry: external hosts are made unique per entry, or Istio's analyzers
    // rightly report the same host bound to the same gateway by several VirtualServices (IST0109).
    const hosts = e.spec.service.hosts.map((h) => `${namespace}.${h}`);
    return { name: e.name, spec: { ...e.spec, namespace, service: { ...e.spec.service, hosts } } };
  });
}

/** The manifests of a corpus entry. */
export function manifestsOf(entry: CorpusEntry): KubeManifest[] {
  return synthesize(entry.spec);
}
