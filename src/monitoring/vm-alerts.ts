/**
 * The PromQL of the default alerts of VM groups (defined in vm-alert-catalogue.ts).
 * Metric names, each checked against its exporter:
 * - `up`: Prometheus itself, per scrape target; the targets are the group's node
 *   exporters, from the file_sd file `render` writes (vm-scrape-targets.ts), whose labels
 *   set `job`, `environment`, `project` and `host`.
 * - Debian's prometheus-node-exporter-collectors, apt_info.py (run every 15 minutes by
 *   prometheus-node-exporter-apt.timer into the node exporter's textfile folder):
 *   node_reboot_required (1 while /run/reboot-required exists),
 *   apt_package_cache_timestamp_seconds (mtime of /var/lib/apt/periodic/update-success-stamp,
 *   touched by each successful periodic `apt-get update`), apt_upgrades_pending{origin, arch}
 *   (origin is `<origin>:<codename>/<archive>`, e.g. `Debian:bookworm-security/stable-security`).
 */
import type { VmGroupModel } from '../vm/vm-group-model.js';
import { selector, type AlertInstance } from './alert-expressions.js';
import { rulesOf, type ProjectRules } from './alert-rules.js';
import type { AlertsVars } from './alerts-schema.js';

/** The `job` label of every VM group's node exporter target (set by the target file itself). */
export const VM_SCRAPE_JOB = 'deployment-all-vm';

/** Every VM alert of a group, with its expressions. */
export function vmAlertInstances(model: VmGroupModel): AlertInstance[] {
  const target: [string, string][] = [
    ['job', VM_SCRAPE_JOB],
    ['environment', model.environment],
    ['project', model.project],
  ];
  const sel = (extra: [string, string, string?][] = []): string => selector([...target, ...extra]);
  return [
    { alert: 'HostDown', expr: () => `up${sel()} == 0`, summary: `A host of VM group ${model.project} is down: its node exporter cannot be scraped.` },
    {
      alert: 'HostRebootRequired',
      expr: () => `node_reboot_required${sel()} == 1`,
      summary: `A host of VM group ${model.project} has needed a reboot for too long: check its reboot window (deployment-all-reboot.timer).`,
    },
    {
      alert: 'HostUpdatesFailing',
      expr: (t) => `time() - apt_package_cache_timestamp_seconds${sel()} > ${t} * 86400`,
      summary: `apt-get update has been failing on a host of VM group ${model.project}: see journalctl -u apt-daily.service.`,
    },
    {
      alert: 'HostSecurityUpdatesPending',
      expr: () => `sum by (host) (apt_upgrades_pending${sel([['origin', '.*-security.*', '=~']])}) > 0`,
      summary: `Security updates are not being installed on a host of VM group ${model.project}: see /var/log/unattended-upgrades/.`,
    },
  ];
}

/** The rule group of a VM group in its environment, with its `alerts:` overrides. */
export function vmGroupAlertRules(model: VmGroupModel, overrides: AlertsVars): ProjectRules {
  return rulesOf(vmAlertInstances(model), overrides, { environment: model.environment, name: model.project });
}
