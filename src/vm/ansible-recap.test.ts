import { describe, expect, it } from 'vitest';
import { parseRecap } from './ansible-recap.js';

describe('parseRecap', () => {
  it('reads every host of the last recap', () => {
    const output = [
      'PLAY RECAP *********',
      'old : ok=1    changed=1    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0',
      'TASK [x] ****',
      'PLAY RECAP *********************************************************************',
      'lab-1                      : ok=21   changed=0    unreachable=0    failed=0    skipped=2    rescued=0    ignored=0   ',
      'gone                       : ok=0    changed=0    unreachable=1    failed=0    skipped=0    rescued=0    ignored=0   ',
      '',
    ].join('\n');
    expect(parseRecap(output)).toEqual([
      { host: 'lab-1', ok: 21, changed: 0, unreachable: 0, failed: 0, skipped: 2 },
      { host: 'gone', ok: 0, changed: 0, unreachable: 1, failed: 0, skipped: 0 },
    ]);
  });

  it('finds nothing when the playbook never ran', () => {
    expect(parseRecap('ERROR! the playbook could not be found')).toEqual([]);
  });
});
