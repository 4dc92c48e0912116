/**
 * The normalized project: project vars with every default filled in and every
 * reference resolved, for one environment. The macros in templates/ turn it into
 * Kubernetes objects; they never need to know about defaults or the inventory.
 */

/** A container environment variable: a literal, or a key of the project's Secret. */
export interface EnvVarModel {
  name: string;
  value?: string;
  /** Name of the secret in the catalogue (also the key in the project's Secret). */
  secret?: string;
}

export interface ProbeModel {
  path: string;
  port: number;
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
}

export interface ResourcesModel {
  requests: Record<string, string>;
  limits: Record<string, string>;
}

export interface VolumeModel {
  /** Volume name inside the pod spec. */
  name: string;
  mountPath: string;
  subPath?: string;
  readOnly: boolean;
  pvc?: string;
  configmap?: string;
  emptyDir: boolean;
}

export interface ContainerModel {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env: EnvVarModel[];
  resources: ResourcesModel;
  volumes: VolumeModel[];
}

export interface DeploymentModel extends ContainerModel {
  replicas: number;
  strategy: 'RollingUpdate' | 'Recreate';
  liveness?: ProbeModel;
  readiness?: ProbeModel;
  initContainers: ContainerModel[];
  ports: { name: string; port: number }[];
}

export interface ServiceModel {
  portName: string;
  port: number;
  metrics: boolean;
  metricsPath: string;
  route?: { name: string; host: string; path: string };
}

export interface CronJobModel extends ContainerModel {
  /** Object name. */
  jobName: string;
  schedule: string;
  concurrencyPolicy: 'Forbid' | 'Allow' | 'Replace';
  suspend: boolean;
  backoffLimit: number;
}

export interface PvcModel {
  name: string;
  storage: string;
  storageClass?: string;
}

export interface PolicyRuleModel {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

export interface ProjectModel {
  name: string;
  environment: string;
  namespace: string;
  /** Labels on every object. */
  labels: Record<string, string>;
  /** Labels selecting the deployment's pods (a stable subset of `labels`). */
  selector: Record<string, string>;
  annotations: Record<string, string>;
  routeKind: 'Route' | 'Ingress';
  ingressClass?: string;
  /** Secret names (catalogue) the project's Secret holds; empty means no Secret. */
  secretNames: string[];
  deployment?: DeploymentModel;
  /** Volume claims the project creates (claims declared `existing` are mounted, not listed). */
  pvcs: PvcModel[];
  services: ServiceModel[];
  rbac?: { rules: PolicyRuleModel[] };
  cronjobs: CronJobModel[];
  configmaps: { name: string; data: Record<string, string> }[];
  /** Every image used, for the deploy's revision record. */
  images: string[];
}
