/**
 * The Prometheus base URL: a path prefix and query parameters are kept on every query, the
 * gate's own `query` and `time` and a fragment are refused, and query values are never printed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validate } from '../../lib';
import { prometheusBaseUrlProblem } from '../../lib/core/prometheus-base-url';
import { instantQueryUrl } from '../../lib/gate/prometheus-url';
import { startTestServer } from './support/http-server';
import { runGateCli } from './support/run-gate-cli';
import { meshSpec, writeTempFile } from './support/specs';

const EMPTY_VECTOR = '{"status":"success","data":{"resultType":"vector","result":[]}}';

describe('the query URL of a Prometheus base URL', () => {
  test('a path prefix is kept, with or without a trailing slash', () => {
    for (const base of ['http://host/prometheus', 'http://host/prometheus/', 'http://host/prometheus//']) {
      const url = new URL(instantQueryUrl(base, 'up', 1));
      assert.equal(url.pathname, '/prometheus/api/v1/query', base);
      assert.deepEqual(
        [...url.searchParams],
        [
          ['query', 'up'],
          ['time', '1'],
        ],
      );
    }
  });

  test("the base's query parameters are preserved, in order, before query and time", () => {
    const url = new URL(instantQueryUrl('http://prom:9090/?tenant=x&namespace=shop', 'sum(up{a="b"})', 2));
    assert.equal(url.origin + url.pathname, 'http://prom:9090/api/v1/query');
    assert.deepEqual(
      [...url.searchParams],
      [
        ['tenant', 'x'],
        ['namespace', 'shop'],
        ['query', 'sum(up{a="b"})'],
        ['time', '2'],
      ],
    );
  });

  test('a base that sets query or time, or has a fragment, is refused; prefixes and other parameters are not', () => {
    assert.match(prometheusBaseUrlProblem('http://prom:9090/?query=up') ?? '', /'query'/);
    assert.match(prometheusBaseUrlProblem('http://prom:9090/?time=1&query=up') ?? '', /'query' and 'time'/);
    assert.match(prometheusBaseUrlProblem('http://prom:9090/#x') ?? '', /fragment/);
    assert.match(prometheusBaseUrlProblem('ftp://prom') ?? '', /http/);
    assert.equal(prometheusBaseUrlProblem('https://host/prometheus/?tenant=x'), undefined);
  });

  test('automation.prometheusUrl with a reserved parameter is a spec error, its values redacted', () => {
    const spec = meshSpec('checkout');
    const issues = validate({
      ...spec,
      automation: {
        image: 'ghcr.io/acme/canary-kit-gate:0.1.0',
        prometheusUrl: 'http://prom:9090/?token=s3cret&query=up',
      },
    });
    const issue = issues.find((i) => i.path === 'automation.prometheusUrl');
    assert.ok(issue, JSON.stringify(issues));
    assert.match(issue.message, /'query'/);
    assert.doesNotMatch(JSON.stringify(issue), /s3cret/);
  });
});

describe('the gate behind a path prefix with a tenant parameter', () => {
  test('every request goes to <prefix>/api/v1/query with the parameter, and no output shows its value', async () => {
    const proxy = await startTestServer(() => ({ status: 200, body: EMPTY_VECTOR }));
    try {
      const file = writeTempFile(`${JSON.stringify(meshSpec('checkout'))}\n`, 'checkout.json');
      const run = await runGateCli([
        '--spec',
        file,
        '--prometheus',
        `${proxy.url}/prometheus?tenant=s3cret-token`,
        '--time',
        '1704067200',
        '--format',
        'json',
      ]);
      assert.equal(run.code, 3, run.stdout + run.stderr);
      assert.ok(proxy.requests.length > 0);
      for (const request of proxy.requests) {
        const url = new URL(request.url, proxy.url);
        assert.equal(url.pathname, '/prometheus/api/v1/query');
        assert.equal(url.searchParams.get('tenant'), 's3cret-token');
        assert.ok(url.searchParams.get('query'));
      }
      assert.doesNotMatch(run.stdout + run.stderr, /s3cret/);
    } finally {
      await proxy.close();
    }
  });

  test('--prometheus with the reserved parameter query exits 2 and does not print the value', async () => {
    const file = writeTempFile(`${JSON.stringify(meshSpec('checkout'))}\n`, 'checkout.json');
    const run = await runGateCli(['--spec', file, '--prometheus', 'http://prom:9090/?query=s3cret']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /sets the query parameter 'query'/);
    assert.doesNotMatch(run.stdout + run.stderr, /s3cret/);
  });
});
