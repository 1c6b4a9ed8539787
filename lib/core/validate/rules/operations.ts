import { CanaryServiceSpec } from '../../spec';
import { DEFAULT_MODE } from '../../defaults';
import { isCronSchedule } from '../../cron';
import { rollbackBound } from '../../rollback-sla';
import { durationSeconds, formatSeconds, isHttpUrl, PROMETHEUS_DURATION } from '../formats';
import { prometheusBaseUrlProblem } from '../../prometheus-base-url';
import { redactUrl } from '../../redact-url';
import { IssueCollector, join } from '../issues';
import { isWellFormedImage, mutableImageProblem } from './image';
import { checkLabels } from './identity';
import { checkSpecNumber } from './numbers';
import { customMetricAlertName } from '../../custom-metric-alerts';

/**
 * Names of the alerts a spec can emit, for `observability.alertForByName` (see `alerts.ts`):
 * `CanaryNoTraffic` counts as possible in both modes (in `mesh` mode it is emitted while the
 * canary share is above 0, which changes from stage to stage).
 */
function possibleAlertNames(spec: CanaryServiceSpec): string[] {
  return [
    'CanaryHighErrorRate',
    'CanaryHighLatency',
    ...(spec.slo?.maxLatencyRatio !== undefined ? ['CanaryLatencyRegression'] : []),
    'CanaryNoTraffic',
    'CanaryIstioMetricsAbsent',
    ...((spec.mode ?? DEFAULT_MODE) === 'flagger' ? ['CanaryFailed'] : []),
    ...(spec.slo?.metrics ?? [])
      .filter((m) => typeof m.name === 'string')
      .map((m) => customMetricAlertName(m)),
  ];
}

/** Per-alert `for`: a Prometheus duration for an alert this spec emits. */
function checkAlertForByName(spec: CanaryServiceSpec, issues: IssueCollector): void {
  const byName = spec.observability?.alertForByName;
  if (byName === undefined) return;
  const known = possibleAlertNames(spec);
  for (const [name, value] of Object.entries(byName)) {
    const path = join('observability.alertForByName', name);
    if (!known.includes(name)) {
      issues.add(
        path,
        name,
        `is not an alert of this spec, so the duration would apply to nothing. Use one of ${known.join(', ')}.`,
      );
    }
    if (typeof value === 'string' && !PROMETHEUS_DURATION.test(value)) {
      issues.add(path, value, 'is not a Prometheus duration. Use e.g. "2m" or "30s".');
    }
  }
}

/** Monitoring options, the `mesh` gate automation, and the rollback SLA. */
export function checkOperations(spec: CanaryServiceSpec, issues: IssueCollector): void {
  const observability = spec.observability;
  if (observability) {
    if (typeof observability.alertFor === 'string' && !PROMETHEUS_DURATION.test(observability.alertFor)) {
      issues.add(
        'observability.alertFor',
        observability.alertFor,
        'is not a Prometheus duration. Use e.g. "2m" or "30s".',
      );
    }
    checkLabels('observability.ruleLabels', observability.ruleLabels, issues);
    checkAlertForByName(spec, issues);
  }
  const automation = spec.automation;
  if (automation) {
    if ((spec.mode ?? DEFAULT_MODE) !== 'mesh') {
      issues.add(
        'automation',
        automation,
        'runs the gate for mesh mode; in flagger mode Flagger is the gate. Remove it, or set mode: mesh.',
      );
    }
    if (typeof automation.image === 'string') {
      if (!isWellFormedImage(automation.image)) {
        issues.add(
          'automation.image',
          automation.image,
          'is not a valid image reference. Use registry/repository:tag.',
        );
      } else if (mutableImageProblem(automation.image)) {
        issues.add(
          'automation.image',
          automation.image,
          `${mutableImageProblem(automation.image)}. Pin the gate image to a version tag or digest.`,
        );
      }
    }
    if (typeof automation.schedule === 'string' && !isCronSchedule(automation.schedule)) {
      issues.add(
        'automation.schedule',
        automation.schedule,
        'is not a five-field cron schedule. Use e.g. "*/2 * * * *".',
      );
    }
    checkSpecNumber(
      'automation.failuresBeforeRollback',
      automation.failuresBeforeRollback,
      'AutomationSpec.failuresBeforeRollback',
      issues,
    );
    if (typeof automation.prometheusUrl === 'string' && !isHttpUrl(automation.prometheusUrl)) {
      issues.add(
        'automation.prometheusUrl',
        automation.prometheusUrl,
        'is not an http(s) URL. Use e.g. http://prometheus.istio-system:9090.',
      );
    } else if (typeof automation.prometheusUrl === 'string') {
      const problem = prometheusBaseUrlProblem(automation.prometheusUrl);
      if (problem !== undefined) {
        issues.add(
          'automation.prometheusUrl',
          redactUrl(automation.prometheusUrl),
          `${problem}. Give the base URL only, e.g. http://prometheus.istio-system:9090 (a path prefix and other query parameters are kept).`,
        );
      }
    }
    // A credential in the URL would be written into the CronJob and printed in every record.
    const userInfo = /^[a-z][a-z0-9+.-]*:\/\/([^/?#@]*)@/i;
    if (typeof automation.prometheusUrl === 'string' && userInfo.test(automation.prometheusUrl)) {
      issues.add(
        'automation.prometheusUrl',
        redactUrl(automation.prometheusUrl),
        'carries a user name or password, which would be stored in the CronJob and printed in every decision record. Remove it and give the credential to the gate from a Secret (CANARY_KIT_PROMETHEUS_TOKEN_FILE, or CANARY_KIT_PROMETHEUS_USER with CANARY_KIT_PROMETHEUS_PASSWORD_FILE; see docs/security.md).',
      );
    }
  }
  checkRollbackWithin(spec, issues);
}

function checkRollbackWithin(spec: CanaryServiceSpec, issues: IssueCollector): void {
  if (typeof spec.rollbackWithin !== 'string') return;
  const limit = durationSeconds(spec.rollbackWithin);
  if (limit === undefined || !/^[0-9]+(s|m|h)$/.test(spec.rollbackWithin)) {
    issues.add('rollbackWithin', spec.rollbackWithin, 'is not a duration. Use e.g. "10m" or "90s".');
    return;
  }
  const bound = rollbackBound(spec);
  if (bound.seconds === undefined) {
    issues.add(
      'rollbackWithin',
      spec.rollbackWithin,
      `cannot be met: ${bound.explanation}. To meet it, ${bound.fix}; or remove rollbackWithin.`,
    );
  } else if (bound.seconds > limit) {
    issues.add(
      'rollbackWithin',
      spec.rollbackWithin,
      `cannot be met: a failing canary is rolled back after up to ${formatSeconds(bound.seconds)} (${bound.explanation}). To meet it, ${bound.fix}; or allow at least ${formatSeconds(bound.seconds)}.`,
    );
  }
}
