/**
 * The node exporters of a VM group as a Prometheus file_sd target file
 * (`out/<env>/monitoring/scrape/<project>.yml`): one target per host, labelled with the
 * `job`, `environment`, `project` and `host` the VM alerts select on. Labels of a
 * discovered target win over the scrape job's own `job`, so any job reading these files
 * gives the alerts the label they expect.
 */
import { formatYaml } from '../render/format-objects.js';
import type { VmGroupModel } from '../vm/vm-group-model.js';
import { VM_SCRAPE_JOB } from './vm-alerts.js';

/** Debian's prometheus-node-exporter listens on :9100 by default. */
export const NODE_EXPORTER_PORT = 9100;

/**
 * Where Prometheus reaches a host: its SSH address; for a chroot or local host (no
 * network address of its own) its inventory name.
 */
function scrapeAddress(host: VmGroupModel['hosts'][number]): string {
  const ssh = host.connection.ansible_connection === undefined;
  return `${ssh ? String(host.connection.ansible_host) : host.name}:${NODE_EXPORTER_PORT}`;
}

export function vmScrapeTargets(model: VmGroupModel): string {
  const groups = model.hosts.map((host) => ({
    targets: [scrapeAddress(host)],
    labels: { job: VM_SCRAPE_JOB, environment: model.environment, project: model.project, host: host.name },
  }));
  return formatYaml(groups);
}
