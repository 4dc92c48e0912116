/** What each macro produces, asserted on the objects (golden files cover the exact text). */
import { describe, expect, it } from 'vitest';
import { renderRepository } from '../../src/render/render-repository.js';
import type { K8sObject } from '../../src/render/objects/k8s-object.js';
import { makeRepo } from '../helpers/fixture-repo.js';
import { VOLUME_CLAIMS_VARS } from '../helpers/volume-claims-vars.js';

type Obj = K8sObject & { spec?: Record<string, unknown> };

function render(vars: string, target = 'prod/api', extra: Record<string, string> = {}): Obj[] {
  const root = makeRepo('basic', { 'projects/api/project-vars.yml.j2': vars, ...extra });
  const { rendered } = renderRepository({ root, targets: [target] });
  // Not a macro's: the dashboard ConfigMap (test/unit/monitoring-dashboards.test.ts).
  return (rendered[0]?.objects ?? []).filter((o) => o.metadata.labels?.grafana_dashboard !== '1') as Obj[];
}

const kinds = (objects: Obj[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`);
const get = (obj: unknown, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj);

describe('Kubernetes macros', () => {
  it('a bare deployment is a Deployment (and its alert rules), with default resources and no probes', () => {
    const objects = render('deployment:\n  image: example.com/x\n');
    expect(kinds(objects)).toEqual(['Deployment/api', 'PrometheusRule/api']);
    const container = get(objects[0], 'spec.template.spec.containers') as Record<string, unknown>[];
    expect(container[0]).toMatchObject({ image: 'example.com/x:stable', resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } } });
    expect(container[0]).not.toHaveProperty('livenessProbe');
  });

  it('labels every object for ownership, and selects pods with stable labels', () => {
    const objects = render('deployment:\n  image: x\nservices:\n  - port: 80\n');
    for (const obj of objects) {
      expect(obj.metadata.labels).toMatchObject({
        'deployment-all.io/project': 'api',
        'deployment-all.io/environment': 'prod',
        'app.kubernetes.io/managed-by': 'deployment-all',
      });
      expect(obj.metadata.namespace).toBe('team-prod');
    }
    expect(get(objects[1], 'spec.selector')).toEqual(get(objects[0], 'spec.selector.matchLabels'));
  });

  it('a route becomes an OpenShift Route or an Ingress, per environment', () => {
    const vars = 'deployment:\n  image: x\nservices:\n  - port: 8080\n    route: {cki_project_subdomain: web}\n';
    const prod = render(vars, 'prod/api').find((o) => o.kind === 'Route');
    expect(prod?.spec).toMatchObject({ host: 'web.prod.example.com', to: { kind: 'Service', name: 'api' }, port: { targetPort: 'http' } });
    const dev = render(vars, 'dev/api').find((o) => o.kind === 'Ingress');
    expect(get(dev, 'spec.rules')).toEqual([
      { host: 'web.dev.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'api', port: { name: 'http' } } } }] } },
    ]);
  });

  it('metrics: true adds a ServiceMonitor and probes on the metrics port', () => {
    const objects = render('deployment:\n  image: x\nservices:\n  - port: 9000\n    metrics: true\n');
    expect(kinds(objects)).toEqual(['Deployment/api', 'Service/api', 'ServiceMonitor/api', 'PrometheusRule/api']);
    expect(get(objects[2], 'spec.endpoints')).toEqual([{ port: 'metrics', path: '/metrics', interval: '60s' }]);
    const container = (get(objects[0], 'spec.template.spec.containers') as Record<string, unknown>[])[0];
    expect(get(container, 'livenessProbe.httpGet')).toEqual({ path: '/healthz', port: 9000 });
    expect(get(container, 'readinessProbe.httpGet')).toEqual({ path: '/readyz', port: 9000 });
  });

  it('storage adds a PersistentVolumeClaim; serviceaccount adds an account, a Role and a binding', () => {
    const objects = render(
      "deployment:\n  image: x\n  storage: 5Gi\n  volumes:\n    - {pvc: $PROJECT_NAME, mountPath: /d}\nserviceaccount:\n  - {apiGroups: [''], resources: [pods], verbs: [get]}\n",
    );
    expect(kinds(objects)).toEqual(['ServiceAccount/api', 'Role/api', 'RoleBinding/api', 'PersistentVolumeClaim/api', 'Deployment/api', 'PrometheusRule/api']);
    expect(get(objects[3], 'spec.resources.requests.storage')).toBe('5Gi');
    expect(get(objects[4], 'spec.template.spec.serviceAccountName')).toBe('api');
    expect(get(objects[4], 'spec.strategy.type')).toBe('Recreate');
  });

  it('every claim the volumes mount is created with its own size, once; an existing claim is only mounted', () => {
    const objects = render(VOLUME_CLAIMS_VARS, 'dev/api');
    expect(kinds(objects)).toEqual(['PersistentVolumeClaim/api', 'PersistentVolumeClaim/api-cache', 'Deployment/api', 'PrometheusRule/api']);
    expect(get(objects[0], 'spec')).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } });
    expect(get(objects[1], 'spec')).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '10Gi' } } });
    const claimNames = (get(objects[2], 'spec.template.spec.volumes') as { persistentVolumeClaim: { claimName: string } }[]).map(
      (v) => v.persistentVolumeClaim.claimName,
    );
    expect(claimNames).toEqual(['api', 'api-cache', 'api-cache', 'shared-data']);
  });

  it('secrets become a Secret with placeholders and secretKeyRef variables', () => {
    const objects = render('secret:\n  - TOKEN: $API_TOKEN\ndeployment:\n  image: x\n');
    expect(objects[0]).toMatchObject({ kind: 'Secret', stringData: { API_TOKEN: '<secret:API_TOKEN>' } });
    const env = get((get(objects[1], 'spec.template.spec.containers') as unknown[])[0], 'env') as unknown[];
    expect(env).toContainEqual({ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'API_TOKEN' } } });
  });

  it('cron jobs, config maps and init containers', () => {
    const objects = render(
      'deployment:\n  image: x\n  init_containers:\n    - {name: migrate, command: [db, migrate]}\nconfigmaps:\n  $PROJECT_NAME-config: {a.conf: "x=1"}\ncronjobs:\n  - {name: nightly, schedule: "0 1 * * *", command: [run]}\n',
    );
    expect(kinds(objects)).toEqual(['ConfigMap/api-config', 'Deployment/api', 'CronJob/api-nightly', 'PrometheusRule/api']);
    expect(get(objects[0], 'data')).toEqual({ 'a.conf': 'x=1' });
    expect(get(objects[1], 'spec.template.spec.initContainers')).toEqual([
      expect.objectContaining({ name: 'migrate', image: 'x:stable', command: ['db', 'migrate'] }),
    ]);
    expect(get(objects[2], 'spec')).toMatchObject({ schedule: '0 1 * * *', concurrencyPolicy: 'Forbid', jobTemplate: { spec: { backoffLimit: 2 } } });
  });

  it('per-environment overrides merge maps and replace lists; false disables', () => {
    const vars =
      'deployment:\n  image: x\n  replicas: 1\n  resources: {requests: {cpu: 1}}\nenvironments:\n  prod:\n    deployment: {replicas: 3, resources: {limits: {memory: 2Gi}}}\n';
    const prod = render(vars, 'prod/api')[0];
    expect(get(prod, 'spec.replicas')).toBe(3);
    expect(get((get(prod, 'spec.template.spec.containers') as unknown[])[0], 'resources')).toEqual({
      requests: { cpu: '1', memory: '256Mi' },
      limits: { memory: '2Gi' },
    });
    expect(get(render(vars, 'dev/api')[0], 'spec.replicas')).toBe(1);
    const root = makeRepo('basic', { 'projects/api/project-vars.yml.j2': 'deployment:\n  image: x\nenvironments:\n  dev: false\n' });
    expect(renderRepository({ root, targets: ['api'] }).disabled).toEqual([{ environment: 'dev', project: 'api' }]);
  });

  it('raw templates next to the vars are adopted: labelled and namespaced', () => {
    const objects = render('deployment:\n  image: x\n', 'prod/api', {
      'projects/api/pdb.yml.j2':
        'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: {{ PROJECT_NAME }}\nspec:\n  selector: {matchLabels: {a: b}}\n',
    });
    const pdb = objects.find((o) => o.kind === 'PodDisruptionBudget');
    expect(pdb?.metadata).toMatchObject({ name: 'api', namespace: 'team-prod', labels: { 'deployment-all.io/project': 'api' } });
  });
});
