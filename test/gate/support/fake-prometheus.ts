/**
 * A fetch function that answers Prometheus instant queries from a table, for the tests that are
 * about something else (in-cluster apply, notifications): the decision logic against a real
 * Prometheus is tested in `prometheus.test.ts`.
 */

/** The value of each signal, by track, as Prometheus would print it; undefined: an empty result. */
export type FakeSignals = Record<
  'canary' | 'stable',
  { requests?: string; successRate?: string; serverErrors?: string; p99?: string }
>;

/** Healthy numbers: enough requests, 99.9% success, equal latency. */
export const HEALTHY: FakeSignals = {
  canary: { requests: '600', successRate: '99.9', p99: '50' },
  stable: { requests: '5400', successRate: '99.9', p99: '50' },
};

/** A failing canary: 10% errors. */
export const FAILING: FakeSignals = {
  canary: { requests: '600', successRate: '90', p99: '50' },
  stable: { requests: '5400', successRate: '99.9', p99: '50' },
};

function signalOf(query: string): 'requests' | 'successRate' | 'serverErrors' | 'p99' {
  if (query.startsWith('histogram_quantile')) return 'p99';
  if (query.includes('response_code!~')) return 'successRate';
  if (query.includes('response_code=~')) return 'serverErrors';
  return 'requests';
}

/**
 * A fetch that answers `/api/v1/query` from `signals` and forwards every other URL to `other`
 * (e.g. the webhook), or answers 404.
 */
export function fakePrometheusFetch(
  signals: FakeSignals,
  other?: (url: string, init?: RequestInit) => Promise<Response>,
): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    if (!url.pathname.endsWith('/api/v1/query')) {
      return other ? other(String(input), init) : new Response('not found', { status: 404 });
    }
    const query = url.searchParams.get('query') ?? '';
    // kube-state-metrics (the gitops readiness check): a fully rolled-out cluster, every count 100.
    const kubeState = /^(max|min)\(kube_deployment_/.test(query);
    const track = query.includes('destination_version="canary"') ? 'canary' : 'stable';
    const value = kubeState ? '100' : signals[track][signalOf(query)];
    const result =
      value === undefined ? [] : [{ metric: {}, value: [Number(url.searchParams.get('time')), value] }];
    return new Response(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
}
