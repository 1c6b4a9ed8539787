/**
 * The command line of a typed load test, as the flagger-loadtester runs it: `sh -c <cmd>`
 * (fluxcd/flagger v1.44.0 pkg/loadtester/task_shell.go), so every argument is shell-quoted here.
 * The load tester image ships `hey` and `ghz` 0.120.0 (Dockerfile.loadtester).
 */
import { LoadTestSpec } from '../spec';

/** Default `-z` of a load test. */
export const DEFAULT_LOAD_TEST_DURATION = '1m';
/** Default rate of a load test (per worker for hey, total for ghz). */
export const DEFAULT_LOAD_TEST_RATE = 10;
/** Default concurrent workers of a load test. */
export const DEFAULT_LOAD_TEST_CONCURRENCY = 2;
/** Default content type of a `hey` POST body. */
export const DEFAULT_LOAD_TEST_CONTENT_TYPE = 'application/json';

/** Quotes one shell word for POSIX `sh`: bare when it is plainly safe, else single-quoted. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The argument list (unquoted) of a load test. */
export function loadTestArgs(test: LoadTestSpec): string[] {
  const duration = test.duration ?? DEFAULT_LOAD_TEST_DURATION;
  const rate = String(test.rate ?? DEFAULT_LOAD_TEST_RATE);
  const concurrency = String(test.concurrency ?? DEFAULT_LOAD_TEST_CONCURRENCY);
  const headers = Object.entries(test.headers ?? {});
  if ((test.tool ?? 'hey') === 'ghz') {
    // ghz speaks plaintext gRPC to the sidecar (`--insecure`); Istio adds mTLS between sidecars.
    return [
      'ghz',
      '--insecure',
      `--call=${test.call ?? ''}`,
      '-z',
      duration,
      '--rps',
      rate,
      '-c',
      concurrency,
      ...(test.body !== undefined ? ['-d', test.body] : []),
      ...(headers.length > 0 ? ['--metadata', JSON.stringify(Object.fromEntries(headers))] : []),
      test.target,
    ];
  }
  const method = test.method ?? 'GET';
  return [
    'hey',
    '-z',
    duration,
    '-q',
    rate,
    '-c',
    concurrency,
    ...(method !== 'GET' ? ['-m', method] : []),
    ...(test.body !== undefined
      ? ['-T', test.contentType ?? DEFAULT_LOAD_TEST_CONTENT_TYPE, '-d', test.body]
      : []),
    ...headers.flatMap(([name, value]) => ['-H', `${name}: ${value}`]),
    test.target,
  ];
}

/** The shell command of a load test, e.g. `hey -z 1m -q 10 -c 2 http://checkout-canary.shop/`. */
export function loadTestCommand(test: LoadTestSpec): string {
  return loadTestArgs(test).map(shellQuote).join(' ');
}
