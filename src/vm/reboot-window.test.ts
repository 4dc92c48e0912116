import { describe, expect, it } from 'vitest';
import { rebootWindows } from './reboot-window.js';

describe('rebootWindows', () => {
  it('staggers the hosts of a group from the window start', () => {
    expect(rebootWindows(3, {})).toEqual(['Sun *-*-* 03:00:00', 'Sun *-*-* 03:20:00', 'Sun *-*-* 03:40:00']);
  });

  it('rolls over midnight and the end of the week', () => {
    expect(rebootWindows(2, { day: 'Sun', time: '23:50', stagger_minutes: 30 })).toEqual(['Sun *-*-* 23:50:00', 'Mon *-*-* 00:20:00']);
  });

  it('never gives two hosts the same start', () => {
    const windows = rebootWindows(50, { stagger_minutes: 7 });
    expect(new Set(windows).size).toBe(50);
  });
});
