import { CanaryServiceSpec } from '../../lib';

/** The example environments, in promotion order. */
export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;

/** One of the example environments. */
export type Environment = (typeof ENVIRONMENTS)[number];

/** Image of the example services; a CI pipeline would pass the built tag. */
const IMAGE = 'ghcr.io/acme/checkout:1.4.2';

/**
 * `checkout` in `flagger` mode, as each environment runs it: dev moves fast with a loose SLO;
 * staging rehearses prod's shape with a load test; prod takes small steps, longer intervals, a
 * strict SLO, an autoscaler, a manual promotion gate (`confirm-promotion`), a rollback kill switch
 * and a rollback SLA. Dev and staging promote automatically.
 */
export function checkoutSpec(env: Environment): CanaryServiceSpec {
  const base = { name: 'checkout', namespace: `shop-${env}`, labels: { env, team: 'payments' } };
  switch (env) {
    case 'dev':
      return {
        ...base,
        workload: { image: IMAGE, replicas: 1 },
        slo: { successRatePercent: 95, p99LatencyMs: 1000, minRequests: 20 },
        analysis: { interval: '30s', threshold: 3, stepWeight: 25, maxWeight: 50 },
      };
    case 'staging':
      return {
        ...base,
        workload: { image: IMAGE, replicas: 2 },
        service: { gateways: ['istio-system/staging-gateway'], hosts: ['checkout.staging.example.com'] },
        slo: { successRatePercent: 99, p99LatencyMs: 500, maxLatencyRatio: 1.5, minRequests: 50 },
        analysis: {
          interval: '1m',
          threshold: 5,
          stepWeight: 10,
          maxWeight: 50,
          loadTests: [{ target: 'http://checkout-canary.shop-staging/' }],
        },
        rollbackWithin: '10m',
      };
    case 'prod':
      return {
        ...base,
        workload: {
          image: IMAGE,
          autoscaling: { minReplicas: 4, maxReplicas: 20 },
          resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { memory: '1Gi' } },
        },
        service: {
          gateways: ['istio-system/public-gateway'],
          hosts: ['checkout.example.com'],
          delegation: true,
        },
        slo: {
          successRatePercent: 99.9,
          p99LatencyMs: 300,
          maxLatencyRatio: 1.2,
          minRequests: 200,
          window: '2m',
        },
        analysis: {
          interval: '2m',
          threshold: 3,
          stepWeights: [1, 2, 5, 10, 20, 35, 50],
          webhooks: {
            preRollout: [
              {
                name: 'smoke-test',
                url: 'http://flagger-loadtester.test/',
                metadata: { type: 'bash', cmd: 'curl -sf http://checkout-canary.shop-prod/healthz' },
              },
            ],
            // The release manager approves with the load tester's /gate/open; until then Flagger
            // holds the canary at its last weight (see docs/flagger.md).
            confirmPromotion: [
              { name: 'release-approval', url: 'http://flagger-loadtester.test/gate/check' },
            ],
            // A kill switch: answers 2xx only after /rollback/open, then Flagger rolls back at once.
            rollbackTrigger: [{ name: 'abort-switch', url: 'http://flagger-loadtester.test/rollback/check' }],
          },
          loadTests: [{ target: 'http://checkout-canary.shop-prod/', duration: '2m' }],
        },
        observability: { serviceMonitor: true, ruleLabels: { release: 'kube-prometheus-stack' } },
        rollbackWithin: '10m',
      };
  }
}

/**
 * `ledger` in `mesh` mode (weights in git, changed by pull request): dev shadows the canary with
 * mirrored traffic, staging runs it for a beta cohort and 10%, prod at 1% with a dark launch,
 * cohorts and stickiness.
 */
export function ledgerSpec(env: Environment): CanaryServiceSpec {
  const base = {
    name: 'ledger',
    namespace: `shop-${env}`,
    mode: 'mesh' as const,
    labels: { env, team: 'payments' },
  };
  const workload = { image: 'ghcr.io/acme/ledger:2.3.0', canaryImage: 'ghcr.io/acme/ledger:2.4.0' };
  const stages = [
    { name: 'smoke', canaryWeight: 1 },
    { name: 'ten', canaryWeight: 10 },
    { name: 'quarter', canaryWeight: 25 },
    { name: 'half', canaryWeight: 50 },
  ];
  switch (env) {
    case 'dev':
      return {
        ...base,
        workload: { ...workload, replicas: 1 },
        traffic: { stages, stage: 'half' },
        slo: { successRatePercent: 95, p99LatencyMs: 1000 },
      };
    case 'staging':
      return {
        ...base,
        workload: { ...workload, replicas: 2 },
        traffic: {
          stages,
          stage: 'ten',
          cohorts: [{ name: 'beta', headers: { 'x-user-type': 'beta' }, canaryWeight: 50 }],
        },
        slo: { successRatePercent: 99, p99LatencyMs: 500, maxLatencyRatio: 1.5 },
      };
    case 'prod':
      return {
        ...base,
        workload: { ...workload, replicas: 6, canaryReplicas: 2 },
        service: { gateways: ['istio-system/public-gateway'], hosts: ['ledger.example.com'] },
        traffic: {
          stages,
          stage: 'smoke',
          darkLaunchHeaders: { 'x-canary': 'true' },
          cohorts: [
            { name: 'beta', headers: { 'x-user-type': 'beta' }, canaryWeight: 25 },
            { name: 'us-west', headers: { 'x-region': 'us-west' }, canaryWeight: 5 },
          ],
          stickySession: { cookieName: 'ledger-track' },
        },
        resilience: {
          retries: { attempts: 2, perTryTimeout: '1s' },
          timeout: '5s',
          connectionPool: { maxConnections: 200, http1MaxPendingRequests: 100, http2MaxRequests: 2000 },
          outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '1m' },
        },
        slo: { successRatePercent: 99.9, p99LatencyMs: 250, maxLatencyRatio: 1.2, minRequests: 200 },
        observability: { serviceMonitor: true, ruleLabels: { release: 'kube-prometheus-stack' } },
      };
  }
}
