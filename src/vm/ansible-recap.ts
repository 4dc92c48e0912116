/** Ansible's PLAY RECAP, read back from ansible-playbook's output (default callback, no colour). */

/** One host's counts from the recap. */
export interface HostRecap {
  host: string;
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
}

const RECAP_LINE = /^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)\s+skipped=(\d+)/;

/** The hosts of the last PLAY RECAP in `output`, in its order. */
export function parseRecap(output: string): HostRecap[] {
  const start = output.lastIndexOf('PLAY RECAP');
  if (start < 0) return [];
  return output
    .slice(start)
    .split('\n')
    .flatMap((line) => {
      const m = RECAP_LINE.exec(line.trim());
      if (!m) return [];
      const [, host = '', ok, changed, unreachable, failed, skipped] = m;
      return [{ host, ok: Number(ok), changed: Number(changed), unreachable: Number(unreachable), failed: Number(failed), skipped: Number(skipped) }];
    });
}
