/**
 * `canary-kit lint` and the real `istioctl analyze` judge the lint fixtures (test/fixtures/lint/rules:
 * a `fires.yaml` and a `near-miss.yaml` per rule) the same way wherever both have a check for the
 * case. docs/lint.md ("Istio's analyzers") lists the pairs; the table below is that list, and the
 * test fails when either side reports a case the other does not.
 *
 * Agreement, per fixture and per pair: the objects lint reports under the rule are among the objects
 * istioctl reports under the codes, and neither reports without the other. Istio reports some cases
 * on both objects of a pair (IST0109 on both VirtualServices) where lint reports the second.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { load as loadYaml, loadAll } from 'js-yaml';
import { lintManifests, toYaml } from '../../lib';
import { LintFinding } from '../../lib/lint';
import { loadManifests } from '../../lib/manifests/load';
import { REPO_ROOT } from '../cluster/paths';
import { adminClient, RUN_ID } from '../support/cluster';
import { waitForPhase } from '../support/flagger';
import { analyzeFiles, analyzeLive, AnalyzerMessage } from '../support/istioctl';
import { gatewayRef, ingressGateway } from '../support/gateways';
import { KubeObject } from '../support/kube-client';

/** A lint rule and the Istio analyzer messages that judge the same case. */
interface Pair {
  readonly rule: string;
  readonly codes: readonly string[];
  /** Only messages whose text matches (IST0101 covers every kind of missing reference). */
  readonly text?: RegExp;
  /** Only these kinds: Istio analyzes Istio objects, lint also Flagger's Canary. */
  readonly kinds: readonly string[];
  /** istioctl skips the analyzer on files (DestinationHostAnalyzer): compare on live objects. */
  readonly live?: boolean;
  /**
   * Istio reports the case on another object of it than lint does (IST0140 on the VirtualService
   * that splits, lint on the gateway route that bypasses the split): compare only whether each
   * side reports.
   */
  readonly otherObject?: boolean;
}

/** The pairs; docs/lint.md has the same table. */
export const PAIRS: readonly Pair[] = [
  { rule: 'subset-undefined', codes: ['IST0101'], text: /host\+subset/, kinds: ['VirtualService'] },
  { rule: 'string-match-empty', codes: ['IST0106'], text: /string match/, kinds: ['VirtualService'] },
  { rule: 'weights-invalid', codes: ['IST0106'], text: /weight/, kinds: ['VirtualService'] },
  { rule: 'vs-host-conflict', codes: ['IST0109'], kinds: ['VirtualService'] },
  { rule: 'route-shadowed', codes: ['IST0130', 'IST0131'], kinds: ['VirtualService'] },
  {
    rule: 'unknown-host',
    codes: ['IST0101'],
    text: /Referenced (mirror )?host not found/,
    kinds: ['VirtualService'],
    live: true,
  },
  {
    rule: 'gateway-route-bypasses-split',
    codes: ['IST0140'],
    kinds: ['VirtualService'],
    live: true,
    otherObject: true,
  },
];

const RULES_DIR = join(REPO_ROOT, 'test', 'fixtures', 'lint', 'rules');
const dir = mkdtempSync(join(tmpdir(), 'canary-kit-lint-agreement-'));

/** `Kind namespace/name` of an analyzer message (its resource is `Kind ns/name file:line`). */
function objectOf(m: AnalyzerMessage): string {
  return m.resource.split(' ').slice(0, 2).join(' ');
}

/** Gateways the fixture's VirtualServices name, as a cluster with Istio has them. */
function gatewaysOf(objects: KubeObject[]): KubeObject[] {
  const refs = new Set<string>();
  for (const o of objects) {
    if (o.kind !== 'VirtualService') continue;
    for (const g of (o.spec as { gateways?: string[] }).gateways ?? [])
      if (g !== 'mesh') refs.add(gatewayRef(g, o.metadata.namespace ?? 'default'));
  }
  const defined = new Set(
    objects.filter((o) => o.kind === 'Gateway').map((o) => `${o.metadata.namespace}/${o.metadata.name}`),
  );
  return [...refs].filter((r) => !defined.has(r)).map(ingressGateway);
}

/** What each side reports for a pair. */
function sides(pair: Pair, lint: LintFinding[], messages: AnalyzerMessage[]) {
  const byLint = new Set(
    lint
      .filter((f) => f.rule === pair.rule && pair.kinds.includes(f.object.split(' ')[0]))
      .map((f) => f.object),
  );
  const byIstio = new Set(
    messages
      .filter((m) => pair.codes.includes(m.code) && (!pair.text || pair.text.test(m.text)))
      .map(objectOf),
  );
  return { byLint: [...byLint].sort(), byIstio: [...byIstio].sort() };
}

