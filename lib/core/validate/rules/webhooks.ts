import { DEFAULT_MODE } from '../../defaults';
import { defaultHookName, MUTABLE_WEBHOOK_TYPES, WEBHOOK_KEYS } from '../../flagger/webhooks';
import { CanaryServiceSpec, LoadTestSpec, WebhookSpec } from '../../spec';
import { isHttpUrl, matchesFormat } from '../formats';
import { IssueCollector, join } from '../issues';
import { checkFlaggerDuration } from './analysis';
import { FORMATS } from '../patterns';
import { checkSpecNumber } from './numbers';

function checkUrl(path: string, url: unknown, issues: IssueCollector): void {
  if (typeof url === 'string' && !isHttpUrl(url)) {
    issues.add(path, url, 'is not an http(s) URL. Use e.g. http://flagger-loadtester.test/.');
  }
}

function checkHook(path: string, type: string, hook: WebhookSpec, issues: IssueCollector): void {
  checkUrl(join(path, 'url'), hook.url, issues);
  checkFlaggerDuration(join(path, 'timeout'), hook.timeout, issues);
  checkSpecNumber(join(path, 'retries'), hook.retries, 'WebhookSpec.retries', issues);
  if (hook.muteAlert === true && !MUTABLE_WEBHOOK_TYPES.has(type as never)) {
    issues.add(
      join(path, 'muteAlert'),
      hook.muteAlert,
      `has no effect on a ${type} hook: Flagger alerts only from confirm-rollout, confirm-traffic-increase and confirm-promotion hooks. Remove it.`,
    );
  }
  if (hook.disableTls === true && typeof hook.url === 'string' && hook.url.startsWith('http://')) {
    issues.add(
      join(path, 'disableTls'),
      hook.disableTls,
      'has no effect on an http:// URL. Remove it, or use https://.',
    );
  }
}

/** `host:port` as ghz takes its target. */
const HOST_PORT = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?:[0-9]{1,5}$/;

function checkLoadTest(path: string, test: LoadTestSpec, issues: IssueCollector): void {
  const ghz = test.tool === 'ghz';
  if (typeof test.target === 'string') {
    if (ghz && !HOST_PORT.test(test.target)) {
      issues.add(
        join(path, 'target'),
        test.target,
        'is not a host:port, which ghz needs. Use e.g. checkout-canary.shop:9090.',
      );
    } else if (!ghz && !isHttpUrl(test.target)) {
      issues.add(
        join(path, 'target'),
        test.target,
        'is not an http(s) URL, which hey needs. Use e.g. http://checkout-canary.shop/.',
      );
    }
  }
  if (ghz) {
    for (const field of ['method', 'contentType'] as const) {
      if (test[field] !== undefined) {
        issues.add(
          join(path, field),
          test[field],
          'applies to hey only; ghz calls a gRPC method. Remove it.',
        );
      }
    }
    if (test.call === undefined) {
      issues.add(
        join(path, 'call'),
        undefined,
        'is required with tool: ghz. Give the gRPC method, e.g. grpc.health.v1.Health/Check.',
      );
    } else if (
      typeof test.call === 'string' &&
      !/^[A-Za-z_][A-Za-z0-9_.]*[/.][A-Za-z_][A-Za-z0-9_]*$/.test(test.call)
    ) {
      issues.add(
        join(path, 'call'),
        test.call,
        'is not a fully-qualified gRPC method. Use package.Service/Method, e.g. grpc.health.v1.Health/Check.',
      );
    }
  } else {
    if (test.call !== undefined) {
      issues.add(join(path, 'call'), test.call, 'applies to ghz only. Set tool: ghz, or remove call.');
    }
    if (test.body !== undefined && (test.method ?? 'GET') === 'GET') {
      issues.add(
        join(path, 'body'),
        test.body,
        'is sent only with method: POST. Set method: POST, or remove body.',
      );
    }
    if (test.contentType !== undefined && test.body === undefined) {
      issues.add(
        join(path, 'contentType'),
        test.contentType,
        'has no effect without a body. Remove it, or add body.',
      );
    }
  }
  if (typeof test.duration === 'string' && !matchesFormat(FORMATS.loadDuration, test.duration)) {
    issues.add(join(path, 'duration'), test.duration, 'is not a duration. Use e.g. "1m" or "30s".');
  }
  checkSpecNumber(join(path, 'rate'), test.rate, 'LoadTestSpec.rate', issues);
  checkSpecNumber(join(path, 'concurrency'), test.concurrency, 'LoadTestSpec.concurrency', issues);
  for (const [name, value] of Object.entries(test.headers ?? {})) {
    const headerPath = join(join(path, 'headers'), name);
    if (!matchesFormat(FORMATS.headerName, name)) {
      issues.add(headerPath, name, 'is not an HTTP header name. Use letters, digits and "-".');
    } else if (typeof value === 'string' && !matchesFormat(FORMATS.singleLine, value)) {
      issues.add(headerPath, value, 'contains a line break. Remove it.');
    }
  }
  checkUrl(join(path, 'loadTesterUrl'), test.loadTesterUrl, issues);
  checkFlaggerDuration(join(path, 'timeout'), test.timeout, issues);
}

/**
 * Flagger's webhooks and typed load tests: URLs, timeouts, retries, options that Flagger ignores
 * for a type, hooks Flagger never calls for the strategy, and unique names.
 */
export function checkWebhooks(spec: CanaryServiceSpec, issues: IssueCollector): void {
  const analysis = spec.analysis;
  if (!analysis || (spec.mode ?? DEFAULT_MODE) === 'mesh') return; // reported by checkAnalysis
  const webhooks = analysis.webhooks ?? {};
  const names = new Map<string, string>();
  const claim = (path: string, name: string): void => {
    const first = names.get(name);
    if (first !== undefined) {
      issues.add(path, name, `is the name of ${first} too. Give every webhook its own name.`);
    } else {
      names.set(name, path);
    }
  };
  for (const [key, type] of WEBHOOK_KEYS) {
    const hooks = webhooks[key] ?? [];
    hooks.forEach((hook, index) => {
      const path = join(join('analysis.webhooks', key), index);
      checkHook(path, type, hook, issues);
      claim(join(path, 'name'), hook.name ?? defaultHookName(type, index, hooks.length));
    });
  }
  const tests = analysis.loadTests ?? [];
  tests.forEach((test, index) => {
    const path = join('analysis.loadTests', index);
    checkLoadTest(path, test, issues);
    claim(join(path, 'name'), test.name ?? defaultHookName('load-test', index, tests.length));
  });
  // Flagger calls confirm-traffic-increase hooks only on the progressive path, before a weight
  // increase (pkg/controller/scheduler.go: after the runAB/runBlueGreen returns, `runConfirmTrafficIncreaseHooks`).
  if (analysis.iterations !== undefined && (webhooks.confirmTrafficIncrease ?? []).length > 0) {
    issues.add(
      'analysis.webhooks.confirmTrafficIncrease',
      webhooks.confirmTrafficIncrease,
      'is never called with analysis.iterations: Blue/Green and A/B testing shift no weights. Use confirmPromotion, or remove it.',
    );
  }
}
