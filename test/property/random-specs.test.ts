import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CanaryServiceSpec, CanarySpecError, KubeManifest, synthesize, validate } from '../../lib';
import { lintManifests } from '../../lib/lint';
import { parsePromQL } from '../../lib/promql';
import { validateManifests } from '../../lib/validate';
import { emittedQueries } from '../support/prometheus/emitted-queries';
import { arbitrarySpec } from './arbitrary-spec';

const RUNS = Number(process.env.CANARY_KIT_PROPERTY_RUNS ?? 2000);
const SEED = Number(process.env.CANARY_KIT_PROPERTY_SEED ?? Date.now() % 2147483647);

/** The checks every synthesized set must pass; returns the first violation, or undefined. */
function violations(spec: { mode?: string }, manifests: KubeManifest[]): string[] {
  const found: string[] = [];
  for (const vs of manifests.filter((m) => m.kind === 'VirtualService')) {
    for (const route of (vs.spec as { http: { name?: string; route?: { weight?: number }[] }[] }).http) {
      const weights = (route.route ?? []).map((r) => r.weight).filter((w): w is number => w !== undefined);
      if (weights.length > 0 && weights.reduce((a, b) => a + b, 0) !== 100)
        found.push(`weights of route ${route.name} sum to ${weights.join('+')}`);
    }
  }
  if ((spec.mode ?? 'flagger') === 'flagger') {
    const canary = manifests.find((m) => m.kind === 'Canary');
    const target = canary ? (canary.spec as { targetRef: { name: string } }).targetRef.name : '';
    const owned = [target, `${target}-primary`, `${target}-canary`];
    for (const m of manifests) {
      if (
        ['Service', 'DestinationRule', 'VirtualService'].includes(m.kind) &&
        owned.includes(m.metadata.name)
      )
        found.push(`${m.kind} ${m.metadata.name} is Flagger's`);
    }
  }
  for (const finding of validateManifests(manifests).filter((f) => f.severity === 'error'))
    found.push(`schema: ${finding.object} ${finding.path}: ${finding.message}`);
  for (const finding of lintManifests(manifests, { rules: ['gateway-route-bypasses-split'] }))
    found.push(`lint: ${finding.rule} ${finding.object} ${finding.path}: ${finding.message}`);
  const { queries, problems } = emittedQueries(manifests);
  found.push(...problems);
  for (const q of queries)
    if (!parsePromQL(q.query).ok) found.push(`PromQL does not parse at ${q.where}: ${q.query}`);
  return found;
}

test(`random specs are either rejected with paths or synthesize into valid objects (runs=${RUNS}, seed=${SEED})`, () => {
  console.log(`fast-check: ${RUNS} runs, seed ${SEED} (replay with CANARY_KIT_PROPERTY_SEED=${SEED})`);
  let synthesized = 0;
  let rejected = 0;
  fc.assert(
    fc.property(arbitrarySpec, (input) => {
      const spec = input as CanaryServiceSpec;
      const issues = validate(spec);
      if (issues.length > 0) {
        rejected++;
        for (const issue of issues)
          assert.ok(
            issue.path !== '' && issue.message.length > 0,
            `issue without a path: ${JSON.stringify(issue)}`,
          );
        assert.throws(() => synthesize(spec), CanarySpecError);
        return;
      }
      synthesized++;
      assert.deepEqual(violations(spec, synthesize(spec)), []);
    }),
    { numRuns: RUNS, seed: SEED },
  );
  console.log(`fast-check: ${synthesized} synthesized, ${rejected} rejected`);
  // The generator must exercise both outcomes, or the property proves little.
  assert.ok(synthesized > RUNS / 20, `only ${synthesized} of ${RUNS} random specs synthesized`);
  assert.ok(rejected > RUNS / 20, `only ${rejected} of ${RUNS} random specs were rejected`);
});
