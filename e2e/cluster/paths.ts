/**
 * Where the local control plane keeps its files. Everything lives under `.e2e/` in the repository
 * (gitignored): the kubeconfig at a fixed path so users and tests find it, logs and the state of the
 * running processes. The real binaries come from the tools cache that e2e/tools/build.sh fills.
 */
import { join, resolve } from 'node:path';

/** The repository root (this file is compiled to build/e2e/cluster/). */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
/** The control plane's working folder. */
export const E2E_DIR = join(REPO_ROOT, '.e2e');
/** The kubeconfig that `cluster up` writes (admin user). */
export const KUBECONFIG_PATH = join(E2E_DIR, 'kubeconfig');
/** Process ids, ports and URLs of the running control plane. */
export const STATE_PATH = join(E2E_DIR, 'state.json');
/** One log file per process. */
export const LOG_DIR = join(E2E_DIR, 'logs');
/** The tools cache, as e2e/tools/build.sh computes it. */
export const TOOLS_DIR = process.env.CANARY_KIT_TOOLS_DIR ?? join(REPO_ROOT, '.tools');
/** The built binaries. */
export const TOOLS_BIN = join(TOOLS_DIR, 'bin');
/** The CRDs generated from ../shared/crds by `npm run gen:crds`. */
export const CRD_DIR = join(REPO_ROOT, 'imports', 'crds');

/** Path of a built tool, e.g. `tool('kube-apiserver')`. */
export function tool(name: string): string {
  return join(TOOLS_BIN, name);
}
