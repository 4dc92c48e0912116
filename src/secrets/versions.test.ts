import { describe, expect, it } from 'vitest';
import type { Revision } from '../deploy/inventory-store.js';
import { secretVersions } from './versions.js';

const revision = (number: number, secrets?: Record<string, string>): Revision => ({
  number,
  hash: 'h',
  images: [],
  time: '2026-01-01T00:00:00Z',
  ...(secrets ? { secrets } : {}),
});

describe('secretVersions', () => {
  const environments = [
    {
      environment: 'production',
      active: new Map([
        ['TOKEN', '3'],
        ['KEY', undefined],
      ]),
      latest: [
        { project: 'web', revision: revision(7, { TOKEN: '3', KEY: '1' }) },
        { project: 'api', revision: revision(2, { TOKEN: '2' }) },
        { project: 'cron', revision: revision(1) },
      ],
    },
    { environment: 'staging', active: new Map([['TOKEN', '9']]), latest: [] },
  ];

  it('flags a project whose deployed version is not the active one as stale, projects sorted', () => {
    expect(secretVersions(['TOKEN'], environments).get('TOKEN')).toEqual([
      {
        environment: 'production',
        active: '3',
        deployed: [
          { project: 'api', version: '2', revision: 2, stale: true },
          { project: 'web', version: '3', revision: 7, stale: false },
        ],
      },
      { environment: 'staging', active: '9', deployed: [] },
    ]);
  });

  it('a version deployed but gone from the backend is stale; an environment with neither is left out', () => {
    expect(secretVersions(['KEY', 'OTHER'], environments)).toEqual(
      new Map([
        ['KEY', [{ environment: 'production', deployed: [{ project: 'web', version: '1', revision: 7, stale: true }] }]],
        ['OTHER', []],
      ]),
    );
  });
});
