/**
 * The default alerts of VM groups, joined to the catalogue (alert-catalogue.ts), so the
 * `alerts:` overrides of a VM-group project are validated like any other. Data only: the
 * PromQL is in vm-alerts.ts.
 */
import type { AlertDefinition } from './alert-catalogue.js';

export const VM_ALERTS: readonly AlertDefinition[] = [
  { name: 'HostDown', description: "Every host of a VM group: Prometheus cannot scrape the host's node exporter.", severity: 'critical', for: '5m' },
  {
    name: 'HostRebootRequired',
    description:
      'Every host of a VM group: an update asked for a reboot (/run/reboot-required) longer ago than `for`; the weekly reboot window should have rebooted it.',
    severity: 'warning',
    for: '8d',
  },
  {
    name: 'HostUpdatesFailing',
    description:
      'Every host of a VM group: the daily `apt-get update` of unattended-upgrades has not succeeded for longer than the threshold, so no update reaches the host.',
    severity: 'warning',
    for: '1h',
    threshold: { default: 2, meaning: 'days since the last successful update of the package lists' },
  },
  {
    name: 'HostSecurityUpdatesPending',
    description:
      'Every host of a VM group: security updates have been pending for longer than `for`; unattended-upgrades installs them daily, so it fails or they are held.',
    severity: 'warning',
    for: '3d',
  },
];

export const VM_ALERT_NAMES: readonly string[] = VM_ALERTS.map((a) => a.name);
