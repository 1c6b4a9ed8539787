/**
 * A stand-in for a Prometheus server that answers too slowly, for tests of clients' timeouts
 * (a real server cannot be made slow on demand). It speaks just enough of the HTTP API: every
 * `/api/v1/query` gets a successful, empty vector after `delayMs`.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running slow server. */
export interface SlowServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Number of query requests received so far. */
  readonly queries: () => number;
  /** Closes the server, dropping requests still waiting. */
  stop(): Promise<void>;
}

/** Starts a server on a random port of 127.0.0.1 that answers queries after `delayMs`. */
export function startSlowPrometheus(delayMs: number): Promise<SlowServer> {
  let count = 0;
  const waiting = new Set<NodeJS.Timeout>();
  const server = createServer((request, response: ServerResponse) => {
    if (!request.url?.startsWith('/api/v1/query')) {
      response.writeHead(request.url === '/-/ready' ? 200 : 404).end();
      return;
    }
    count++;
    const timer = setTimeout(() => {
      waiting.delete(timer);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }));
    }, delayMs);
    waiting.add(timer);
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        queries: () => count,
        stop: () =>
          new Promise((done) => {
            for (const timer of waiting) clearTimeout(timer);
            waiting.clear();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
