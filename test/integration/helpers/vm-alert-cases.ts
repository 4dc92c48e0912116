/**
 * One `promtool test rules` case per VM-group alert: series named and labelled as the
 * node exporter (through the scrape file render writes) and Debian's apt collector
 * publish them (see src/monitoring/vm-alerts.ts), that must make the alert fire, and
 * series that must not (the condition false or cleared in time, or true for another
 * group or environment). The series advance by one hour per sample.
 */
import type { AlertRule } from '../../../src/monitoring/alert-rules.js';
import { VM_SCRAPE_JOB } from '../../../src/monitoring/vm-alerts.js';
import { series, type AlertCase } from './alert-cases.js';

export function vmAlertCase(rule: AlertRule, environment: string, project: string): AlertCase {
  const host = `${project}-1.example.com`;
  const target = { job: VM_SCRAPE_JOB, environment, project, host, instance: `${host}:9100` };
  const otherGroup = { ...target, project: `${project}-other`, host: 'other-1.example.com', instance: 'other-1.example.com:9100' };
  const otherEnvironment = { ...target, environment: `${environment}-other` };
  switch (rule.alert) {
    case 'HostDown':
      return {
        fire: { input: [series('up', target, '0x5')], at: '2h', labels: [target] },
        quiet: { input: [series('up', target, '1x5'), series('up', otherGroup, '0x5'), series('up', otherEnvironment, '0x5')], at: '2h' },
      };
    case 'HostRebootRequired':
      // for: 8d (192 h): still required after 193 h fires; a reboot at 100 h clears it.
      return {
        fire: { input: [series('node_reboot_required', target, '1x200')], at: '193h', labels: [target] },
        quiet: {
          input: [series('node_reboot_required', target, '1x99 0 1x100'), series('node_reboot_required', otherGroup, '1x200')],
          at: '193h',
        },
      };
    case 'HostUpdatesFailing':
      // Threshold 2 days: lists last refreshed at 0 s are stale from 48 h (plus for: 1h).
      return {
        fire: { input: [series('apt_package_cache_timestamp_seconds', target, '0x60')], at: '50h', labels: [target] },
        quiet: {
          input: [series('apt_package_cache_timestamp_seconds', target, '0+3600x60'), series('apt_package_cache_timestamp_seconds', otherEnvironment, '0x60')],
          at: '50h',
        },
      };
    case 'HostSecurityUpdatesPending': {
      // for: 3d (72 h). Origins as apt_info.py writes them: <origin>:<codename>/<archive>.
      const pending = (labels: Record<string, string>, origin: string, values: string) =>
        series('apt_upgrades_pending', { ...labels, origin, arch: 'amd64' }, values);
      const security = 'Debian:bookworm-security/stable-security';
      return {
        fire: { input: [pending(target, security, '2x100')], at: '80h', labels: [{ host }] },
        quiet: {
          input: [
            // Installed after 50 h; other updates may wait; another group's are its own.
            pending(target, security, '2x49 0x50'),
            pending(target, 'Debian:bookworm-updates/stable-updates', '5x100'),
            pending(otherGroup, security, '2x100'),
          ],
          at: '80h',
        },
      };
    }
    default:
      throw new Error(`no case for VM alert ${rule.alert}: add one to test/integration/helpers/vm-alert-cases.ts`);
  }
}
