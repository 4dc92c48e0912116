import { describe, expect, it } from 'vitest';
import type { EnvironmentDef } from '../inventory.js';
import type { ProjectVars } from '../schema/project-vars-schema.js';
import { normalizeProject } from './normalize.js';

const environment: EnvironmentDef = {
  name: 'staging',
  cluster: { name: 'c', server: 'https://c' },
  namespace: 'cki-staging',
  domain: 'apps.example.com',
  image_tag: 'staging',
  secrets_path: 'cki/staging',
  deploy_order: 1,
  storage_class: 'standard',
};
const catalogue = { secrets: { SENTRY: { description: 'x' }, TOKEN: { description: 'y' } } };

function normalize(vars: ProjectVars, variables: Record<string, string | number> = { PORT: 5671 }) {
  return normalizeProject({ project: 'demo', environment, vars, variables, catalogue, file: 'projects/demo/project-vars.yml.j2' });
}

describe('normalizeProject', () => {
  it('resolves literals, inventory variables and secret references', () => {
    const { model, problems } = normalize({
      secret: [{ SENTRY_DSN: '$SENTRY' }],
      deployment: { image: 'quay.io/x/demo', variables: ['PORT', { USER: 'me' }, { API_TOKEN: '$TOKEN' }, { DIR: '/data/$PROJECT_NAME' }] },
    });
    expect(problems).toEqual([]);
    expect(model.deployment?.image).toBe('quay.io/x/demo:staging');
    expect(model.deployment?.env).toEqual([
      { name: 'CKI_DEPLOYMENT_ENVIRONMENT', value: 'staging' },
      { name: 'SENTRY_DSN', secret: 'SENTRY' },
      { name: 'PORT', value: '5671' },
      { name: 'USER', value: 'me' },
      { name: 'API_TOKEN', secret: 'TOKEN' },
      { name: 'DIR', value: '/data/demo' },
    ]);
    expect(model.secretNames).toEqual(['SENTRY', 'TOKEN']);
  });

  it('keeps an explicit tag or digest', () => {
    expect(normalize({ deployment: { image: 'registry:5000/x:v1' } }).model.deployment?.image).toBe('registry:5000/x:v1');
    expect(normalize({ deployment: { image: 'registry:5000/x' } }).model.deployment?.image).toBe('registry:5000/x:staging');
    expect(normalize({ deployment: { image: 'x@sha256:abc' } }).model.deployment?.image).toBe('x@sha256:abc');
  });

  it('derives probes, metrics variables and the PVC from the vars', () => {
    const { model } = normalize({
      deployment: { image: 'x', storage: '10Gi', volumes: [{ pvc: '$PROJECT_NAME', mountPath: '/data' }], readiness: false },
      services: [
        { port: 8000, metrics: true },
        { port: 8080, route: { cki_project_subdomain: 'demo' } },
      ],
    });
    expect(model.deployment?.liveness).toMatchObject({ path: '/healthz', port: 8000 });
    expect(model.deployment?.readiness).toBeUndefined();
    expect(model.deployment?.strategy).toBe('Recreate');
    expect(model.deployment?.env).toContainEqual({ name: 'CKI_METRICS_PORT', value: '8000' });
    expect(model.pvcs).toEqual([{ name: 'demo', storage: '10Gi', storageClass: 'standard' }]);
    expect(model.services[1]?.route).toEqual({ name: 'demo', host: 'demo.apps.example.com', path: '/' });
  });

  it('reports a secret missing from the catalogue once, with its path', () => {
    const { problems } = normalize({
      secret: [{ X: '$NOPE' }],
      deployment: { image: 'x' },
      cronjobs: [{ schedule: '* * * * *' }],
    });
    expect(problems).toEqual([expect.objectContaining({ path: 'secret[0].X', message: expect.stringContaining('secret NOPE is not in the catalogue') })]);
  });

  it('reports an unknown inventory variable and a volume without a kind', () => {
    const { problems } = normalize({ deployment: { image: 'x', variables: ['MISSING'], volumes: [{ mountPath: '/x' }] } });
    expect(problems.map((p) => p.path).sort()).toEqual(['deployment.variables[0]', 'deployment.volumes[0]']);
    problems.sort((a, b) => String(a.path).localeCompare(String(b.path)));
    expect(problems[0]?.message).toContain('not defined in inventory/variables.yml for environment staging');
  });

  it('refuses a secret reference where a name is expected', () => {
    const { problems } = normalize({ deployment: { image: 'x', volumes: [{ pvc: '$TOKEN', mountPath: '/x' }] } });
    expect(problems[0]?.message).toContain('only allowed as a variable or secret value');
  });
});
