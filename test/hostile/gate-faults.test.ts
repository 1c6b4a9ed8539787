import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { ClusterApi } from '../../lib/gate/in-cluster/kube-client';
import { parseSampleValue } from '../../lib/gate/prometheus-client';
import { DecisionRecord, formatRecordJson } from '../../lib/gate/record';
import { runGate } from '../../lib/gate/run-gate';
import { FakeSignals, fakePrometheusFetch, HEALTHY } from '../gate/support/fake-prometheus';
import { meshSpec, writeTempFile } from '../gate/support/specs';
import { runGateCli } from '../gate/support/run-gate-cli';

// Issue 16.3: every Prometheus or Kubernetes fault ends in a decision record with hold (or
// rollback where the data already justified it), and never in advance.

const PROMETHEUS = 'http://prometheus.test:9090';

function specFile(): string {
  return writeTempFile(JSON.stringify(meshSpec()), 'checkout.json');
}

function withCanary(signal: keyof FakeSignals['canary'], value: string | undefined): FakeSignals {
  return { canary: { ...HEALTHY.canary, [signal]: value }, stable: HEALTHY.stable };
}

function withStable(signal: keyof FakeSignals['stable'], value: string | undefined): FakeSignals {
  return { canary: HEALTHY.canary, stable: { ...HEALTHY.stable, [signal]: value } };
}

/** A fetch answering every query with one fixed HTTP answer. */
function answering(body: string, status = 200, headers: Record<string, string> = {}): typeof fetch {
  return (async () =>
    new Response(body, {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    })) as typeof fetch;
}

const hang: typeof fetch = ((_input: unknown, init?: RequestInit) =>
  new Promise((_, reject) =>
    init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
  )) as typeof fetch;

interface FaultCase {
  readonly name: string;
  readonly fetch: typeof fetch;
  readonly clusterApi?: () => Promise<ClusterApi>;
  /** The decision the fault must give (never advance). */
  readonly expected: 'hold' | 'rollback';
  /** A fragment of the reason. */
  readonly reason?: RegExp;
}

const vector = (value: unknown) =>
  JSON.stringify({
    status: 'success',
    data: { resultType: 'vector', result: [{ metric: {}, value: [1, value] }] },
  });

const neverAnswers = <T>(): Promise<T> => new Promise<T>(() => undefined);
const hungCluster = async (): Promise<ClusterApi> => ({
  getVirtualService: neverAnswers,
  patchVirtualService: neverAnswers,
  patchDeploymentScale: neverAnswers,
  getDeployment: neverAnswers,
});
const brokenCluster = async (): Promise<ClusterApi> => ({
  getVirtualService: async () => {
    throw new TypeError("Cannot read properties of undefined (reading 'spec')");
  },
  patchVirtualService: neverAnswers,
  patchDeploymentScale: neverAnswers,
  getDeployment: neverAnswers,
});

const FAULTS: FaultCase[] = [
  ...['', ' ', '-1', '0x1', '1_000', 'Infinity', '1e400', 'NaN', '+Inf', '12abc'].map((value): FaultCase => ({
    name: `canary p99 ${JSON.stringify(value)}`,
    fetch: fakePrometheusFetch(withCanary('p99', value)),
    expected: 'hold',
    reason: /p99/,
  })),
  {
    name: 'canary success rate "150"',
    fetch: fakePrometheusFetch(withCanary('successRate', '150')),
    expected: 'hold',
    reason: /not a success rate in percent/,
  },
  {
    name: 'canary success rate "-3"',
    fetch: fakePrometheusFetch(withCanary('successRate', '-3')),
    expected: 'hold',
  },
  {
    name: 'canary requests "-600"',
    fetch: fakePrometheusFetch(withCanary('requests', '-600')),
    expected: 'hold',
    reason: /not a request count/,
  },
  { name: 'canary requests ""', fetch: fakePrometheusFetch(withCanary('requests', '')), expected: 'hold' },
  { name: 'stable p99 "0x10"', fetch: fakePrometheusFetch(withStable('p99', '0x10')), expected: 'hold' },
  {
    name: 'stable success rate "101"',
    fetch: fakePrometheusFetch(withStable('successRate', '101')),
    expected: 'hold',
  },
  {
    name: 'sample value is a JSON number',
    fetch: answering(vector(600)),
    expected: 'hold',
    reason: /without a string value/,
  },
  {
    name: 'sample without value',
    fetch: answering(
      JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {} }] } }),
    ),
    expected: 'hold',
  },
  {
    name: 'result is not a list',
    fetch: answering(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: 'x' } })),
    expected: 'hold',
  },
  {
    name: 'matrix instead of vector',
    fetch: answering(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } })),
    expected: 'hold',
  },
  {
    name: 'HTML error page with HTTP 200',
    fetch: answering('<html>502 Bad Gateway</html>', 200, { 'content-type': 'text/html' }),
    expected: 'hold',
  },
  { name: 'JSON null', fetch: answering('null'), expected: 'hold' },
  {
    name: 'partial response warning',
    fetch: answering(
      JSON.stringify({
        status: 'success',
        warnings: ['partial response: store unavailable'],
        data: { resultType: 'vector', result: [{ metric: {}, value: [1, '600'] }] },
      }),
    ),
    expected: 'hold',
    reason: /may be incomplete/,
  },
  {
    name: 'redirect to another host',
    fetch: answering('', 302, { location: 'http://evil.test/api/v1/query' }),
    expected: 'hold',
    reason: /same origin only/,
  },
  { name: 'redirect without location', fetch: answering('', 307), expected: 'hold' },
  {
    name: 'answer larger than the limit (declared)',
    fetch: answering('x', 200, { 'content-length': String(64 * 1024 * 1024) }),
    expected: 'hold',
    reason: /larger than/,
  },
  {
    name: 'answer larger than the limit (streamed)',
    fetch: answering(`${vector('600')}${' '.repeat(5 * 1024 * 1024)}`),
    expected: 'hold',
    reason: /larger than/,
  },
  { name: 'HTTP 503', fetch: answering('unavailable', 503), expected: 'hold' },
  {
    name: 'API error',
    fetch: answering(
      JSON.stringify({ status: 'error', errorType: 'timeout', error: 'query timed out' }),
      422,
    ),
    expected: 'hold',
  },
  { name: 'Prometheus never answers', fetch: hang, expected: 'hold', reason: /did not answer within/ },
  {
    name: 'fetch throws a non-Error',
    fetch: (async () => {
      throw 'boom';
    }) as typeof fetch,
    expected: 'hold',
  },
  {
    name: 'Kubernetes API never answers (in-cluster)',
    fetch: fakePrometheusFetch(HEALTHY),
    clusterApi: hungCluster,
    expected: 'hold',
    reason: /did not answer within/,
  },
  {
    name: 'Kubernetes client throws a TypeError (in-cluster)',
    fetch: fakePrometheusFetch(HEALTHY),
    clusterApi: brokenCluster,
    expected: 'hold',
    reason: /internal error/,
  },
];

