/**
 * The weekly reboot window of a VM group's hosts: one start per host, `stagger_minutes`
 * apart, so two hosts of one group never reboot at the same time.
 */
import type { VmGroupVars } from '../render/schema/vm-group-schema.js';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const WEEK = 7 * 24 * 60;

export const REBOOT_DEFAULTS = { day: 'Sun', time: '03:00', stagger_minutes: 20 } as const;

/** systemd OnCalendar= of each of `count` hosts, in host order (wrapping round the week). */
export function rebootWindows(count: number, reboot: NonNullable<VmGroupVars['reboot']>): string[] {
  const day = DAYS.indexOf(reboot.day ?? REBOOT_DEFAULTS.day);
  const [hh = 0, mm = 0] = (reboot.time ?? REBOOT_DEFAULTS.time).split(':').map(Number);
  const stagger = reboot.stagger_minutes ?? REBOOT_DEFAULTS.stagger_minutes;
  const start = day * 24 * 60 + hh * 60 + mm;
  return Array.from({ length: count }, (_, i) => {
    const at = (start + i * stagger) % WEEK;
    const pad = (n: number): string => String(n).padStart(2, '0');
    return `${DAYS[Math.floor(at / 1440)]} *-*-* ${pad(Math.floor((at % 1440) / 60))}:${pad(at % 60)}:00`;
  });
}
