import { CanaryServiceSpec } from '../../spec';
import { durationSeconds, FLAGGER_DURATION } from '../formats';

/** Shortest rate window: two scrapes at Prometheus' usual 15s interval. */
const MIN_WINDOW_SECONDS = 30;
import { IssueCollector } from '../issues';
import { checkSpecNumber, inSpecRange } from './numbers';

/** The SLO: success rate, p99 latency, latency ratio, minimum requests and window. */
export function checkSlo(spec: CanaryServiceSpec, issues: IssueCollector): void {
  const slo = spec.slo;
  if (!slo) return;
  const success = slo.successRatePercent;
  if (typeof success === 'number') {
    if (success < 50 && success > 0) {
      issues.add(
        'slo.successRatePercent',
        success,
        `looks like an error rate: it is the lowest acceptable SUCCESS rate, in percent. Did you mean ${100 - success}?`,
      );
    } else if (!inSpecRange('SloSpec.successRatePercent', success)) {
      issues.add('slo.successRatePercent', success, 'must be a percentage from 50 to 100, e.g. 99.5.');
    }
  }
  const latency = slo.p99LatencyMs;
  if (typeof latency === 'number') {
    if (latency > 0 && latency < 10) {
      issues.add(
        'slo.p99LatencyMs',
        latency,
        `is in milliseconds; ${latency} ms is implausibly low. Did you mean ${latency * 1000} (${latency} s)?`,
      );
    } else if (!inSpecRange('SloSpec.p99LatencyMs', latency)) {
      issues.add('slo.p99LatencyMs', latency, 'must be a latency in milliseconds from 10 to 600000.');
    }
  }
  const ratio = slo.maxLatencyRatio;
  if (typeof ratio === 'number' && !inSpecRange('SloSpec.maxLatencyRatio', ratio)) {
    issues.add(
      'slo.maxLatencyRatio',
      ratio,
      'must be above 1 (canary p99 divided by stable p99; 1.5 allows a 50% slower canary). Remove it to compare with the absolute p99 only.',
    );
  }
  checkSpecNumber('slo.minRequests', slo.minRequests, 'SloSpec.minRequests', issues);
  if (typeof slo.window === 'string') {
    const seconds = durationSeconds(slo.window);
    if (!FLAGGER_DURATION.test(slo.window)) {
      issues.add(
        'slo.window',
        slo.window,
        'is not a Flagger duration. Use whole seconds or minutes, e.g. "30s" or "1m".',
      );
    } else if (seconds !== undefined && seconds < MIN_WINDOW_SECONDS) {
      issues.add(
        'slo.window',
        slo.window,
        `is shorter than two scrapes of Istio's metrics (every 15s by default), so rates over it are empty or noisy. Use at least ${MIN_WINDOW_SECONDS}s, e.g. "1m".`,
      );
    }
  }
}
