/**
 * The longest time between two runs of a five-field cron schedule, in seconds, for schedules
 * whose hour, day, month and weekday fields are `*` (every such schedule repeats hourly).
 * Returns undefined for schedules it cannot bound that way.
 */
export function cronMaxGapSeconds(schedule: string): number | undefined {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5 || fields.slice(1).some((f) => f !== '*')) return undefined;
  const minutes = cronMinutes(fields[0]);
  if (!minutes || minutes.length === 0) return undefined;
  let gap = 0;
  minutes.forEach((minute, index) => {
    const next = index + 1 < minutes.length ? minutes[index + 1] : minutes[0] + 60;
    gap = Math.max(gap, next - minute);
  });
  return gap * 60;
}

/** The sorted minutes a cron minute field selects (`*`, `*\/N`, `a-b`, `a-b/N`, lists), or undefined. */
export function cronMinutes(field: string): number[] | undefined {
  const selected = new Set<number>();
  for (const part of field.split(',')) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!match) return undefined;
    const step = match[4] ? Number(match[4]) : 1;
    const start = match[1] === '*' ? 0 : Number(match[2]);
    const end = match[1] === '*' ? 59 : match[3] !== undefined ? Number(match[3]) : match[4] ? 59 : start;
    if (step < 1 || start > 59 || end > 59 || start > end) return undefined;
    for (let minute = start; minute <= end; minute += step) selected.add(minute);
  }
  return [...selected].sort((a, b) => a - b);
}

/** Whether a string is a valid five-field cron schedule (minute hour day month weekday). */
export function isCronSchedule(schedule: string): boolean {
  const fields = schedule.trim().split(/\s+/);
  const ranges: ReadonlyArray<[number, number]> = [
    [0, 59],
    [0, 23],
    [1, 31],
    [1, 12],
    [0, 7],
  ];
  if (fields.length !== 5) return false;
  return fields.every((field, index) =>
    field.split(',').every((part) => {
      const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
      if (!match) return false;
      const [min, max] = ranges[index];
      const values = [match[2], match[3]].filter((v) => v !== undefined).map(Number);
      return values.every((v) => v >= min && v <= max) && (match[4] === undefined || Number(match[4]) >= 1);
    }),
  );
}
