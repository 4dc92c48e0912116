/**
 * Cron schedules as systemd calendar events: VM-group cron jobs run as systemd timers
 * (logged in the journal, visible in `systemctl list-timers`, no cron daemon needed).
 * Every field is expanded to an explicit list, the one form systemd reads unambiguously.
 */
import { DeploymentAllError } from '../lib/errors.js';

/** A schedule that does not parse; the message says what is wrong in it. */
export class CronScheduleError extends DeploymentAllError {
  override readonly name = 'CronScheduleError';
}

interface Field {
  label: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const SYSTEMD_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const FIELDS: readonly Field[] = [
  { label: 'minute', min: 0, max: 59 },
  { label: 'hour', min: 0, max: 23 },
  { label: 'day of month', min: 1, max: 31 },
  { label: 'month', min: 1, max: 12, names: MONTHS },
  { label: 'day of week', min: 0, max: 7, names: DAYS },
];

const MACROS: Record<string, string> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
};

function value(text: string, field: Field, schedule: string): number {
  const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
  const n = named >= 0 ? named + (field.label === 'month' ? 1 : 0) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(n)) throw new CronScheduleError(`cron schedule "${schedule}": ${field.label} "${text}" is not a number${field.names ? ' or a name' : ''}`);
  if (n < field.min || n > field.max) throw new CronScheduleError(`cron schedule "${schedule}": ${field.label} ${n} is out of range ${field.min}-${field.max}`);
  return n;
}

/** The values a field selects, or undefined for every value (`*`). */
function expand(text: string, field: Field, schedule: string): number[] | undefined {
  if (text === '*') return undefined;
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^([^/]+)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new CronScheduleError(`cron schedule "${schedule}": ${field.label} "${part}" is not a value, range (a-b) or step (*/n)`);
    const [, range = '', stepText] = m;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) throw new CronScheduleError(`cron schedule "${schedule}": ${field.label} step must be at least 1`);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [field.min, field.max];
    else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      [from, to] = [value(a, field, schedule), value(b, field, schedule)];
      if (from > to) throw new CronScheduleError(`cron schedule "${schedule}": ${field.label} range ${range} goes backwards`);
    } else {
      from = value(range, field, schedule);
      to = stepText === undefined ? from : field.max;
    }
    for (let n = from; n <= to; n += step) out.add(field.label === 'day of week' ? n % 7 : n);
  }
  return [...out].sort((a, b) => a - b);
}

const pad = (n: number): string => String(n).padStart(2, '0');
const list = (values: number[] | undefined, format: (n: number) => string = pad): string => (values ? values.map(format).join(',') : '*');

/**
 * The OnCalendar= values of a cron schedule (more than one when both day fields are
 * restricted: cron runs when either matches, systemd's single event when both do).
 */
export function cronToOnCalendar(schedule: string): string[] {
  const trimmed = schedule.trim();
  const expanded = MACROS[trimmed.toLowerCase()] ?? trimmed;
  if (expanded.startsWith('@')) throw new CronScheduleError(`cron schedule "${schedule}": unknown macro; use ${Object.keys(MACROS).join(', ')} or five fields`);
  const parts = expanded.split(/\s+/);
  if (parts.length !== 5) {
    throw new CronScheduleError(
      `cron schedule "${schedule}": ${parts.length} fields; write five: minute hour day-of-month month day-of-week (e.g. "30 2 * * *")`,
    );
  }
  const [minute, hour, dom, month, dow] = parts.map((p, i) => expand(p, FIELDS[i] as Field, schedule));
  const time = `${list(hour)}:${list(minute)}:00`;
  const date = (days: number[] | undefined): string => `*-${list(month)}-${list(days)}`;
  const weekdays = dow ? `${dow.map((d) => SYSTEMD_DAYS[d]).join(',')} ` : '';
  if (dom && dow) return [`${weekdays}${date(undefined)} ${time}`, `${date(dom)} ${time}`];
  return [`${weekdays}${date(dom)} ${time}`];
}
