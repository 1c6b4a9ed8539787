import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { CanaryServiceSpec, synthesize } from '../../lib';
import { lintManifests } from '../../lib/lint';
import { loadManifests } from '../../lib/manifests/load';
import { FULL_FLAGGER, FULL_MESH, MINIMAL_FLAGGER, SHADOW_MESH } from '../fixtures/specs';
import { brief } from './helpers';

// Issue 11 item 15: the gateway route that bypasses a split never comes from canary-kit itself.
const RULE = 'gateway-route-bypasses-split';

const EDGE_MESH: CanaryServiceSpec = {
  ...FULL_MESH,
  name: 'edge',
  service: { ...FULL_MESH.service, gateways: ['istio-system/public-gateway'] },
};
const EDGE_FLAGGER: CanaryServiceSpec = {
  ...FULL_FLAGGER,
  name: 'edge',
  service: { ...FULL_FLAGGER.service, delegation: false },
};

describe(`canary-kit's own output under ${RULE}`, () => {
  test('every golden file (all stacks, both modes) linted together has no finding', () => {
    const loaded = loadManifests([resolve(process.cwd(), 'test/golden')]);
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(
      lintManifests(loaded.manifests)
        .filter((f) => f.rule === RULE)
        .map(brief),
      [],
    );
  });

  const specs = {
    'minimal-flagger': MINIMAL_FLAGGER,
    'full-flagger': FULL_FLAGGER,
    'full-mesh': FULL_MESH,
    'shadow-mesh': SHADOW_MESH,
    'edge-only mesh': EDGE_MESH,
    'flagger with a gateway, no delegation': EDGE_FLAGGER,
  };
  for (const [name, spec] of Object.entries(specs)) {
    test(`${name} synthesizes nothing it reports`, () => {
      assert.deepEqual(
        lintManifests(synthesize(spec))
          .filter((f) => f.rule === RULE)
          .map(brief),
        [],
      );
    });
  }
});
