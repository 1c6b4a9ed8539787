import { gateNotificationEnv } from '../flagger/notifications';
import { DEFAULT_RUN_AS_USER } from '../defaults';
import { cronMaxGapSeconds } from '../cron';
import { CanaryPlan } from '../plan';
import { GATE_SPEC_FILE, GATE_SPEC_MOUNT_PATH, gateSpecYaml } from './gate-spec';
import { objectMeta, RenderedResource } from './resource';

/** Label that tells the gate's objects apart from the service's. */
export const GATE_COMPONENT = { 'app.kubernetes.io/component': 'canary-gate' } as const;
/** Name of the gate container. */
export const GATE_CONTAINER_NAME = 'gate';
/** Secret (optional) whose key `slack-webhook-url` becomes `CANARY_KIT_SLACK_WEBHOOK_URL`. */
export const GATE_NOTIFICATION_SECRET_KEY = 'slack-webhook-url';
/** Longest CronJob name: the controller appends 11 characters to name its Jobs (Kubernetes docs). */
export const MAX_CRON_JOB_NAME_LENGTH = 52;

/** The gate's names: SA, Role, RoleBinding and CronJob `<name>-gate`, ConfigMap `<name>-gate-spec`. */
export function gateNames(plan: CanaryPlan): {
  readonly gate: string;
  readonly cronJob: string;
  readonly specConfigMap: string;
  readonly notificationSecret: string;
} {
  const gate = plan.names.gate;
  return {
    gate,
    cronJob:
      gate.length <= MAX_CRON_JOB_NAME_LENGTH
        ? gate
        : shortened(plan.names.name, '-gate', MAX_CRON_JOB_NAME_LENGTH),
    specConfigMap: `${gate}-spec`,
    notificationSecret: `${gate}-notifications`,
  };
}

/** `<name cut>-<8 hex digits of a hash of the name><suffix>`, at most `max` characters, still unique. */
function shortened(name: string, suffix: string, max: number): string {
  let hash = 0x811c9dc5;
  for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  const head = name.slice(0, max - suffix.length - 9).replace(/-+$/, '');
  return `${head}-${hash.toString(16).padStart(8, '0')}${suffix}`;
}

/**
 * The gate of `mesh` mode with `automation`: a ServiceAccount; a Role that may only `get` and
 * `patch` the one VirtualService, `get` the two Deployments and `patch` the canary's scale (by
 * `resourceNames`); its
 * RoleBinding; a ConfigMap with the spec the gate reads; and a CronJob running
 * `canary-kit gate --apply in-cluster` on the spec's schedule.
 *
 * - `concurrencyPolicy: Forbid`: two runs must never patch the same weights at once;
 * - `backoffLimit: 0`, `restartPolicy: Never`: a failed run is not retried (a hold or rollback
 *   exits non-zero on purpose; the next scheduled run reads fresh state);
 * - `activeDeadlineSeconds`: a run ends before the next one is due;
 * - `sidecar.istio.io/inject: "false"`: an injected sidecar keeps running after the gate exits,
 *   so the Job would never complete;
 * - the pod is restricted like the service's Deployments (non-root, no privilege escalation, no
 *   capabilities, read-only root filesystem, RuntimeDefault seccomp).
 */
