import { CanaryServiceSpec } from '../../../lib';

// Specs that exercise what the fixtures may not: the `mesh` gate's kinds (ServiceAccount, Role,
// RoleBinding, CronJob) and an autoscaled `mesh` Deployment.

/** `mesh` mode with a dark launch and the gate (`automation`), which patches the weights in the cluster. */
export const MESH: CanaryServiceSpec = {
  name: 'ledger',
  namespace: 'shop',
  mode: 'mesh',
  workload: { image: 'ghcr.io/acme/ledger:2.3.0', canaryImage: 'ghcr.io/acme/ledger:2.4.0', replicas: 3 },
  service: { gateways: ['istio-system/public-gateway'], hosts: ['ledger.example.com'] },
  traffic: {
    stages: [
      { name: 'one', canaryWeight: 1 },
      { name: 'ten', canaryWeight: 10 },
    ],
    stage: 'one',
    darkLaunchHeaders: { 'x-canary': 'true' },
  },
  automation: { image: 'ghcr.io/acme/canary-kit-gate:0.1.0' },
};
/** `mesh` mode with an autoscaler on the stable Deployment, without the gate. */
export const MESH_AUTOSCALED: CanaryServiceSpec = {
  ...MESH,
  automation: undefined,
  workload: {
    image: 'ghcr.io/acme/ledger:2.3.0',
    canaryImage: 'ghcr.io/acme/ledger:2.4.0',
    autoscaling: { minReplicas: 3, maxReplicas: 9 },
  },
};
