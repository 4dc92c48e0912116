import { describe, expect, it } from 'vitest';
import { CronScheduleError, cronToOnCalendar } from './cron-calendar.js';

describe('cronToOnCalendar', () => {
  it('expands lists, ranges, steps and names', () => {
    expect(cronToOnCalendar('*/20 2 * * *')).toEqual(['*-*-* 02:00,20,40:00']);
    expect(cronToOnCalendar('30 1-3 * jan,jul mon-fri')).toEqual(['Mon,Tue,Wed,Thu,Fri *-01,07-* 01,02,03:30:00']);
    expect(cronToOnCalendar('@daily')).toEqual(['*-*-* 00:00:00']);
    expect(cronToOnCalendar('0 0 * * 7')).toEqual(['Sun *-*-* 00:00:00']);
  });

  it('keeps cron\'s "either day field" rule as two events', () => {
    expect(cronToOnCalendar('0 4 1 * 1')).toEqual(['Mon *-*-* 04:00:00', '*-*-01 04:00:00']);
  });

  it.each([
    ['61 * * * *', 'minute 61 is out of range 0-59'],
    ['* * * *', '4 fields; write five'],
    ['0 0 * * funday', 'day of week "funday" is not a number or a name'],
    ['0 5-2 * * *', 'hour range 5-2 goes backwards'],
    ['@sometimes', 'unknown macro'],
  ])('refuses %s', (schedule, message) => {
    expect(() => cronToOnCalendar(schedule)).toThrow(CronScheduleError);
    expect(() => cronToOnCalendar(schedule)).toThrow(message);
  });
});
