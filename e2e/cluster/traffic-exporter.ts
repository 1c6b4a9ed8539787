/**
 * The traffic exporter: serves, in Prometheus' text format, the Istio standard metrics that every
 * canary-kit query reads (`istio_requests_total`, `istio_request_duration_milliseconds_bucket`, as
 * the destination proxy reports them), for workloads whose request rate, error share and latency
 * the tests set over HTTP. It stands in for Envoy sidecars (nothing here runs pods); the queries,
 * Prometheus, Flagger and the gate that read these series are all real.
 *
 *   PUT /workloads/<namespace>/<workload>  {"rps":10,"errorPercent":0,"latencyMs":50,"service":"x","version":"canary"}
 *   DELETE /workloads/<namespace>/<workload>
 *   GET /metrics
 *
 * Counters grow continuously at the configured rate (fractional counts, as Envoy's are not), so a
 * `rate()` over any window reads the configured value.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';

/** The traffic of one workload. */
export interface WorkloadTraffic {
  /** Requests per second. */
  readonly rps: number;
  /** Share of 5xx answers, 0-100. */
  readonly errorPercent: number;
  /** Latency of every request, in milliseconds. */
  readonly latencyMs: number;
  /** `destination_service_name`; defaults to the workload's name. */
  readonly service?: string;
  /** `destination_version` (the pod's `version` label in `mesh` mode). */
  readonly version?: string;
}

/** Histogram bucket bounds of Istio's request duration (milliseconds), as Istio's defaults. */
export const LATENCY_BUCKETS_MS = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000];

interface Series {
  traffic: WorkloadTraffic;
  ok: number;
  errors: number;
  updatedAt: number;
}

/** The exporter's state: one entry per `<namespace>/<workload>`. */
export class TrafficExporter {
  private readonly series = new Map<string, Series>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Sets (or replaces) a workload's traffic; counters carry on from where they were. */
  set(namespace: string, workload: string, traffic: WorkloadTraffic): void {
    const key = `${namespace}/${workload}`;
    const existing = this.series.get(key);
    if (existing) {
      this.advance(existing);
      existing.traffic = traffic;
    } else this.series.set(key, { traffic, ok: 0, errors: 0, updatedAt: this.now() });
  }

  /** Stops a workload's traffic (its series disappear). */
  remove(namespace: string, workload: string): void {
    this.series.delete(`${namespace}/${workload}`);
  }

  private advance(s: Series): void {
    const now = this.now();
    const requests = (s.traffic.rps * (now - s.updatedAt)) / 1000;
    s.errors += (requests * s.traffic.errorPercent) / 100;
    s.ok += requests - (requests * s.traffic.errorPercent) / 100;
    s.updatedAt = now;
  }

  /** The metrics page. */
  render(): string {
    const lines = [
      '# TYPE istio_requests_total counter',
      '# TYPE istio_request_duration_milliseconds histogram',
    ];
    const keys = [...this.series.keys()].sort();
    for (const key of keys) {
      const s = this.series.get(key)!;
      this.advance(s);
      const [namespace, workload] = key.split('/');
      const labels = [
        'reporter="destination"',
        `destination_workload="${workload}"`,
        `destination_workload_namespace="${namespace}"`,
        `destination_service_name="${s.traffic.service ?? workload}"`,
        `destination_service_namespace="${namespace}"`,
        `destination_version="${s.traffic.version ?? 'unknown'}"`,
      ].join(',');
      for (const [code, count] of [
        ['200', s.ok],
        ['500', s.errors],
      ] as const) {
        lines.push(`istio_requests_total{${labels},response_code="${code}"} ${count}`);
        const total = count;
        for (const le of LATENCY_BUCKETS_MS) {
          const inBucket = s.traffic.latencyMs <= le ? total : 0;
          lines.push(
            `istio_request_duration_milliseconds_bucket{${labels},response_code="${code}",le="${le}"} ${inBucket}`,
          );
        }
        lines.push(
          `istio_request_duration_milliseconds_bucket{${labels},response_code="${code}",le="+Inf"} ${total}`,
        );
        lines.push(
          `istio_request_duration_milliseconds_sum{${labels},response_code="${code}"} ${total * s.traffic.latencyMs}`,
        );
        lines.push(`istio_request_duration_milliseconds_count{${labels},response_code="${code}"} ${total}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > 65_536) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolveBody(text));
    req.on('error', reject);
  });
}

function isTraffic(value: unknown): value is WorkloadTraffic {
  const v = value as Record<string, unknown>;
  const num = (x: unknown, max = Infinity): boolean =>
    typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= max;
  return (
    typeof value === 'object' &&
    value !== null &&
    num(v.rps) &&
    num(v.errorPercent, 100) &&
    num(v.latencyMs) &&
    (v.service === undefined || typeof v.service === 'string') &&
    (v.version === undefined || typeof v.version === 'string')
  );
}

/** Serves an exporter on 127.0.0.1:`port`. */
export function serveTrafficExporter(port: number, exporter = new TrafficExporter()): Promise<Server> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = /^\/workloads\/([a-z0-9-]+)\/([a-z0-9.-]+)$/.exec(url.pathname);
      if (req.method === 'GET' && url.pathname === '/metrics') {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(exporter.render());
      } else if (req.method === 'GET' && url.pathname === '/ready') {
        res.writeHead(200).end('ok\n');
      } else if (match && req.method === 'PUT') {
        let body: unknown;
        try {
          body = JSON.parse(await readBody(req));
        } catch {
          body = undefined;
        }
        if (!isTraffic(body)) {
          res
            .writeHead(400)
            .end('expected {"rps":N,"errorPercent":0-100,"latencyMs":N[,"service":S][,"version":S]}\n');
          return;
        }
        exporter.set(match[1], match[2], body);
        res.writeHead(204).end();
      } else if (match && req.method === 'DELETE') {
        exporter.remove(match[1], match[2]);
        res.writeHead(204).end();
      } else res.writeHead(404).end('not found\n');
    })().catch((error: unknown) => {
      res.writeHead(500).end(`${String(error)}\n`);
    });
  });
  return new Promise((resolveServer, reject) => {
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => resolveServer(server));
  });
}

if (require.main === module) {
  const port = Number(process.argv[2]);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    console.error('usage: traffic-exporter <port>');
    process.exit(2);
  }
  serveTrafficExporter(port).then(
    () => console.log(`traffic exporter on 127.0.0.1:${port}`),
    (error: unknown) => {
      console.error(String(error));
      process.exit(1);
    },
  );
}