describe('no Prometheus or Kubernetes fault yields advance', () => {
  test('control: healthy data advances (the harness can advance)', async () => {
    const { record } = await runGate(
      { specFile: specFile(), prometheusUrl: PROMETHEUS },
      { fetch: fakePrometheusFetch(HEALTHY), env: {} },
    );
    assert.equal(record.decision, 'advance');
  });

  for (const fault of FAULTS) {
    test(fault.name, async () => {
      const { record, exitCode } = await runGate(
        {
          specFile: specFile(),
          prometheusUrl: PROMETHEUS,
          timeoutMs: 200,
          apply: fault.clusterApi ? 'in-cluster' : 'none',
        },
        { fetch: fault.fetch, clusterApi: fault.clusterApi, env: {} },
      );
      assert.notEqual(record.decision, 'advance');
      assert.equal(record.decision, fault.expected, record.reason);
      assert.equal(exitCode, fault.expected === 'hold' ? 3 : 1);
      if (fault.reason) assert.match(record.reason, fault.reason);
    });
  }
});

test('the run deadline bounds a Prometheus that answers each query just under --timeout', async () => {
  const slow = (async (input: string | URL | Request, init?: RequestInit) => {
    await new Promise((r) => setTimeout(r, 150));
    return fakePrometheusFetch(HEALTHY)(input, init);
  }) as typeof fetch;
  const started = Date.now();
  const { record } = await runGate(
    { specFile: specFile(), prometheusUrl: PROMETHEUS, timeoutMs: 1000, deadlineMs: 400 },
    { fetch: slow, env: {} },
  );
  assert.equal(record.decision, 'hold');
  assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
});

test('a gzip bomb is cut off after the size limit, with bounded memory', async () => {
  const bomb = gzipSync(Buffer.alloc(256 * 1024 * 1024, 0x20)); // 256 MB of spaces, ~250 KB compressed
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    res.end(bomb);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const before = process.memoryUsage().rss;
    const { record } = await runGate(
      { specFile: specFile(), prometheusUrl: url, timeoutMs: 10_000 },
      { env: {} },
    );
    const grown = process.memoryUsage().rss - before;
    assert.equal(record.decision, 'hold');
    assert.match(record.reason, /larger than/);
    assert.ok(grown < 100 * 1024 * 1024, `memory grew by ${Math.round(grown / 1048576)} MB`);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

describe('durations', () => {
  for (const value of ['40000m', '99999999999ms', '0s']) {
    test(`--timeout ${value} is a usage error`, async () => {
      const run = await runGateCli(['--spec', specFile(), '--prometheus', PROMETHEUS, '--timeout', value]);
      assert.equal(run.code, 2);
    });
  }
  test('--deadline 31m is a usage error', async () => {
    const run = await runGateCli(['--spec', specFile(), '--prometheus', PROMETHEUS, '--deadline', '31m']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /longer than 30m/);
  });
});

test('parseSampleValue reads what Prometheus writes and nothing else', () => {
  for (const [text, value] of [
    ['0', 0],
    ['12.5', 12.5],
    ['1e-3', 0.001],
    ['-2.5E+2', -250],
    ['.5', 0.5],
    ['+Inf', Infinity],
    ['-Inf', -Infinity],
  ] as const)
    assert.equal(parseSampleValue(text), value, text);
  assert.ok(Number.isNaN(parseSampleValue('NaN')));
  for (const text of ['', ' ', '0x1', '1_000', 'Infinity', '1 ', 'nan', '0b1', '1e', '--1'])
    assert.equal(parseSampleValue(text), undefined, JSON.stringify(text));
});

test('NaN and infinities print as Prometheus writes them in JSON records, not null', () => {
  const text = formatRecordJson({
    statistic: { z: Infinity, pValue: NaN, criticalZ: -Infinity },
  } as unknown as DecisionRecord);
  assert.equal(text, '{"statistic":{"z":"+Inf","pValue":"NaN","criticalZ":"-Inf"}}\n');
});
