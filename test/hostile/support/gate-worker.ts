/** A worker thread that runs `gate --apply gitops` on request, for the concurrency test. */
import { parentPort } from 'node:worker_threads';
import { runGate } from '../../../lib/gate/run-gate';
import { fakePrometheusFetch, FakeSignals } from '../../gate/support/fake-prometheus';

/** One request: run the gate on `file` with Prometheus answering `signals`. */
export interface GateWorkerRequest {
  readonly file: string;
  readonly signals: FakeSignals;
  /**
   * A barrier: `[arrived, expected]`. Each run counts itself in when it first asks Prometheus
   * (after reading the spec) and waits until every run has, so all runs decide on the same file.
   */
  readonly barrier: Int32Array;
}

async function arriveAndWait(barrier: Int32Array): Promise<void> {
  Atomics.add(barrier, 0, 1);
  while (Atomics.load(barrier, 0) < Atomics.load(barrier, 1)) await new Promise((r) => setTimeout(r, 2));
}

/** What the run did. */
export interface GateWorkerResult {
  readonly decision: string;
  readonly status: string;
  readonly exitCode: number;
  readonly error?: string;
}

function barrierFetch(request: GateWorkerRequest): typeof fetch {
  const answer = fakePrometheusFetch(request.signals);
  let first = true;
  return (async (input: string | URL | Request, init?: RequestInit) => {
    if (first) {
      first = false;
      await arriveAndWait(request.barrier);
    }
    return answer(input, init);
  }) as typeof fetch;
}

parentPort?.on('message', (request: GateWorkerRequest) => {
  runGate(
    {
      specFile: request.file,
      prometheusUrl: 'http://prometheus.test:9090',
      apply: 'gitops',
      time: new Date('2026-11-24T18:00:00Z'),
    },
    { fetch: barrierFetch(request), env: {} },
  ).then(
    ({ record, exitCode }) =>
      parentPort?.postMessage({ decision: record.decision, status: record.apply.status, exitCode }),
    (error: Error) =>
      parentPort?.postMessage({ decision: 'none', status: 'error', exitCode: -1, error: error.message }),
  );
});
