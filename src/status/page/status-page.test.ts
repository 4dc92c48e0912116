import { describe, expect, it } from 'vitest';
import type { StatusReport } from '../report.js';
import { statusPage } from './status-page.js';

const report: StatusReport = {
  generatedAt: '2026-11-26T05:00:00.000Z',
  environments: [{ name: 'testing', namespace: 'cki-testing', deployOrder: 10, cluster: 'cki-testing' }],
  projects: ['<img src=x onerror=alert(1)>'],
  cells: [
    {
      environment: 'testing',
      project: '<img src=x onerror=alert(1)>',
      state: 'deployed',
      revision: {
        number: 2,
        hash: 'h',
        images: ['quay.io/cki/web@sha256:0123456789abcdef'],
        time: '2026-11-26T04:00:00.000Z',
        pipelineUrl: 'javascript:alert(1)',
        jobUrl: 'https://gitlab.example.com/-/jobs/1?a=1&b="2"',
      },
      history: [],
      problems: [],
    },
  ],
  counts: { cells: 1, inSync: 1, unhealthy: 0, drifted: 0, behind: 0, errors: 0, unreachableEnvironments: 0 },
  requests: 3,
};

describe('statusPage', () => {
  const html = statusPage(report);

  it('escapes what the inventories recorded, and links only http(s) URLs', () => {
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('<a class="job" href="https://gitlab.example.com/-/jobs/1?a=1&amp;b=&quot;2&quot;" rel="noopener">job</a>');
    expect(html).toContain('web@01234567');
  });

  it('is self-contained: no stylesheet, script, image or font from elsewhere', () => {
    expect(html).not.toMatch(/<link\b|<script\s+src|<img\b|@import|url\(/i);
    expect(html.match(/href="[^"]*"/g)).toEqual(['href="https://gitlab.example.com/-/jobs/1?a=1&amp;b=&quot;2&quot;"']);
  });
});
