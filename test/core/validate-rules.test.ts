import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CanaryServiceSpec, validate } from '../../lib';
import { MINIMAL_FLAGGER as F } from '../fixtures/specs';

const M: CanaryServiceSpec = { ...F, mode: 'mesh' };

/** The issues of a spec as path and whole message, the form each rule is stated in. */
function problems(spec: unknown): { path: string; message: string }[] {
  return validate(spec).map(({ path, message }) => ({ path, message }));
}

// One focused test per validation rule, asserting the whole message (path, problem and fix).
describe('validate: one rule, one whole message', () => {
  test('a valid spec has no problems', () => {
    assert.deepEqual(problems(F), []);
    assert.deepEqual(problems(M), []);
  });

  test('not an object', () => {
    assert.deepEqual(problems('checkout'), [
      {
        path: '',
        message: 'is not a CanaryService spec. A spec is an object with at least name and workload.',
      },
    ]);
  });

  test('unknown field with suggestion', () => {
    assert.deepEqual(problems({ ...F, workload: { image: 'a/b:1', replicsa: 3 } }), [
      {
        path: 'workload.replicsa',
        message: "is not a known field. Did you mean 'replicas'?",
      },
    ]);
  });

  test('unknown top-level field', () => {
    assert.deepEqual(problems({ ...F, trafic: {} }), [
      {
        path: 'trafic',
        message: "is not a known field. Did you mean 'traffic'?",
      },
    ]);
  });

  test('missing required', () => {
    assert.deepEqual(problems({ name: 'checkout' }), [
      {
        path: 'workload',
        message: 'is required. Add it to the spec (see the spec reference in the README).',
      },
    ]);
  });

  test('wrong type', () => {
    assert.deepEqual(problems({ ...F, workload: { image: 'a/b:1', replicas: '3' } }), [
      {
        path: 'workload.replicas',
        message: 'must be of type number, not string. Write the number without quotes.',
      },
    ]);
  });

  test('enum', () => {
    assert.deepEqual(problems({ ...F, mode: 'istio' }), [
      {
        path: 'mode',
        message: "is not allowed. Use one of: 'flagger', 'mesh'.",
      },
    ]);
  });

  test('name not DNS', () => {
    assert.deepEqual(problems({ ...F, name: 'Checkout_API' }), [
      {
        path: 'name',
        message:
          "is not a DNS-1123 label (lowercase letters, digits and '-', starting and ending alphanumeric). Did you mean 'checkout-api'?",
      },
    ]);
  });

  test('name too long', () => {
    assert.deepEqual(problems({ ...F, name: 'a'.repeat(56) }), [
      {
        path: 'name',
        message:
          "is 56 characters; at most 55 fit, because Flagger names the primary '<name>-primary' and a Service name has at most 63 characters. Shorten it.",
      },
    ]);
  });

  test('namespace', () => {
    assert.deepEqual(problems({ ...F, namespace: 'Shop' }), [
      {
        path: 'namespace',
        message: 'is not a DNS-1123 label. Use lowercase letters, digits and "-".',
      },
    ]);
  });

  test('label key', () => {
    assert.deepEqual(problems({ ...F, labels: { 'bad key!': 'x' } }), [
      {
        path: 'labels.bad key!',
        message:
          'is not a valid label key. Use an optional DNS prefix and a name of at most 63 letters, digits, "-", "_" or ".".',
      },
    ]);
  });

  test('latest', () => {
    assert.deepEqual(problems({ ...F, workload: { image: 'ghcr.io/acme/checkout:latest' } }), [
      {
        path: 'workload.image',
        message:
          'uses the mutable tag :latest: a rollback would redeploy whatever the tag points at now, and Flagger cannot see a new version behind the same tag. Pin a version tag or a digest, or set workload.allowMutableImageTag: true.',
      },
    ]);
  });

  test('untagged', () => {
    assert.deepEqual(problems({ ...F, workload: { image: 'ghcr.io/acme/checkout' } }), [
      {
        path: 'workload.image',
        message:
          'has no tag, so it means :latest: a rollback would redeploy whatever the tag points at now, and Flagger cannot see a new version behind the same tag. Pin a version tag or a digest, or set workload.allowMutableImageTag: true.',
      },
    ]);
  });

  test('bad image', () => {
    assert.deepEqual(problems({ ...F, workload: { image: 'GHCR.io/Acme:1' } }), [
      {
        path: 'workload.image',
        message: 'is not a valid image reference. Use registry/repository:tag or @sha256:digest.',
      },
    ]);
  });

  test('no image', () => {
    assert.deepEqual(problems({ ...F, workload: {} }), [
      {
        path: 'workload.image',
        message:
          'is required unless workload.existingDeployment is set. Give an image with an immutable tag, e.g. ghcr.io/acme/checkout:1.4.2.',
      },
    ]);
  });

  test('existing in mesh', () => {
    assert.deepEqual(problems({ ...M, workload: { existingDeployment: 'checkout' } }), [
      {
        path: 'workload.existingDeployment',
        message:
          'is only supported in flagger mode; mesh mode renders both the stable and the canary Deployment. Remove it or set mode: flagger.',
      },
    ]);
  });

  test('existing other name', () => {
    assert.deepEqual(problems({ ...F, workload: { existingDeployment: 'checkout-v2' } }), [
      {
        path: 'workload.existingDeployment',
        message:
          "must be named like the service ('checkout'): Flagger's target Deployment gives the apex Service its name, and its pods must carry the label app: checkout with selector { app: checkout } (cdk8s-plus's default selector label 'cdk8s.io/metadata.addr' cannot be used by Flagger).",
      },
    ]);
  });

  test('existing with image', () => {
    assert.deepEqual(problems({ ...F, workload: { existingDeployment: 'checkout', image: 'a/b:1' } }), [
      {
        path: 'workload.image',
        message:
          'has no effect with workload.existingDeployment: the existing Deployment defines it. Remove it.',
      },
    ]);
  });

  test('canaryImage flagger', () => {
    assert.deepEqual(problems({ ...F, workload: { image: 'a/b:1', canaryImage: 'a/b:2' } }), [
      {
        path: 'workload.canaryImage',
        message:
          'is only used in mesh mode. In flagger mode, change workload.image: Flagger detects the new version and runs the canary.',
      },
    ]);
  });

  test('port range', () => {
    assert.deepEqual(problems({ ...F, workload: { image: 'a/b:1', containerPort: 70000 } }), [
      {
        path: 'workload.containerPort',
        message: 'must be a whole number from 1 to 65535.',
      },
    ]);
  });

  test('hpa max<min', () => {
    assert.deepEqual(
      problems({ ...F, workload: { image: 'a/b:1', autoscaling: { minReplicas: 5, maxReplicas: 3 } } }),
      [
        {
          path: 'workload.autoscaling.maxReplicas',
          message: 'is below minReplicas (5). Raise maxReplicas or lower minReplicas.',
        },
      ],
    );
  });

  test('hpa+replicas', () => {
    assert.deepEqual(
      problems({ ...F, workload: { image: 'a/b:1', replicas: 2, autoscaling: { maxReplicas: 3 } } }),
      [
        {
          path: 'workload.replicas',
          message:
            'conflicts with workload.autoscaling: the HorizontalPodAutoscaler owns the replica count. Remove replicas.',
        },
      ],
    );
  });

  test('quantity', () => {
    assert.deepEqual(
      problems({ ...F, workload: { image: 'a/b:1', resources: { requests: { cpu: '100 m' } } } }),
      [
        {
          path: 'workload.resources.requests.cpu',
          message: 'is not a Kubernetes quantity. Use e.g. "250m" or "1" for CPU and "256Mi" for memory.',
        },
      ],
    );
  });

  test('probe path', () => {
    assert.deepEqual(problems({ ...F, workload: { image: 'a/b:1', probes: { readinessPath: 'healthz' } } }), [
      {
        path: 'workload.probes.readinessPath',
        message: "must be an absolute path. Did you mean '/healthz'?",
      },
    ]);
  });

  test('env name', () => {
    assert.deepEqual(problems({ ...F, workload: { image: 'a/b:1', env: { 'MY VAR': 'x' } } }), [
      {
        path: 'workload.env.MY VAR',
        message: 'is not a valid environment variable name. Use letters, digits, "_", "-" and ".".',
      },
    ]);
  });

  test('root uid', () => {
    assert.deepEqual(problems({ ...F, workload: { image: 'a/b:1', security: { runAsUser: 0 } } }), [
      {
        path: 'workload.security.runAsUser',
        message: 'must be a whole number from 1 to 2147483647. UID 0 is root; pods run as non-root.',
      },
    ]);
  });

  test('gateway ref', () => {
    assert.deepEqual(problems({ ...F, service: { gateways: ['istio-system/public/gw'] } }), [
      {
        path: 'service.gateways[0]',
        message: "is not a gateway reference. Use 'namespace/name' or 'name'.",
      },
    ]);
  });

  test('includeMesh no gw', () => {
    assert.deepEqual(problems({ ...F, service: { includeMesh: false } }), [
      {
        path: 'service.includeMesh',
        message:
          'without service.gateways leaves the VirtualService bound to nothing. Remove includeMesh or add a gateway.',
      },
    ]);
  });

  test('short host', () => {
    assert.deepEqual(problems({ ...F, service: { hosts: ['checkout'] } }), [
      {
        path: 'service.hosts[0]',
        message:
          'is a short name; the service name is always routed. List only extra, fully qualified hosts.',
      },
    ]);
  });

  test('delegation mesh', () => {
    assert.deepEqual(problems({ ...M, service: { delegation: true } }), [
      {
        path: 'service.delegation',
        message:
          'is a flagger-mode option (Flagger VirtualService as a delegate). In mesh mode canary-kit owns the VirtualService: remove it.',
      },
    ]);
  });

  test('weight 99', () => {
    assert.deepEqual(problems({ ...M, traffic: { canaryWeight: 99 } }), [
      {
        path: 'traffic.canaryWeight',
        message:
          'sends 99% of traffic to the canary and only 1% to stable. Set traffic.promoting: true if you mean it, or did you mean 1?',
      },
    ]);
  });

  test('weight 101', () => {
    assert.deepEqual(problems({ ...M, traffic: { canaryWeight: 101 } }), [
      {
        path: 'traffic.canaryWeight',
        message: 'must be a whole percentage from 0 to 100; the stable share is derived as 100 minus it.',
      },
    ]);
  });

  test('weight fraction', () => {
    assert.deepEqual(problems({ ...M, traffic: { canaryWeight: 10.5 } }), [
      {
        path: 'traffic.canaryWeight',
        message: 'must be a whole percentage from 0 to 100; the stable share is derived as 100 minus it.',
      },
    ]);
  });

  test('weight in flagger', () => {
    assert.deepEqual(problems({ ...F, traffic: { canaryWeight: 10 } }), [
      {
        path: 'traffic.canaryWeight',
        message:
          'is a mesh-mode setting; in flagger mode Flagger sets the weights from metrics; tune analysis.stepWeight / maxWeight instead. Remove it or set mode: mesh.',
      },
    ]);
  });

  test('dark launch in flagger mode', () => {
    assert.deepEqual(problems({ ...F, traffic: { darkLaunchHeaders: { 'x-canary': 'true' } } }), [
      {
        path: 'traffic.darkLaunchHeaders',
        message:
          'is not available in flagger mode: Flagger scales the canary to zero between rollouts, so a header route to <name>-canary would answer 503 whenever no rollout runs. For header-selected canary traffic use A/B testing (analysis.iterations with analysis.match: Flagger sends matching requests to the canary during the analysis and to the primary otherwise), or use mode: mesh. Remove darkLaunchHeaders.',
      },
    ]);
  });

  test('mirror with session affinity in flagger mode', () => {
    assert.deepEqual(problems({ ...F, analysis: { mirror: true, sessionAffinity: {} } }), [
      {
        path: 'analysis.mirror',
        message:
          'cannot be combined with analysis.sessionAffinity: Flagger puts the mirror on the sticky-cookie route and then reads the weighted route, never sees the mirror and repeats the mirror step at every interval, so the canary never leaves weight 0. Remove mirror (or sessionAffinity).',
      },
    ]);
  });

  test('empty prefix header match', () => {
    assert.deepEqual(problems({ ...M, traffic: { darkLaunchHeaders: { 'x-canary': { prefix: '' } } } }), [
      {
        path: 'traffic.darkLaunchHeaders.x-canary.prefix',
        message:
          'is an empty prefix, which Istio\'s admission rejects ("prefix string match should not be empty"). Give the prefix, or use regex: ".+" to match any non-empty value.',
      },
    ]);
  });

  test('stages not ascending', () => {
    assert.deepEqual(
      problems({
        ...M,
        traffic: {
          stages: [
            { name: 'a', canaryWeight: 10 },
            { name: 'b', canaryWeight: 1 },
          ],
          stage: 'a',
        },
      }),
      [
        {
          path: 'traffic.stages[1].canaryWeight',
          message:
            "is not above the previous stage's 10. Stages must raise the canary share step by step; a reversed share is the classic 99/1 typo.",
        },
      ],
    );
  });

  test('stage unknown', () => {
    assert.deepEqual(problems({ ...M, traffic: { stages: [{ name: 'a', canaryWeight: 10 }], stage: 'b' } }), [
      {
        path: 'traffic.stage',
        message: "is not one of traffic.stages ('a'). Use one of those names.",
      },
    ]);
  });

  test('stage + weight', () => {
    assert.deepEqual(
      problems({
        ...M,
        traffic: { stages: [{ name: 'a', canaryWeight: 10 }], stage: 'a', canaryWeight: 10 },
      }),
      [
        {
          path: 'traffic.stage',
          message:
            'and traffic.canaryWeight are both set, so the share is ambiguous. Keep one: the stage (recommended) or the weight.',
        },
      ],
    );
  });

  test('uppercase header', () => {
    assert.deepEqual(problems({ ...M, traffic: { darkLaunchHeaders: { 'X-Canary': 'true' } } }), [
      {
        path: 'traffic.darkLaunchHeaders.X-Canary',
        message: "is not a lowercase header name; Istio only matches lowercase header names. Use 'x-canary'.",
      },
    ]);
  });

  test('js regex', () => {
    assert.deepEqual(
      problems({ ...M, traffic: { darkLaunchHeaders: { 'x-user': { regex: '^(?!bot).*' } } } }),
      [
        {
          path: 'traffic.darkLaunchHeaders.x-user.regex',
          message:
            'is not valid RE2 syntax (invalid perl operator: (?!). Envoy uses RE2: no lookarounds or backreferences.',
        },
      ],
    );
  });

  test('two match kinds', () => {
    assert.deepEqual(
      problems({ ...M, traffic: { darkLaunchHeaders: { 'x-user': { exact: 'a', prefix: 'b' } } } }),
      [
        {
          path: 'traffic.darkLaunchHeaders.x-user',
          message: 'sets both exact and prefix; set only one of exact, prefix or regex.',
        },
      ],
    );
  });

  test('empty headers', () => {
    assert.deepEqual(
      problems({ ...M, traffic: { cohorts: [{ name: 'beta', headers: {}, canaryWeight: 10 }] } }),
      [
        {
          path: 'traffic.cohorts[0].headers',
          message: 'is empty, so it would match every request. Name at least one header.',
        },
      ],
    );
  });

  test('dup cohort', () => {
    assert.deepEqual(
      problems({
        ...M,
        traffic: {
          cohorts: [
            { name: 'beta', headers: { 'x-a': 'b' }, canaryWeight: 10 },
            { name: 'beta', headers: { 'x-a': 'c' }, canaryWeight: 10 },
          ],
        },
      }),
      [
        {
          path: 'traffic.cohorts[1].name',
          message: 'repeats an earlier cohort. Give each cohort its own name.',
        },
      ],
    );
  });

  test('mirror pct', () => {
    assert.deepEqual(problems({ ...M, traffic: { mirrorPercentage: 150 } }), [
      {
        path: 'traffic.mirrorPercentage',
        message: 'must be a number from 0.01 to 100. It is the share of requests copied to the canary.',
      },
    ]);
  });

  test('mirror while the canary has live traffic', () => {
    assert.deepEqual(problems({ ...M, traffic: { canaryWeight: 10, mirrorPercentage: 5 } }), [
      {
        path: 'traffic.mirrorPercentage',
        message:
          'is set while the canary already gets 10% of live traffic: Istio mirrors every request of the route, so requests served by the canary would run on it twice. Mirror only in the shadow phase (canary share 0), then remove mirrorPercentage before shifting traffic.',
      },
    ]);
  });

  test('rollback with weight', () => {
    assert.deepEqual(
      problems({
        ...M,
        traffic: {
          canaryWeight: 10,
          rollback: { reason: 'x', at: '2026-11-24T18:00:00Z', previousCanaryWeight: 10 },
        },
      }),
      [
        {
          path: 'traffic.rollback',
          message:
            'is recorded but the canary still gets 10%. A rollback is canaryWeight: 0 (the canary destination stays for a quick re-enable). Set traffic.canaryWeight: 0, or remove the record to resume.',
        },
      ],
    );
  });

  test('rollback bad time', () => {
    assert.deepEqual(
      problems({
        ...M,
        traffic: { canaryWeight: 0, rollback: { reason: 'x', at: 'yesterday', previousCanaryWeight: 10 } },
      }),
      [
        {
          path: 'traffic.rollback.at',
          message: 'is not an RFC 3339 time. Use e.g. 2026-11-24T18:00:00Z.',
        },
      ],
    );
  });

  test('retry timeout', () => {
    assert.deepEqual(
      problems({ ...F, resilience: { retries: { attempts: 3, perTryTimeout: '5s' }, timeout: '10s' } }),
      [
        {
          path: 'resilience.retries',
          message:
            'cannot finish within resilience.timeout (10s): 4 tries of 5s take up to 20s, so the last retries are cut off. Raise the timeout or lower retries.attempts or retries.perTryTimeout.',
        },
      ],
    );
  });

  test('default retries timeout', () => {
    assert.deepEqual(problems({ ...F, resilience: { timeout: '3s' } }), [
      {
        path: 'resilience.timeout',
        message:
          'is too short for the default retries, which cannot finish within resilience.timeout (3s): 3 tries of 2s take up to 6s, so the last retries are cut off. Raise the timeout or lower retries.attempts or retries.perTryTimeout.',
      },
    ]);
  });

  test('retryOn', () => {
    assert.deepEqual(problems({ ...F, resilience: { retries: { retryOn: '5xx,connection-failure' } } }), [
      {
        path: 'resilience.retries.retryOn',
        message:
          "has the unknown condition 'connection-failure'. Use Envoy conditions such as 5xx, reset, connect-failure, refused-stream, gateway-error, or status codes.",
      },
    ]);
  });

  test('istio duration', () => {
    assert.deepEqual(problems({ ...F, resilience: { timeout: '10' } }), [
      {
        path: 'resilience.timeout',
        message: 'is not a duration. Use a whole number with ms, s, m or h, e.g. "2s" or "250ms".',
      },
    ]);
  });

  test('tcp in flagger', () => {
    assert.deepEqual(problems({ ...F, resilience: { connectionPool: { maxConnections: 10 } } }), [
      {
        path: 'resilience.connectionPool.maxConnections',
        message:
          "is a TCP setting, and Flagger's Canary CRD declares only connectionPool.http: the API server would silently prune it. Remove it, or use mode: mesh.",
      },
    ]);
  });

  test('canary outlier flagger', () => {
    assert.deepEqual(
      problems({ ...F, resilience: { canaryOutlierDetection: { consecutive5xxErrors: 1 } } }),
      [
        {
          path: 'resilience.canaryOutlierDetection',
          message:
            'needs per-subset DestinationRules, which Flagger generates itself. Remove it, or use mode: mesh.',
        },
      ],
    );
  });

  test('success as error rate', () => {
    assert.deepEqual(problems({ ...F, slo: { successRatePercent: 1 } }), [
      {
        path: 'slo.successRatePercent',
        message:
          'looks like an error rate: it is the lowest acceptable SUCCESS rate, in percent. Did you mean 99?',
      },
    ]);
  });

  test('success > 100', () => {
    assert.deepEqual(problems({ ...F, slo: { successRatePercent: 120 } }), [
      {
        path: 'slo.successRatePercent',
        message: 'must be a percentage from 50 to 100, e.g. 99.5.',
      },
    ]);
  });

  test('latency seconds', () => {
    assert.deepEqual(problems({ ...F, slo: { p99LatencyMs: 0.5 } }), [
      {
        path: 'slo.p99LatencyMs',
        message: 'is in milliseconds; 0.5 ms is implausibly low. Did you mean 500 (0.5 s)?',
      },
    ]);
  });

  test('ratio <= 1', () => {
    assert.deepEqual(problems({ ...F, slo: { maxLatencyRatio: 0.8 } }), [
      {
        path: 'slo.maxLatencyRatio',
        message:
          'must be above 1 (canary p99 divided by stable p99; 1.5 allows a 50% slower canary). Remove it to compare with the absolute p99 only.',
      },
    ]);
  });

  test('window', () => {
    assert.deepEqual(problems({ ...F, slo: { window: '1h' } }), [
      {
        path: 'slo.window',
        message: 'is not a Flagger duration. Use whole seconds or minutes, e.g. "30s" or "1m".',
      },
    ]);
  });

  test('window shorter than two scrapes', () => {
    assert.deepEqual(problems({ ...F, slo: { window: '0s' } }), [
      {
        path: 'slo.window',
        message:
          'is shorter than two scrapes of Istio\'s metrics (every 15s by default), so rates over it are empty or noisy. Use at least 30s, e.g. "1m".',
      },
    ]);
  });

  test("interval below Flagger's minimum", () => {
    assert.deepEqual(problems({ ...F, analysis: { interval: '5s' } }), [
      {
        path: 'analysis.interval',
        message: 'is below Flagger\'s shortest interval, 10s. Use e.g. "30s" or "1m".',
      },
    ]);
  });

  test('analysis in mesh', () => {
    assert.deepEqual(problems({ ...M, analysis: { interval: '1m' } }), [
      {
        path: 'analysis',
        message:
          'configures Flagger, which does not run in mesh mode. Remove it (use traffic.stages and automation), or set mode: flagger.',
      },
    ]);
  });

  test('flagger duration', () => {
    assert.deepEqual(problems({ ...F, analysis: { interval: '90' } }), [
      {
        path: 'analysis.interval',
        message:
          'is not a Flagger duration. Use whole seconds or minutes, e.g. "30s" or "1m" (Flagger rejects "1h" and "90").',
      },
    ]);
  });

  test('step both', () => {
    assert.deepEqual(problems({ ...F, analysis: { stepWeight: 10, stepWeights: [1, 5] } }), [
      {
        path: 'analysis.stepWeights',
        message:
          'and analysis.stepWeight are both set; Flagger takes one. Keep stepWeights (explicit steps) or stepWeight.',
      },
    ]);
  });

  test('iterations+stepWeight', () => {
    assert.deepEqual(
      problems({
        ...F,
        analysis: { iterations: 10, stepWeight: 10, match: [{ headers: { 'x-canary': 'true' } }] },
      }),
      [
        {
          path: 'analysis.stepWeight',
          message:
            'conflicts with analysis.iterations: A/B testing routes by analysis.match, not by weight. Remove one of them.',
        },
      ],
    );
  });

  test('iterations no match', () => {
    assert.deepEqual(problems({ ...F, analysis: { iterations: 10 } }), [
      {
        path: 'analysis.match',
        message:
          'is required with analysis.iterations: A/B testing needs the headers or cookie that select the canary. For Blue/Green (no match), set analysis.strategy: blue-green.',
      },
    ]);
  });

  test('match no iterations', () => {
    assert.deepEqual(problems({ ...F, analysis: { match: [{ headers: { 'x-canary': 'true' } }] } }), [
      {
        path: 'analysis.match',
        message: 'only applies to A/B testing. Set analysis.iterations, or remove match.',
      },
    ]);
  });

  test('stepWeight > maxWeight', () => {
    assert.deepEqual(problems({ ...F, analysis: { stepWeight: 60, maxWeight: 50 } }), [
      {
        path: 'analysis.stepWeight',
        message: 'is above analysis.maxWeight (50), so the first step would overshoot. Lower it.',
      },
    ]);
  });

  test('stepWeights not increasing', () => {
    assert.deepEqual(problems({ ...F, analysis: { stepWeights: [5, 5, 10] } }), [
      {
        path: 'analysis.stepWeights[1]',
        message: 'is not above the previous step (5). Steps must increase.',
      },
    ]);
  });

  test('mirrorWeight without mirror', () => {
    assert.deepEqual(problems({ ...F, analysis: { mirrorWeight: 10 } }), [
      {
        path: 'analysis.mirrorWeight',
        message: 'has no effect without analysis.mirror: true. Set mirror, or remove mirrorWeight.',
      },
    ]);
  });

  test('webhook url', () => {
    assert.deepEqual(
      problems({ ...F, analysis: { webhooks: { preRollout: [{ url: 'flagger-loadtester/' }] } } }),
      [
        {
          path: 'analysis.webhooks.preRollout[0].url',
          message: 'is not an http(s) URL. Use e.g. http://flagger-loadtester.test/.',
        },
      ],
    );
  });

  test('alertFor', () => {
    assert.deepEqual(problems({ ...F, observability: { alertFor: '2 minutes' } }), [
      {
        path: 'observability.alertFor',
        message: 'is not a Prometheus duration. Use e.g. "2m" or "30s".',
      },
    ]);
  });

  test('automation flagger', () => {
    assert.deepEqual(problems({ ...F, automation: { image: 'a/gate:1' } }), [
      {
        path: 'automation',
        message:
          'runs the gate for mesh mode; in flagger mode Flagger is the gate. Remove it, or set mode: mesh.',
      },
    ]);
  });

  test('automation latest + cron', () => {
    assert.deepEqual(problems({ ...M, automation: { image: 'a/gate', schedule: 'every 5 minutes' } }), [
      {
        path: 'automation.image',
        message: 'has no tag, so it means :latest. Pin the gate image to a version tag or digest.',
      },
      {
        path: 'automation.schedule',
        message: 'is not a five-field cron schedule. Use e.g. "*/2 * * * *".',
      },
    ]);
  });

  test('rollbackWithin flagger too short', () => {
    assert.deepEqual(problems({ ...F, analysis: { interval: '1m', threshold: 5 }, rollbackWithin: '5m' }), [
      {
        path: 'rollbackWithin',
        message:
          'cannot be met: a failing canary is rolled back after up to 6m (analysis.interval 1m x (analysis.threshold 5 + 1) = 6m). To meet it, shorten analysis.interval or analysis.threshold; or allow at least 6m.',
      },
    ]);
  });

  test('rollbackWithin mesh no automation', () => {
    assert.deepEqual(problems({ ...M, rollbackWithin: '10m' }), [
      {
        path: 'rollbackWithin',
        message:
          'cannot be met: mesh mode without automation has no automated rollback. To meet it, configure automation (the gate CronJob); or remove rollbackWithin.',
      },
    ]);
  });

  test('rollbackWithin mesh automation too slow', () => {
    assert.deepEqual(
      problems({
        ...M,
        automation: { image: 'a/gate:1', schedule: '*/10 * * * *', failuresBeforeRollback: 2 },
        rollbackWithin: '15m',
      }),
      [
        {
          path: 'rollbackWithin',
          message:
            'cannot be met: a failing canary is rolled back after up to 21m (automation.schedule every 10m x automation.failuresBeforeRollback 2 + slo.window 1m = 21m). To meet it, shorten automation.schedule or lower automation.failuresBeforeRollback; or allow at least 21m.',
        },
      ],
    );
  });

  test('rollbackWithin skipAnalysis', () => {
    assert.deepEqual(problems({ ...F, analysis: { skipAnalysis: true }, rollbackWithin: '15m' }), [
      {
        path: 'rollbackWithin',
        message:
          'cannot be met: analysis.skipAnalysis is true, so nothing rolls back. To meet it, remove analysis.skipAnalysis; or remove rollbackWithin.',
      },
    ]);
  });
});
