/**
 * A real Prometheus (Debian's `prometheus` package) scraping the traffic exporter every second and
 * Flagger's own metrics endpoint, so that Flagger's MetricTemplate queries and `canary-kit gate`
 * read live series.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_DIR } from './paths';
import { startProcess, StartedProcess, waitReady } from './processes';

/** Starts Prometheus on `port` and waits for `/-/ready`. */
export async function startPrometheus(
  port: number,
  targets: { exporter: number; flagger: number },
): Promise<StartedProcess> {
  const dir = join(E2E_DIR, 'prometheus');
  mkdirSync(join(dir, 'data'), { recursive: true });
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    '  - job_name: istio-traffic',
    '    static_configs:',
    `      - targets: ['127.0.0.1:${targets.exporter}']`,
    '  - job_name: flagger',
    '    static_configs:',
    `      - targets: ['127.0.0.1:${targets.flagger}']`,
    '',
  ].join('\n');
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, config);
  const proc = startProcess('prometheus', 'prometheus', [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--storage.tsdb.retention.time=1d',
  ]);
  await waitReady(proc, `http://127.0.0.1:${port}/-/ready`, { timeoutMs: 60_000 });
  return proc;
}
