import { describe, expect, it } from 'vitest';
import { parseChallenge } from './registry-client.js';
import { digestOf, parseImageReference, pinnedTo, withoutDigest } from './reference.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('image references', () => {
  it('reads registry, repository, tag and digest as the container tools do', () => {
    expect(parseImageReference('quay.io/cki/webhook-receiver:production')).toEqual({
      registry: 'quay.io',
      repository: 'cki/webhook-receiver',
      tag: 'production',
    });
    expect(parseImageReference(`127.0.0.1:5000/team/worker:v1@${DIGEST}`)).toEqual({
      registry: '127.0.0.1:5000',
      repository: 'team/worker',
      tag: 'v1',
      digest: DIGEST,
    });
    expect(parseImageReference('localhost/x')).toEqual({ registry: 'localhost', repository: 'x' });
    expect(parseImageReference('node:20')).toEqual({ registry: 'docker.io', repository: 'library/node', tag: '20' });
    expect(parseImageReference('cki/tools')).toEqual({ registry: 'docker.io', repository: 'cki/tools' });
  });

  it('refuses what no registry accepts, naming the image', () => {
    expect(() => parseImageReference('quay.io/CKI/x:v1')).toThrow('image "quay.io/CKI/x:v1": "CKI/x" is not a valid repository name');
    expect(() => parseImageReference('quay.io/x:v/1')).toThrow('is not a valid repository name');
    expect(() => parseImageReference('quay.io/x@sha256:short')).toThrow('"sha256:short" is not a digest');
    expect(() => parseImageReference('quay.io/x:-bad')).toThrow('"-bad" is not a valid tag');
  });

  it('pins a reference to a digest, keeping its tag for people to read', () => {
    expect(pinnedTo('quay.io/x:v1', DIGEST)).toBe(`quay.io/x:v1@${DIGEST}`);
    expect(pinnedTo(`quay.io/x:v1@sha256:${'cd'.repeat(32)}`, DIGEST)).toBe(`quay.io/x:v1@${DIGEST}`);
    expect(withoutDigest(`quay.io/x:v1@${DIGEST}`)).toBe('quay.io/x:v1');
    expect(digestOf(`quay.io/x:v1@${DIGEST}`)).toBe(DIGEST);
    expect(digestOf('quay.io/x:v1')).toBeUndefined();
  });

  it("reads a registry's WWW-Authenticate challenge", () => {
    expect(parseChallenge('Bearer realm="https://gitlab.example.com/jwt/auth",service="container_registry",scope="repository:a/b:pull"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://gitlab.example.com/jwt/auth', service: 'container_registry', scope: 'repository:a/b:pull' },
    });
    expect(parseChallenge('Basic realm="test-env"')).toEqual({ scheme: 'basic', params: { realm: 'test-env' } });
  });
});
