import { describe, expect, it } from 'vitest';
import { parseYamlSource } from '../yaml-source.js';
import { validateProjectVars } from './project-vars-validator.js';
import { validateAgainstSchema } from './validate.js';

function problemsOf(yaml: string) {
  const source = parseYamlSource(yaml, 'projects/demo/project-vars.yml.j2');
  return validateAgainstSchema(validateProjectVars, source.data, 'projects/demo/project-vars.yml.j2', source);
}

describe('project vars validation', () => {
  it('accepts the seed example shape', () => {
    const yaml = [
      'secret:',
      '  - SENTRY_DSN: $MICRO_SERVICE_SENTRY_DSN',
      'deployment:',
      '  image: quay.io/cki/micro-service:production',
      '  variables:',
      '    - RABBITMQ_HOST: "rabbit"',
      '    - RABBITMQ_PORT',
      '  volumes:',
      '    - {pvc: $PROJECT_NAME, mountPath: /data}',
      '  storage: 100Gi',
      'services:',
      '  - port: 8000',
      '    route: {cki_project_subdomain: micro.internal}',
      '    metrics: true',
    ].join('\n');
    expect(problemsOf(yaml)).toEqual([]);
  });

  it('names a misspelt key with its line and a suggestion', () => {
    const problems = problemsOf('deployment:\n  image: x\n  replcias: 2\n');
    expect(problems).toEqual([expect.objectContaining({ line: 3, path: 'deployment.replcias', message: expect.stringContaining('did you mean "replicas"') })]);
  });

  it('lists the allowed keys when nothing is close', () => {
    const [problem] = problemsOf('frobnicate: 1\n');
    expect(problem?.message).toContain('unknown key "frobnicate"');
    expect(problem?.message).toContain('Allowed keys:');
    expect(problem?.line).toBe(1);
  });

  it('reports a wrong type at the value line', () => {
    const problems = problemsOf('deployment:\n  image: x\n  replicas: many\n');
    expect(problems).toEqual([expect.objectContaining({ line: 3, path: 'deployment.replicas', message: 'must be integer, not "many"' })]);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf('deployment:\n  replicas: -1\nservices:\n  - port: 99999\n');
    const paths = problems.map((p) => p.path).sort();
    expect(paths).toEqual(['deployment', 'deployment.replicas', 'services[0].port']);
  });

  it('explains a union by the first mismatching branch', () => {
    const problems = problemsOf('deployment:\n  image: x\n  variables:\n    - {A: 1, B: 2}\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('deployment.variables[0]');
    expect(problems[0]?.line).toBe(4);
  });

  it('names the branches of a union that nothing matched', () => {
    const problems = problemsOf('deployment:\n  image: x\n  variables:\n    - 5\n');
    expect(problems).toEqual([
      expect.objectContaining({ line: 4, path: 'deployment.variables[0]', message: expect.stringMatching(/^must be string or a mapping/) }),
    ]);
  });

  it('rejects a secret entry that is not a $REFERENCE', () => {
    const problems = problemsOf('secret:\n  - TOKEN: plain-text\n');
    expect(problems[0]).toMatchObject({ path: 'secret[0].TOKEN', line: 2 });
    expect(problems[0]?.message).toContain('does not match');
  });
});