export function renderGate(plan: CanaryPlan): RenderedResource[] {
  const automation = plan.automation;
  if (plan.mode !== 'mesh' || !automation) return [];
  const names = gateNames(plan);
  const { namespace } = plan.names;
  const meta = (name: string) => objectMeta(plan, name, { labels: { ...GATE_COMPONENT } });
  const gap = cronMaxGapSeconds(automation.schedule);
  const serviceAccount: RenderedResource = {
    id: 'gate-service-account',
    dependsOn: [],
    manifest: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(names.gate) },
  };
  const role: RenderedResource = {
    id: 'gate-role',
    dependsOn: [],
    manifest: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta(names.gate),
      rules: [
        {
          apiGroups: ['networking.istio.io'],
          resources: ['virtualservices'],
          resourceNames: [plan.names.name],
          verbs: ['get', 'patch'],
        },
        {
          apiGroups: ['apps'],
          resources: ['deployments'],
          resourceNames: [plan.names.stable, plan.names.canary],
          verbs: ['get'],
        },
        // The canary's replicas only: sized to the share the gate sets, zero on rollback. The
        // scale subresource exposes nothing but spec.replicas, and a JSON Patch needs only the
        // patch verb (the API server reads the object itself).
        {
          apiGroups: ['apps'],
          resources: ['deployments/scale'],
          resourceNames: [plan.names.canary],
          verbs: ['patch'],
        },
      ],
    },
  };
  const roleBinding: RenderedResource = {
    id: 'gate-role-binding',
    dependsOn: ['gate-service-account', 'gate-role'],
    manifest: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(names.gate),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: names.gate },
      subjects: [{ kind: 'ServiceAccount', name: names.gate, namespace }],
    },
  };
  const specConfigMap: RenderedResource = {
    id: 'gate-spec',
    dependsOn: [],
    manifest: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(names.specConfigMap),
      data: { [GATE_SPEC_FILE]: gateSpecYaml(plan) },
    },
  };
  const container = {
    name: GATE_CONTAINER_NAME,
    image: automation.image,
    args: [
      'gate',
      '--spec',
      `${GATE_SPEC_MOUNT_PATH}/${GATE_SPEC_FILE}`,
      '--prometheus',
      automation.prometheusUrl,
      '--apply',
      'in-cluster',
      '--format',
      'json',
    ],
    env: [
      {
        name: 'CANARY_KIT_SLACK_WEBHOOK_URL',
        valueFrom: {
          secretKeyRef: { name: names.notificationSecret, key: GATE_NOTIFICATION_SECRET_KEY, optional: true },
        },
      },
      // Each receiver's Secret, as Flagger's AlertProvider reads it (keys `address` and `token`).
      // Optional: a missing Secret must not keep the gate from deciding; the gate then records
      // the notification as failed and names the variable.
      ...plan.notifications.flatMap((n) => {
        const env = gateNotificationEnv(n.name);
        return [
          {
            name: env.url,
            valueFrom: { secretKeyRef: { name: n.secretRef, key: 'address', optional: true } },
          },
          ...(n.type === 'slack'
            ? [
                {
                  name: env.token,
                  valueFrom: { secretKeyRef: { name: n.secretRef, key: 'token', optional: true } },
                },
              ]
            : []),
        ];
      }),
    ],
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
    },
    volumeMounts: [
      { name: 'spec', mountPath: GATE_SPEC_MOUNT_PATH, readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
    ],
  };
  const cronJob: RenderedResource = {
    id: 'gate-cron-job',
    dependsOn: ['gate-spec', 'gate-role-binding'],
    manifest: {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta(names.cronJob),
      spec: {
        schedule: automation.schedule,
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 60,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels: { ...plan.labels, ...GATE_COMPONENT } },
          spec: {
            backoffLimit: 0,
            activeDeadlineSeconds: Math.max(60, gap ?? 300),
            template: {
              metadata: {
                labels: { ...plan.labels, ...GATE_COMPONENT },
                annotations: { 'sidecar.istio.io/inject': 'false' },
              },
              spec: {
                serviceAccountName: names.gate,
                automountServiceAccountToken: true,
                restartPolicy: 'Never',
                securityContext: {
                  runAsNonRoot: true,
                  runAsUser: DEFAULT_RUN_AS_USER,
                  runAsGroup: DEFAULT_RUN_AS_USER,
                  seccompProfile: { type: 'RuntimeDefault' },
                },
                containers: [container],
                volumes: [
                  { name: 'spec', configMap: { name: names.specConfigMap } },
                  { name: 'tmp', emptyDir: {} },
                ],
              },
            },
          },
        },
      },
    },
  };
  return [serviceAccount, role, roleBinding, specConfigMap, cronJob];
}