function assertAgree(pair: Pair, fixture: string, lint: LintFinding[], messages: AnalyzerMessage[]): void {
  const { byLint, byIstio } = sides(pair, lint, messages);
  const detail = `${fixture}: lint ${pair.rule} -> [${byLint.join(', ')}], istioctl ${pair.codes.join('/')} -> [${byIstio.join(', ')}]\n${messages.map((m) => m.line).join('\n')}`;
  assert.equal(byLint.length > 0, byIstio.length > 0, `lint and istioctl disagree\n${detail}`);
  if (pair.otherObject) return;
  for (const object of byLint) assert.ok(byIstio.includes(object), `only lint reports ${object}\n${detail}`);
}

describe('lint and istioctl analyze agree on the lint fixtures', () => {
  const fixtures = readdirSync(RULES_DIR).flatMap((rule) =>
    ['fires', 'near-miss']
      .map((f) => join(RULES_DIR, rule, `${f}.yaml`))
      .filter((file) => existsSync(file))
      .map((file) => ({ name: `${rule}/${file.endsWith('fires.yaml') ? 'fires' : 'near-miss'}`, file })),
  );

  for (const { name, file } of fixtures) {
    test(`files: ${name}`, () => {
      const objects = loadAll(readFileSync(file, 'utf8')).filter(Boolean) as KubeObject[];
      const gateways = join(dir, `${name.replace('/', '.')}.gateways.yaml`);
      writeFileSync(gateways, toYaml(gatewaysOf(objects) as never));
      const { messages } = analyzeFiles([file, gateways]);
      const lint = lintManifests(loadManifests([file], REPO_ROOT).manifests);
      for (const pair of PAIRS.filter((p) => !p.live)) assertAgree(pair, name, lint, messages);
    });
  }

  test('the fixture of every pair makes both sides report (the pairs are not vacuous)', () => {
    for (const pair of PAIRS.filter((p) => !p.live)) {
      const file = join(RULES_DIR, pair.rule, 'fires.yaml');
      const objects = loadAll(readFileSync(file, 'utf8')).filter(Boolean) as KubeObject[];
      const gateways = join(dir, `${pair.rule}.vacuous.gateways.yaml`);
      writeFileSync(gateways, toYaml(gatewaysOf(objects) as never));
      const { messages } = analyzeFiles([file, gateways]);
      const lint = lintManifests(loadManifests([file], REPO_ROOT).manifests);
      const { byLint, byIstio } = sides(pair, lint, messages);
      assert.ok(
        byLint.length > 0 && byIstio.length > 0,
        `${pair.rule}: ${JSON.stringify({ byLint, byIstio })}`,
      );
    }
  });

  for (const pair of PAIRS.filter((p) => p.live)) {
    for (const variant of ['fires', 'near-miss']) {
      test(`live: ${pair.rule}/${variant}`, async () => {
        // Each namespace of the fixture becomes a namespace of its own in the cluster.
        const file = join(RULES_DIR, pair.rule, `${variant}.yaml`);
        const objects = (loadAll(readFileSync(file, 'utf8')).filter(Boolean) as KubeObject[]).concat();
        const rename = (ns: string) => `lint-${RUN_ID}-${variant}-${ns}`.slice(0, 63);
        const renamed = [...objects, ...gatewaysOf(objects)].map((o) => {
          const copy = loadYaml(JSON.stringify(o)) as KubeObject;
          copy.metadata.namespace = rename(o.metadata.namespace ?? 'default');
          return copy;
        });
        const client = adminClient();
        for (const ns of new Set(renamed.map((o) => o.metadata.namespace!))) await client.ensureNamespace(ns);
        // This control plane installs only the CRDs canary-kit validates against (imports/crds): no
        // ServiceEntry. A host a fixture declares by ServiceEntry is then unknown to Istio here, so
        // messages about those hosts are left out (lint knows the ServiceEntry and is silent).
        const missingHosts: string[] = [];
        for (const o of renamed) {
          if (o.kind === 'ServiceEntry') {
            missingHosts.push(...((o.spec as { hosts?: string[] }).hosts ?? []));
            continue;
          }
          await client.apply(o, 'canary-kit-e2e');
        }
        // Hosts a Canary stands for (`<target>-canary`, `-primary`) exist once Flagger has run, as lint
        // assumes: let the real Flagger initialize every Canary of the fixture first.
        for (const canary of renamed.filter((o) => o.kind === 'Canary'))
          await waitForPhase(
            client,
            canary.metadata.namespace!,
            canary.metadata.name,
            ['Initialized'],
            120_000,
          );
        const namespaces = [...new Set(objects.map((o) => o.metadata.namespace ?? 'default'))];
        const messages = namespaces
          .flatMap((ns) =>
            analyzeLive(rename(ns)).messages.map((m) => ({
              ...m,
              resource: m.resource.replace(rename(ns), ns),
            })),
          )
          .filter((m) => !missingHosts.some((h) => m.text.includes(`"${h}"`)));
        const lint = lintManifests(loadManifests([file], REPO_ROOT).manifests);
        assertAgree(pair, `${pair.rule}/${variant} (live)`, lint, messages);
        if (variant === 'fires') {
          const { byIstio } = sides(pair, lint, messages);
          assert.ok(byIstio.length > 0, 'the live analyzer judged the case');
        }
      });
    }
  }
});
