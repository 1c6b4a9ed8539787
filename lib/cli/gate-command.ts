import { resolve } from 'node:path';
import { APPLY_MODES, ApplyMode } from '../gate/apply-outcome';
import { READINESS_SOURCES, ReadinessSource } from '../gate/canary-readiness';
import { GateConfigError } from '../gate/errors';
import { NOTIFY_POLICIES, NotifyPolicy, SLACK_WEBHOOK_ENV } from '../gate/notify';
import { formatRecordJson, formatRecordText } from '../gate/record';
import { DEFAULT_DEADLINE_MS, DEFAULT_TIMEOUT_MS, GateDependencies, runGate } from '../gate/run-gate';
import { DEFAULT_CONFIDENCE } from '../gate/thresholds';
import { parseArgs } from './args';
import { CliCommand, EXIT_USAGE, UsageError } from './command';

const USAGE = `Usage: canary-kit gate --spec FILE [--prometheus URL] [--stage NAME]
                       [--format text|json] [--apply none|gitops|in-cluster]
                       [--timeout 10s] [--deadline 2m] [--time RFC3339]
                       [--confidence 0.99]
                       [--notify rollback|all|none] [--kubeconfig FILE]
                       [--readiness-from prometheus|kubernetes]

Decides whether a mesh-mode canary advances, holds or rolls back, from Prometheus
metrics judged against the spec's SLO (the numbers the alerts and dashboard use):
request count, success rate and p99 latency of the canary and stable subsets over
slo.window. Never advances on missing data, before the stage's minimum time
(traffic.stageStartedAt + minDuration), or below traffic.promotionCriteria.
'canary-kit plan SPEC' prints the whole rollout.

  --spec FILE        the CanaryService spec (YAML or JSON)
  --prometheus URL   Prometheus base URL (default: automation.prometheusUrl)
  --stage NAME       the stage the rollout must be at; refuses (exit 2) otherwise
  --format           text (default) or json: one decision record per run
  --apply            none (default): decide only
                     gitops: rewrite the spec file's stage/canaryWeight and
                       stageStartedAt in place (rollback: canaryWeight 0 and a
                       traffic.rollback record, which scales the canary to zero)
                     in-cluster: JSON-patch the live VirtualService (weights and
                       stage clock; on rollback every route) and the canary's
                       scale, with the pod's service account (or --kubeconfig)
  --timeout          per Prometheus request and Kubernetes API call, e.g. 10s or
                     500ms (default ${DEFAULT_TIMEOUT_MS / 1000}s, at most 30m)
  --deadline         of the whole run: nothing waits past it, and what is then
                     missing is a hold (default ${DEFAULT_DEADLINE_MS / 60_000}m, at most 30m)
  --time             evaluation time, RFC 3339 or unix seconds (default: now)
  --confidence       one-sided confidence of the error-rate test (default ${DEFAULT_CONFIDENCE})
  --notify           which decisions POST to $${SLACK_WEBHOOK_ENV}
                     (default rollback)
  --kubeconfig FILE  with --apply in-cluster outside a pod: the kubeconfig to use
                     (e.g. a token of the gate's ServiceAccount); with --apply
                     gitops: read the canary's replicas from the API server
  --readiness-from   where the canary's ready replicas are read before a share
                     is given: prometheus (kube-state-metrics) or kubernetes
                     (--kubeconfig, else the pod's service account). Default
                     with --apply gitops: kubernetes with --kubeconfig, else
                     prometheus; with --apply none: not checked. Missing
                     counts hold.

Exit codes: 0 advance, 1 rollback, 3 hold, 2 usage or configuration error.
`;

/** Longest --timeout and --deadline: beyond, a CronJob run would outlive its schedule (and timers overflow). */
const MAX_DURATION_MS = 30 * 60_000;

function parseDuration(flag: string, value: string): number {
  const match = /^(\d{1,9})(ms|s|m)$/.exec(value);
  const ms = match ? Number(match[1]) * (match[2] === 'ms' ? 1 : match[2] === 's' ? 1000 : 60_000) : NaN;
  if (!(ms > 0)) throw new UsageError(`--${flag} '${value}' is not a duration; use e.g. 10s or 500ms.`);
  if (ms > MAX_DURATION_MS) throw new UsageError(`--${flag} '${value}' is longer than 30m; use at most 30m.`);
  return ms;
}

