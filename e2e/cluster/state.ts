/** The running control plane, as `cluster up` records it in `.e2e/state.json`. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { STATE_PATH } from './paths';
import { StartedProcess } from './processes';

/** What `up` started and where it listens. */
export interface ClusterState {
  readonly processes: StartedProcess[];
  readonly apiServerUrl: string;
  readonly prometheusUrl: string;
  readonly exporterUrl: string;
  readonly flaggerUrl: string;
  readonly kubeconfig: string;
}

/** The recorded state, or undefined when no control plane was started. */
export function readState(): ClusterState | undefined {
  if (!existsSync(STATE_PATH)) return undefined;
  return JSON.parse(readFileSync(STATE_PATH, 'utf8')) as ClusterState;
}

/** Records the state (0600: it names the processes to kill). */
export function writeState(state: ClusterState): void {
  writeFileSync(STATE_PATH, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}
