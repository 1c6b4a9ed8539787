/**
 * Installs the CustomResourceDefinitions that canary-kit's output needs (Istio networking and
 * security, Flagger, prometheus-operator) from imports/crds/, which `npm run gen:crds` generates from
 * ../shared/crds (hash-checked against its SOURCES.md). Nothing reads ../shared at run time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeClient, KubeObject } from '../support/kube-client';
import { CRD_DIR } from './paths';
import { sleep } from './processes';

/** The API groups installed; Argo Rollouts' CRDs are generated too but not needed by any test. */
export const INSTALLED_GROUPS = [
  'networking.istio.io',
  'security.istio.io',
  'flagger.app',
  'monitoring.coreos.com',
];

/** The generated CRDs of {@link INSTALLED_GROUPS}. */
export function loadCrds(): KubeObject[] {
  return readdirSync(CRD_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(join(CRD_DIR, file), 'utf8')) as KubeObject)
    .filter((crd) => INSTALLED_GROUPS.includes((crd.spec as { group: string }).group));
}

/** Applies the CRDs and waits until each is Established. */
export async function installCrds(client: KubeClient, timeoutMs = 60_000): Promise<string[]> {
  const crds = loadCrds();
  for (const crd of crds) await client.apply(crd, 'canary-kit-e2e', true);
  const deadline = Date.now() + timeoutMs;
  for (const crd of crds) {
    for (;;) {
      const live = await client.get(
        'apiextensions.k8s.io/v1',
        'CustomResourceDefinition',
        undefined,
        crd.metadata.name,
      );
      const conditions =
        (live?.status as { conditions?: { type: string; status: string }[] })?.conditions ?? [];
      if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) break;
      if (Date.now() > deadline) throw new Error(`CRD ${crd.metadata.name} was not Established in time`);
      await sleep(200);
    }
  }
  return crds.map((crd) => crd.metadata.name);
}