function parseTime(value: string): Date {
  const date = /^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
  if (Number.isNaN(date.getTime()) || !/^\d+(\.\d+)?$|^\d{4}-\d{2}-\d{2}T/.test(value)) {
    throw new UsageError(
      `--time '${value}' is not an RFC 3339 time or unix seconds; use e.g. 2026-11-24T18:00:00Z.`,
    );
  }
  return date;
}

function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be ${allowed.join(', ')}; not '${value}'.`);
  }
  return value as T;
}

/** Builds the `gate` command over the given dependencies (tests pass fakes). */
export function createGateCommand(deps: GateDependencies = {}): CliCommand {
  return {
    name: 'gate',
    summary: 'Advance, hold or roll back a mesh-mode canary from Prometheus metrics (exit 0/3/1).',
    usage: USAGE,
    async run(args, io) {
      const { flags, positionals } = parseArgs(args, {
        spec: { type: 'string' },
        prometheus: { type: 'string' },
        stage: { type: 'string' },
        format: { type: 'string' },
        apply: { type: 'string' },
        timeout: { type: 'string' },
        deadline: { type: 'string' },
        time: { type: 'string' },
        confidence: { type: 'string' },
        notify: { type: 'string' },
        kubeconfig: { type: 'string' },
        'readiness-from': { type: 'string' },
      });
      if (positionals.length > 0)
        throw new UsageError(`unexpected argument '${positionals[0]}'; give the spec with --spec.`);
      if (typeof flags.spec !== 'string') throw new UsageError('give the spec file with --spec FILE.');
      const format = oneOf('format', flags.format as string | undefined, ['text', 'json'], 'text');
      const apply = oneOf<ApplyMode>('apply', flags.apply as string | undefined, APPLY_MODES, 'none');
      const notify = oneOf<NotifyPolicy>(
        'notify',
        flags.notify as string | undefined,
        NOTIFY_POLICIES,
        'rollback',
      );
      const readinessFrom =
        flags['readiness-from'] === undefined
          ? undefined
          : oneOf<ReadinessSource>(
              'readiness-from',
              flags['readiness-from'] as string,
              READINESS_SOURCES,
              'prometheus',
            );
      const confidence = flags.confidence === undefined ? DEFAULT_CONFIDENCE : Number(flags.confidence);
      if (!(confidence >= 0.5 && confidence < 1)) {
        throw new UsageError(
          `--confidence '${String(flags.confidence)}' must be a number from 0.5 to below 1, e.g. 0.99.`,
        );
      }
      try {
        const { record, exitCode } = await runGate(
          {
            specFile: resolve(io.cwd, flags.spec),
            prometheusUrl: flags.prometheus as string | undefined,
            stage: flags.stage as string | undefined,
            apply,
            timeoutMs:
              flags.timeout === undefined
                ? DEFAULT_TIMEOUT_MS
                : parseDuration('timeout', flags.timeout as string),
            deadlineMs:
              flags.deadline === undefined
                ? DEFAULT_DEADLINE_MS
                : parseDuration('deadline', flags.deadline as string),
            time: flags.time === undefined ? undefined : parseTime(flags.time as string),
            confidence,
            notify,
            kubeconfig:
              flags.kubeconfig === undefined ? undefined : resolve(io.cwd, flags.kubeconfig as string),
            readinessFrom,
          },
          { log: (line) => io.stderr(`${line}\n`), ...deps },
        );
        io.stdout(format === 'json' ? formatRecordJson(record) : formatRecordText(record));
        return exitCode;
      } catch (error) {
        if (error instanceof GateConfigError) {
          io.stderr(`canary-kit gate: ${error.message}\n`);
          return EXIT_USAGE;
        }
        throw error;
      }
    },
  };
}

/** `canary-kit gate`, registered in `main.ts`. */
export const gateCommand: CliCommand = createGateCommand();
