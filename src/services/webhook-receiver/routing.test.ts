import { describe, expect, it } from 'vitest';
import { BadWebhookError, routeOf, tokenAccepted } from './routing.js';

describe('tokenAccepted', () => {
  it('accepts any configured token and nothing else', () => {
    const tokens = ['first-token', 'second-token'];
    expect(tokenAccepted('second-token', tokens)).toBe(true);
    expect(tokenAccepted('first-token', tokens)).toBe(true);
    expect(tokenAccepted('second-toke', tokens)).toBe(false);
    expect(tokenAccepted('', tokens)).toBe(false);
    expect(tokenAccepted(undefined, tokens)).toBe(false);
    expect(tokenAccepted(undefined, [''])).toBe(false);
  });
});

describe('routeOf', () => {
  it('routes a merge request event by instance header, project path and kind', () => {
    const body = { object_kind: 'merge_request', project: { path_with_namespace: 'cki-project/kernel-ark', web_url: 'https://other.example/x' } };
    expect(routeOf(body, 'https://gitlab.com')).toEqual({
      routingKey: 'gitlab.com.cki-project/kernel-ark.merge_request',
      kind: 'merge_request',
      host: 'gitlab.com',
      projectPath: 'cki-project/kernel-ark',
    });
  });

  it('routes a job event, which has no project object, by its repository URL', () => {
    const body = { object_kind: 'build', build_id: 1, repository: { homepage: 'https://gitlab.example.com/group/sub/project' } };
    expect(routeOf(body, undefined).routingKey).toBe('gitlab.example.com.group/sub/project.build');
  });

  it('rejects bodies it cannot route, saying why', () => {
    expect(() => routeOf([], undefined)).toThrow(new BadWebhookError('body is not a JSON object'));
    expect(() => routeOf({ project: {} }, 'https://gitlab.com')).toThrow(/object_kind is missing/);
    expect(() => routeOf({ object_kind: 'push', project: { path_with_namespace: 'a/b' } }, undefined)).toThrow(/GitLab host/);
    expect(() => routeOf({ object_kind: 'push' }, 'https://gitlab.com')).toThrow(/cannot tell the project/);
    expect(() => routeOf({ object_kind: 'a.b', project: { path_with_namespace: 'a/b' } }, 'https://gitlab.com')).toThrow(/object_kind/);
  });
});
