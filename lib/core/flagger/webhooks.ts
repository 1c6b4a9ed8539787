/**
 * Flagger webhooks: the spec's per-type lists and typed load tests resolved into the Canary's
 * `analysis.webhooks`, in lifecycle order. Facts cited from fluxcd/flagger v1.44.0.
 */
import { DEFAULT_WEBHOOK_TIMEOUT } from '../defaults';
import { LoadTestSpec, WebhookSpec, WebhooksSpec } from '../spec';
import { loadTestCommand } from './load-test';

/** Flagger's webhook types (pkg/apis/flagger/v1beta1/canary.go, `HookType`). */
export type WebhookType =
  | 'confirm-rollout'
  | 'pre-rollout'
  | 'rollout'
  | 'confirm-traffic-increase'
  | 'confirm-promotion'
  | 'post-rollout'
  | 'rollback'
  | 'event';

/** A Flagger webhook with its Flagger type and every default applied. */
export interface WebhookPlan {
  readonly name: string;
  readonly type: WebhookType;
  readonly url: string;
  /** Timeout of one call. */
  readonly timeout: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** Retries of a failed call (0: none). */
  readonly retries: number;
  /** Skip TLS verification. */
  readonly disableTls: boolean;
  /** Mute the gate's "waiting for approval" alert. */
  readonly muteAlert: boolean;
}

/** The spec key of each webhook type, in lifecycle order (the order of the rendered list). */
export const WEBHOOK_KEYS: ReadonlyArray<readonly [keyof WebhooksSpec, WebhookType]> = [
  ['confirmRollout', 'confirm-rollout'],
  ['preRollout', 'pre-rollout'],
  ['rollout', 'rollout'],
  ['confirmTrafficIncrease', 'confirm-traffic-increase'],
  ['confirmPromotion', 'confirm-promotion'],
  ['postRollout', 'post-rollout'],
  ['rollbackTrigger', 'rollback'],
  ['event', 'event'],
];

/**
 * The types whose failure Flagger turns into an alert that `muteAlert` silences: only the three
 * gates call `c.alert(...)` when `!webhook.MuteAlert` (pkg/controller/scheduler_hooks.go).
 */
export const MUTABLE_WEBHOOK_TYPES: ReadonlySet<WebhookType> = new Set([
  'confirm-rollout',
  'confirm-traffic-increase',
  'confirm-promotion',
]);

/** Default load tester address: the flagger-loadtester of Flagger's Istio tutorial. */
export const DEFAULT_LOAD_TESTER_URL = 'http://flagger-loadtester.test/';

/** Name of the n-th (0-based) of `count` hooks of one kind: `base`, or `base-1`, `base-2`, ... */
export function defaultHookName(base: string, index: number, count: number): string {
  return count > 1 ? `${base}-${index + 1}` : base;
}

function hookPlan(type: WebhookType, name: string, hook: WebhookSpec): WebhookPlan {
  return {
    name,
    type,
    url: hook.url,
    timeout: hook.timeout ?? DEFAULT_WEBHOOK_TIMEOUT,
    metadata: hook.metadata ?? {},
    retries: hook.retries ?? 0,
    disableTls: hook.disableTls ?? false,
    muteAlert: hook.muteAlert ?? false,
  };
}

function loadTestPlan(test: LoadTestSpec, name: string): WebhookPlan {
  return {
    name,
    type: 'rollout',
    url: test.loadTesterUrl ?? DEFAULT_LOAD_TESTER_URL,
    timeout: test.timeout ?? DEFAULT_WEBHOOK_TIMEOUT,
    // `type: cmd` is the load tester's shell task, run with `sh -c` (pkg/loadtester/task_shell.go).
    metadata: { type: 'cmd', cmd: loadTestCommand(test) },
    retries: 0,
    disableTls: false,
    muteAlert: false,
  };
}

/**
 * Every webhook of the spec in lifecycle order; the load tests follow the `rollout` hooks.
 * Flagger runs the hooks of one type in list order and stops at the first that fails.
 */
export function resolveWebhooks(
  webhooks: WebhooksSpec | undefined,
  loadTests: readonly LoadTestSpec[] | undefined,
): WebhookPlan[] {
  const given = webhooks ?? {};
  const tests = loadTests ?? [];
  return WEBHOOK_KEYS.flatMap(([key, type]) => {
    const hooks = given[key] ?? [];
    const plans = hooks.map((hook, i) =>
      hookPlan(type, hook.name ?? defaultHookName(type, i, hooks.length), hook),
    );
    if (type !== 'rollout') return plans;
    return [
      ...plans,
      ...tests.map((test, i) =>
        loadTestPlan(test, test.name ?? defaultHookName('load-test', i, tests.length)),
      ),
    ];
  });
}
