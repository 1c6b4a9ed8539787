/**
 * A local HTTP receiver for Flagger's webhooks: records every call Flagger makes (in order, with the
 * payload Flagger sends) and answers with the status the test chooses per path. Flagger runs on this
 * machine, so `http://127.0.0.1:<port>/<path>` reaches it.
 *
 * Flagger POSTs `{ name, namespace, phase, checksum, metadata }` and reads 200-202 as success
 * (fluxcd/flagger v1.44.0 pkg/controller/webhook.go, `callWebhook`: `r.StatusCode > 202` is an error).
 */
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** One call Flagger made. */
export interface WebhookCall {
  /** The URL path the hook was configured with, e.g. `/confirm-promotion`. */
  readonly path: string;
  /** The Canary's name and namespace, as Flagger sends them. */
  readonly name: string;
  readonly namespace: string;
  /** The Canary's phase when Flagger called (for `post-rollout`: `Succeeded` or `Failed`). */
  readonly phase: string;
  /** The hook's metadata (for `event` hooks: `eventMessage`, `eventType`, `timestamp`). */
  readonly metadata: Record<string, string>;
  /** Milliseconds since the epoch when the call arrived. */
  readonly at: number;
  /** The status the receiver answered. */
  readonly status: number;
  /** The request body as received (alert providers post their own shapes, e.g. Slack's). */
  readonly raw: string;
}

/** The status to answer for a path; changeable while the test runs. */
export type Answer = number | ((call: Omit<WebhookCall, 'status' | 'raw'>) => number);

/** A running receiver. */
export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every call, in arrival order. */
  readonly calls: WebhookCall[];
  /** Sets the answer for a path (default 200). */
  answer(path: string, answer: Answer): void;
  /** Calls to one path. */
  callsTo(path: string): WebhookCall[];
  /** Resolves once a call to `path` arrived (that satisfies `where`), or rejects after `timeoutMs`. */
  waitFor(path: string, timeoutMs: number, where?: (call: WebhookCall) => boolean): Promise<WebhookCall>;
  /** Stops listening. */
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 and a free port. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const calls: WebhookCall[] = [];
  const answers = new Map<string, Answer>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: { name?: string; namespace?: string; phase?: string; metadata?: Record<string, string> } = {};
      const raw = Buffer.concat(chunks).toString('utf8');
      try {
        body = JSON.parse(raw) as typeof body;
      } catch {
        // recorded with empty fields; the test's assertions will say what is missing
      }
      const path = (req.url ?? '/').split('?')[0];
      const call = {
        path,
        name: body.name ?? '',
        namespace: body.namespace ?? '',
        phase: body.phase ?? '',
        metadata: body.metadata ?? {},
        at: Date.now(),
      };
      const answer = answers.get(path) ?? 200;
      const status = typeof answer === 'function' ? answer(call) : answer;
      calls.push({ ...call, status, raw });
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  const callsTo = (path: string): WebhookCall[] => calls.filter((c) => c.path === path);
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    answer: (path, answer) => void answers.set(path, answer),
    callsTo,
    async waitFor(path, timeoutMs, where = () => true) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = callsTo(path).find(where);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(
            `no matching call to ${path} within ${timeoutMs / 1000}s; calls: ${describeCalls(calls)}`,
          );
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    close: () => new Promise<void>((resolveClose) => server.close(() => resolveClose())),
  };
}

/** The calls as one line each (path, phase, status), for failure messages. */
export function describeCalls(calls: readonly WebhookCall[]): string {
  return calls
    .map((c) => `${new Date(c.at).toISOString().slice(11, 23)} ${c.path} phase=${c.phase} -> ${c.status}`)
    .join('\n');
}
