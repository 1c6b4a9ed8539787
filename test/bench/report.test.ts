import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deriveFigures } from '../../bench/analysis';
import { benchCases, caseId } from '../../bench/cases';
import { CaseResult } from '../../bench/measure';
import { renderTable } from '../../bench/table';
import { checkTargets } from '../../bench/targets';

function measured(id: string, workMs: number, workRssKb: number, objects = 100): CaseResult {
  return {
    id,
    status: 'ok',
    median: {
      workMs,
      cpuMs: workMs,
      processMs: workMs + 300,
      setupMs: 300,
      peakRssKb: 60_000 + workRssKb,
      workRssKb,
    },
    outcome: { objects },
    samples: [],
  };
}

describe('bench report', () => {
  const cases = benchCases(false);
  const list: CaseResult[] = [
    measured(caseId('lower-bound', 'flagger', 100), 100, 1000),
    measured(caseId('core', 'flagger', 100), 130, 1100),
    measured(caseId('lower-bound', 'flagger', 1000), 1000, 10_000),
    measured(caseId('core', 'flagger', 1000), 1300, 40_000),
    measured(caseId('cdk8s', 'flagger', 1000), 1400, 11_000),
    {
      id: caseId('pulumi-component', 'mesh', 10),
      status: 'unavailable',
      reason: 'not available yet: no lib/pulumi',
      samples: [],
    },
  ];
  const results = new Map(list.map((r) => [r.id, r]));
  const derived = deriveFigures(cases, results);
  const targets = checkTargets(cases, results, derived);

  test('ratios are to the baseline case, growth is N = 1000 over N = 100', () => {
    const core = derived.get(caseId('core', 'flagger', 1000));
    assert.equal(core?.timeRatio, 1.3);
    assert.equal(core?.timeGrowth, 1300 / 130);
    assert.equal(core?.memGrowth, 40_000 / 1100);
  });

  test('targets are met, missed, or not measured, with the figure', () => {
    const find = (id: string, text: string) =>
      targets.find((t) => t.caseId === id && t.target.includes(text));
    assert.deepEqual(
      {
        status: find(caseId('core', 'flagger', 1000), '1.2×')?.status,
        value: find(caseId('core', 'flagger', 1000), '1.2×')?.value,
      },
      { status: 'missed', value: '1.30×' },
    );
    assert.equal(find(caseId('cdk8s', 'flagger', 1000), '1.5×')?.status, 'met');
    assert.equal(find(caseId('core', 'flagger', 1000), 'memory')?.status, 'missed');
    assert.equal(find(caseId('pulumi-component', 'mesh', 10), '1.1×')?.status, 'not measured');
  });

  test('the table puts each ratio beside its figure and says what is missing', () => {
    const table = renderTable(cases, results, derived, targets).split('\n');
    const coreRow = table.find((line) => line.startsWith('| core') && line.includes(' 1000 '));
    assert.match(coreRow ?? '', /\|\s+1300 \|\s+1.30× \|/);
    assert.match(coreRow ?? '', /MISSED ≤ 1.2× lower bound/);
    assert.match(coreRow ?? '', /10.0× · 36.4×/);
    const pulumiRow = table.find(
      (line) => line.includes('Pulumi CanaryService') && line.includes('mesh') && line.includes(' 10 '),
    );
    assert.match(pulumiRow ?? '', /not available yet: no lib\/pulumi/);
  });
});
