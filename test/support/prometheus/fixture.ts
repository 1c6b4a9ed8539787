/**
 * A Prometheus server bound to a `describe` block: started in `before`, always stopped in `after`
 * (even when a test or the startup fails), so no server outlives its suite.
 */
import { after, before } from 'node:test';
import { startPrometheus, type PrometheusServer, type StartPrometheusOptions } from './server';

/** Access to the suite's server from inside its tests. */
export interface PrometheusFixture {
  /** Base URL of the running server; throws when read before `before` ran or after it failed. */
  readonly url: string;
  /** The running server; same conditions as `url`. */
  readonly server: PrometheusServer;
}

/**
 * Registers `before`/`after` hooks in the current `describe` that run a server with the data
 * `load` returns (e.g. `() => ({ openMetrics: buildIstioOpenMetrics(scenario) })`).
 */
export function usePrometheus(
  load: () => StartPrometheusOptions | Promise<StartPrometheusOptions>,
): PrometheusFixture {
  let server: PrometheusServer | undefined;
  before(async () => {
    server = await startPrometheus(await load());
  });
  after(async () => {
    await server?.stop();
    server = undefined;
  });
  const current = (): PrometheusServer => {
    if (!server)
      throw new Error('the Prometheus server of this suite is not running (did its before hook fail?)');
    return server;
  };
  return {
    get url() {
      return current().url;
    },
    get server() {
      return current();
    },
  };
}
