/**
 * The Kubernetes kinds we render, with what validation and the deploy need to know.
 * An explicit registry: a kind not listed here is an error, so a typo in a raw
 * template is caught before it reaches a cluster.
 */

export interface KindInfo {
  apiVersions: readonly string[];
  namespaced: boolean;
  /** Name rule: most kinds take a DNS subdomain, some a DNS label. */
  name: 'subdomain' | 'label';
  /** Names are used as prefixes of generated names (CronJob -> Job). */
  maxNameLength?: number;
  /** Dotted paths that must be present. `[]` means a non-empty list. */
  required: readonly string[];
  /** Paths to lists of containers, validated for name and image. */
  podSpec?: string;
}

const workload = (apiVersions: string[], podSpec: string, required: string[] = []): KindInfo => ({
  apiVersions,
  namespaced: true,
  name: 'subdomain',
  required: [...required, `${podSpec}.containers[]`],
  podSpec,
});

export const KINDS: Readonly<Record<string, KindInfo>> = {
  Namespace: { apiVersions: ['v1'], namespaced: false, name: 'label', required: [] },
  CustomResourceDefinition: {
    apiVersions: ['apiextensions.k8s.io/v1'],
    namespaced: false,
    name: 'subdomain',
    required: ['spec.group', 'spec.names', 'spec.versions[]'],
  },
  ServiceAccount: { apiVersions: ['v1'], namespaced: true, name: 'subdomain', required: [] },
  Role: { apiVersions: ['rbac.authorization.k8s.io/v1'], namespaced: true, name: 'subdomain', required: ['rules'] },
  RoleBinding: { apiVersions: ['rbac.authorization.k8s.io/v1'], namespaced: true, name: 'subdomain', required: ['roleRef.kind', 'roleRef.name', 'subjects[]'] },
  ClusterRole: { apiVersions: ['rbac.authorization.k8s.io/v1'], namespaced: false, name: 'subdomain', required: [] },
  ClusterRoleBinding: { apiVersions: ['rbac.authorization.k8s.io/v1'], namespaced: false, name: 'subdomain', required: ['roleRef.kind', 'roleRef.name'] },
  ConfigMap: { apiVersions: ['v1'], namespaced: true, name: 'subdomain', required: [] },
  Secret: { apiVersions: ['v1'], namespaced: true, name: 'subdomain', required: [] },
  PersistentVolumeClaim: { apiVersions: ['v1'], namespaced: true, name: 'subdomain', required: ['spec.accessModes[]', 'spec.resources.requests.storage'] },
  Deployment: workload(['apps/v1'], 'spec.template.spec', ['spec.selector.matchLabels', 'spec.template.metadata.labels']),
  StatefulSet: workload(['apps/v1'], 'spec.template.spec', ['spec.selector.matchLabels', 'spec.template.metadata.labels']),
  DaemonSet: workload(['apps/v1'], 'spec.template.spec', ['spec.selector.matchLabels', 'spec.template.metadata.labels']),
  Job: workload(['batch/v1'], 'spec.template.spec'),
  CronJob: { ...workload(['batch/v1'], 'spec.jobTemplate.spec.template.spec', ['spec.schedule']), maxNameLength: 52 },
  Service: { apiVersions: ['v1'], namespaced: true, name: 'label', required: ['spec'] },
  Route: { apiVersions: ['route.openshift.io/v1'], namespaced: true, name: 'subdomain', required: ['spec.to.kind', 'spec.to.name'] },
  Ingress: { apiVersions: ['networking.k8s.io/v1'], namespaced: true, name: 'subdomain', required: ['spec'] },
  ServiceMonitor: { apiVersions: ['monitoring.coreos.com/v1'], namespaced: true, name: 'subdomain', required: ['spec.selector', 'spec.endpoints[]'] },
  PrometheusRule: { apiVersions: ['monitoring.coreos.com/v1'], namespaced: true, name: 'subdomain', required: ['spec.groups[]'] },
  PodDisruptionBudget: { apiVersions: ['policy/v1'], namespaced: true, name: 'subdomain', required: ['spec.selector'] },
  HorizontalPodAutoscaler: { apiVersions: ['autoscaling/v2'], namespaced: true, name: 'subdomain', required: ['spec.scaleTargetRef.name', 'spec.maxReplicas'] },
  NetworkPolicy: { apiVersions: ['networking.k8s.io/v1'], namespaced: true, name: 'subdomain', required: ['spec.podSelector'] },
};

const KIND_ORDER = Object.keys(KINDS);

/** Position of a kind in the apply order (the order of KINDS above); unknown kinds go last. */
export function kindOrder(kind: string): number {
  const index = KIND_ORDER.indexOf(kind);
  return index === -1 ? KIND_ORDER.length : index;
}
