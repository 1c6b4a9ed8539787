/** Specs and spec files for the gate tests. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CanaryServiceSpec } from '../../../lib';

/**
 * When the stage of the test specs began: 12 hours before the tests' evaluation time
 * (2024-01-01T00:00:00Z), well past the default minimum stage time of 30 minutes.
 */
export const STAGE_STARTED_AT = '2023-12-31T12:00:00Z';

/** A mesh spec at stage `ten` of one/ten/half, with the SLO the Prometheus scenarios are built for. */
export function meshSpec(name = 'checkout', overrides: Partial<CanaryServiceSpec> = {}): CanaryServiceSpec {
  return {
    name,
    namespace: 'shop',
    mode: 'mesh',
    workload: { image: 'ghcr.io/acme/checkout:1.4.2', canaryImage: 'ghcr.io/acme/checkout:1.5.0' },
    traffic: {
      stages: [
        { name: 'one', canaryWeight: 1 },
        { name: 'ten', canaryWeight: 10 },
        { name: 'half', canaryWeight: 50 },
      ],
      stage: 'ten',
      stageStartedAt: STAGE_STARTED_AT,
    },
    slo: { successRatePercent: 99, p99LatencyMs: 500, maxLatencyRatio: 1.5, minRequests: 100, window: '5m' },
    ...overrides,
  };
}

/**
 * A hand-written spec file with comments, blank lines, a flow-style stage, quoted values and
 * trailing comments: what a person commits, and what `--apply gitops` must leave alone.
 */
export function commentedSpecFile(name: string, slo = 'successRatePercent: 99'): string {
  return `# ${name}: canary of 1.5.0 on Istio; the weights live in git.
name: ${name}
namespace: shop   # production namespace
mode: mesh

workload:
  image: ghcr.io/acme/checkout:1.4.2
  canaryImage: 'ghcr.io/acme/checkout:1.5.0'  # the candidate

traffic:
  # The rollout, in order; canary-kit gate advances through it.
  stages:
    - { name: one, canaryWeight: 1 }
    - name: ten
      canaryWeight: 10
    - name: half
      canaryWeight: 50   # a declared stage needs no promoting flag
  stage: ten   # current stage
  stageStartedAt: "2023-12-31T12:00:00Z"
  darkLaunchHeaders:
    x-canary: "true"

slo:
  ${slo}
  p99LatencyMs: 500
  maxLatencyRatio: 1.5
  minRequests: 100
  window: 5m
`;
}

const tempDirs: string[] = [];

/** Writes `text` to a new temporary file named `name` and returns its path; removed when the process exits. */
export function writeTempFile(text: string, name = 'spec.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'canary-kit-gate-'));
  if (tempDirs.length === 0) {
    process.once('exit', () => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  }
  tempDirs.push(dir);
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A line diff (longest common subsequence): the removed lines as `-line`, the added as `+line`, in order. */
export function changedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push(`-${a[i++]}`);
    else out.push(`+${b[j++]}`);
  }
  while (i < a.length) out.push(`-${a[i++]}`);
  while (j < b.length) out.push(`+${b[j++]}`);
  return out;
}
