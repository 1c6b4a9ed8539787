/**
 * The real API server: kine (etcd's API over an in-memory SQLite) and kube-apiserver v1.34 with
 * TLS, RBAC authorization and service-account token signing, on 127.0.0.1 and free ports.
 *
 * Flags follow controller-runtime's envtest control plane and Kubernetes' hack/local-up-cluster.sh
 * (see ../shared/REAL-CONTROLLERS.md): `--advertise-address` avoids the "Unable to find suitable
 * network address" failure on a machine without a default route; `--cert-dir` makes the server write
 * `apiserver.crt` (its serving certificate followed by the self-signed CA that signed it); the
 * ServiceAccount admission plugin is disabled because no controller-manager creates `default`
 * ServiceAccounts (it only affects Pods, and nothing here runs Pods).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { E2E_DIR, KUBECONFIG_PATH, tool } from './paths';
import { sleep, startProcess, StartedProcess, waitReady } from './processes';

/** The admin identity written into the kubeconfig (member of `system:masters`). */
export const ADMIN_USER = 'canary-kit-admin';

/** What `startApiServer` started. */
export interface ApiServer {
  readonly processes: StartedProcess[];
  readonly url: string;
  readonly ca: string;
  readonly adminToken: string;
}

/** Starts kine and kube-apiserver, waits for `/readyz`, writes the kubeconfig. */
export async function startApiServer(ports: { etcd: number; apiserver: number }): Promise<ApiServer> {
  const pki = join(E2E_DIR, 'pki');
  const kine = startProcess('kine', tool('kine'), [
    '--endpoint=memory://',
    `--listen-address=127.0.0.1:${ports.etcd}`,
    // kine's metrics default to :8080; 0 turns them off (REAL-CONTROLLERS.md).
    '--metrics-bind-address=0',
  ]);
  await sleep(300);

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const saKey = join(pki, 'service-account.key');
  writeFileSync(saKey, privateKey.export({ type: 'pkcs1', format: 'pem' }), { mode: 0o600 });
  const adminToken = randomBytes(24).toString('hex');
  const tokens = join(pki, 'tokens.csv');
  // token,user,uid,"groups" (kube-apiserver --token-auth-file).
  writeFileSync(tokens, `${adminToken},${ADMIN_USER},${ADMIN_USER},"system:masters"\n`, { mode: 0o600 });

  const apiserver = startProcess('kube-apiserver', tool('kube-apiserver'), [
    `--etcd-servers=http://127.0.0.1:${ports.etcd}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${ports.apiserver}`,
    `--cert-dir=${pki}`,
    '--authorization-mode=RBAC',
    `--token-auth-file=${tokens}`,
    '--service-account-issuer=https://kubernetes.default.svc',
    `--service-account-key-file=${saKey}`,
    `--service-account-signing-key-file=${saKey}`,
    '--service-cluster-ip-range=10.0.0.0/24',
    '--disable-admission-plugins=ServiceAccount',
    '--enable-priority-and-fairness=false',
    '--profiling=false',
    '--v=1',
  ]);
  const certFile = join(pki, 'apiserver.crt');
  const url = `https://127.0.0.1:${ports.apiserver}`;
  const deadline = Date.now() + 60_000;
  while (!existsSync(certFile) && Date.now() < deadline) await sleep(200);
  if (!existsSync(certFile)) throw new Error(`kube-apiserver wrote no ${certFile}; see ${apiserver.log}`);
  await sleep(200);
  // apiserver.crt = serving certificate, then the CA that signed it: trusting the whole file works.
  const ca = readFileSync(certFile, 'utf8');
  await waitReady(apiserver, `${url}/readyz`, { ca, timeoutMs: 120_000 });
  writeKubeconfig(url, ca, [{ name: ADMIN_USER, token: adminToken }]);
  return { processes: [kine, apiserver], url, ca, adminToken };
}

/** Writes `.e2e/kubeconfig` with one context per user (the first is current). */
export function writeKubeconfig(url: string, ca: string, users: { name: string; token: string }[]): void {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'canary-kit-e2e',
        cluster: { server: url, 'certificate-authority-data': Buffer.from(ca).toString('base64') },
      },
    ],
    users: users.map((u) => ({ name: u.name, user: { token: u.token } })),
    contexts: users.map((u) => ({
      name: u.name === ADMIN_USER ? 'canary-kit-e2e' : u.name,
      context: { cluster: 'canary-kit-e2e', user: u.name },
    })),
    'current-context': 'canary-kit-e2e',
  };
  writeFileSync(KUBECONFIG_PATH, YAML.stringify(config), { mode: 0o600 });
}
