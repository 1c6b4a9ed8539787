import { DestinationResult, KindResult, SimulationResult } from './types';

function percent(share: number): string {
  return `${(share * 100).toFixed(2)}%`;
}

function table(rows: readonly DestinationResult[], indent: string): string[] {
  const cells = rows.map((r) => [
    percent(r.share),
    percent(r.expectedShare),
    String(r.requests),
    r.destination,
    r.rule,
  ]);
  const header = ['SHARE', 'EXPECTED', 'REQUESTS', 'DESTINATION', 'RULE'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: readonly string[]): string =>
    `${indent}${c
      .map((cell, i) =>
        i < 3 ? cell.padStart(widths[i]) : i === c.length - 1 ? cell : cell.padEnd(widths[i]),
      )
      .join('  ')}`;
  return [line(header), ...cells.map(line)];
}

function kindBlock(kind: KindResult, title: string): string[] {
  const lines = [title];
  lines.push(...table(kind.destinations, '  '));
  if (kind.mirrors.length > 0) {
    lines.push('  mirrored copies (sent in addition, responses discarded):');
    lines.push(...table(kind.mirrors, '    '));
  }
  return lines;
}

/**
 * The text report: a header, one table per request kind (share simulated, share expected from the
 * configuration, requests, destination, rule), the overall table when there are several kinds,
 * then the notes.
 */
export function formatSimulationText(result: SimulationResult): string {
  const lines: string[] = [
    `Simulated ${result.requests} requests to ${result.host} (seed ${result.seed}).`,
    `VirtualServices: ${result.virtualServices.length > 0 ? result.virtualServices.join(', ') : 'none'}`,
    '',
  ];
  for (const kind of result.kinds) {
    const title =
      result.kinds.length === 1
        ? `${kind.name}: ${kind.requests} requests`
        : `${kind.name}: ${kind.requests} requests (${percent(kind.requests / result.requests)}, configured ${percent(kind.configuredShare)})`;
    lines.push(...kindBlock(kind, title), '');
  }
  if (result.kinds.length > 1)
    lines.push(...kindBlock(result.overall, `overall: ${result.requests} requests`), '');
  for (const note of result.notes) lines.push(`note: ${note}`);
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

/** The JSON report: the `SimulationResult`, two-space indent. */
export function formatSimulationJson(result: SimulationResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
