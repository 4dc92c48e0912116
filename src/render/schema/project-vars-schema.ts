/**
 * JSON Schema of `projects/<name>/project-vars.yml.j2` (after the template is rendered
 * and the YAML parsed). Every field is described: `deployment-all schema` prints it for
 * editors, and docs/project-vars.md is generated from the same definitions.
 */
import { Type, type Static } from '@sinclair/typebox';
import { VmGroupSchema } from './vm-group-schema.js';
import { AlertsSchema } from '../../monitoring/alerts-schema.js';

const closed = { additionalProperties: false } as const;

const scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);

const envName = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' });

const quantity = Type.Union([Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?(m|k|Ki|Mi|Gi|Ti|Pi|M|G|T|P)?$' }), Type.Number()], {
  description: 'A Kubernetes quantity such as 100m, 256Mi, 1Gi or 2.',
});

const resourceList = Type.Object(
  {
    cpu: Type.Optional({ ...quantity, description: 'CPU, e.g. 100m or 1.' }),
    memory: Type.Optional({ ...quantity, description: 'Memory, e.g. 256Mi.' }),
  },
  closed,
);

const Resources = Type.Object(
  {
    requests: Type.Optional({ ...resourceList, description: 'Guaranteed resources. Default cpu 100m, memory 256Mi.' }),
    limits: Type.Optional({ ...resourceList, description: 'Upper bounds. Default memory 1Gi, no CPU limit.' }),
  },
  { ...closed, description: 'Container resources; defaults apply to what is left out.' },
);

const Variable = Type.Union([envName, Type.Record(envName, Type.Union([scalar, Type.Null()]), { minProperties: 1, maxProperties: 1 })], {
  description: 'An environment variable: `NAME: value` (a literal; `$SECRET` reads a secret), or a bare `NAME` taking its value from the inventory variables.',
});

const Variables = Type.Array(Variable, { description: 'Environment variables of the container.' });

const SecretEntry = Type.Record(envName, Type.String({ pattern: '^\\$[A-Z][A-Z0-9_]*$' }), {
  minProperties: 1,
  maxProperties: 1,
  description: '`ENV_NAME: $SECRET_NAME`: the container variable ENV_NAME gets the secret SECRET_NAME from the catalogue.',
});

const Volume = Type.Object(
  {
    mountPath: Type.String({ pattern: '^/', description: 'Absolute path in the container.' }),
    pvc: Type.Optional(
      Type.String({
        description:
          'Name of a PersistentVolumeClaim. The project creates it when the volume has a `storage` size (or, for the claim named `$PROJECT_NAME`, from `deployment.storage`); a claim made elsewhere is declared with `existing: true`.',
      }),
    ),
    storage: Type.Optional({
      ...quantity,
      description: 'Size of the claim named by `pvc`, which the project then creates, e.g. 10Gi. A claim mounted twice is sized once.',
    }),
    storage_class: Type.Optional(
      Type.String({ description: "storageClassName of the claim this volume creates; default `deployment.storage_class`, then the environment's." }),
    ),
    existing: Type.Optional(
      Type.Boolean({ description: 'The claim named by `pvc` is made outside this project (by hand or by another project): mount it, never create it.' }),
    ),
    configmap: Type.Optional(Type.String({ description: 'Name of a ConfigMap (one of `configmaps`, or existing).' })),
    emptyDir: Type.Optional(Type.Boolean({ description: 'A scratch volume that lives as long as the pod.' })),
    subPath: Type.Optional(Type.String({ description: 'Mount only this path of the volume.' })),
    readOnly: Type.Optional(Type.Boolean({ description: 'Mount read-only.' })),
  },
  {
    ...closed,
    description:
      'A volume mounted into the container: exactly one of pvc, configmap, emptyDir. Every claim a pvc volume names is created by the project (`storage`) or declared `existing: true`.',
  },
);

const Probe = Type.Union(
  [
    Type.Literal(false),
    Type.Object(
      {
        path: Type.Optional(Type.String({ description: 'HTTP path. Default /healthz (liveness) or /readyz (readiness).' })),
        port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'Port. Default the metrics port.' })),
        initialDelaySeconds: Type.Optional(Type.Integer({ minimum: 0, description: 'Default 10.' })),
        periodSeconds: Type.Optional(Type.Integer({ minimum: 1, description: 'Default 30.' })),
        timeoutSeconds: Type.Optional(Type.Integer({ minimum: 1, description: 'Default 5.' })),
        failureThreshold: Type.Optional(Type.Integer({ minimum: 1, description: 'Default 3.' })),
      },
      closed,
    ),
  ],
  { description: '`false` disables the probe; an object overrides its defaults.' },
);

const InitContainer = Type.Object(
  {
    name: Type.String({ description: 'Container name (DNS-1123 label).' }),
    image: Type.Optional(Type.String({ description: 'Image; default the deployment image.' })),
    command: Type.Array(Type.String(), { minItems: 1, description: 'Command and arguments.' }),
    variables: Type.Optional(Variables),
  },
  { ...closed, description: 'A container run to completion before the main one starts.' },
);

const Deployment = Type.Object(
  {
    image: Type.String({ pattern: '\\S', description: "Container image; without a tag the environment's image_tag is used." }),
    replicas: Type.Optional(Type.Integer({ minimum: 0, description: 'Number of pods. Default 1.' })),
    command: Type.Optional(Type.Array(Type.String(), { description: 'Overrides the image entrypoint.' })),
    args: Type.Optional(Type.Array(Type.String(), { description: 'Arguments to the entrypoint.' })),
    variables: Type.Optional(Variables),
    volumes: Type.Optional(Type.Array(Volume, { description: 'Volumes to mount.' })),
    storage: Type.Optional({
      ...quantity,
      description:
        'Size of the PersistentVolumeClaim named after the project (`{pvc: $PROJECT_NAME, ...}`), e.g. 100Gi; created even when no volume mounts it.',
    }),
    storage_class: Type.Optional(
      Type.String({ description: "storageClassName of the claims the project creates (a volume's own `storage_class` wins); default the environment's." }),
    ),
    resources: Type.Optional(Resources),
    liveness: Type.Optional(Probe),
    readiness: Type.Optional(Probe),
    init_containers: Type.Optional(Type.Array(InitContainer, { description: 'Init containers, run in order.' })),
    strategy: Type.Optional(
      Type.Union([Type.Literal('RollingUpdate'), Type.Literal('Recreate')], {
        description: 'Rollout strategy. Default Recreate when a PVC is mounted, else RollingUpdate.',
      }),
    ),
  },
  { ...closed, description: 'The long-running workload of the project (a Kubernetes Deployment).' },
);

const Route = Type.Object(
  {
    cki_project_subdomain: Type.Optional(Type.String({ description: 'Host becomes `<subdomain>.<environment domain>`.' })),
    host: Type.Optional(Type.String({ description: 'Full host name, used as is.' })),
    path: Type.Optional(Type.String({ description: 'Path prefix. Default /.' })),
  },
  { ...closed, description: 'Expose the port outside the cluster (Route or Ingress, per environment).' },
);

const Service = Type.Object(
  {
    port: Type.Integer({ minimum: 1, maximum: 65535, description: 'Port the container listens on.' }),
    name: Type.Optional(Type.String({ description: 'Port name. Default http, or metrics when metrics is true.' })),
    route: Type.Optional(Route),
    metrics: Type.Optional(Type.Boolean({ description: 'Prometheus scrapes /metrics on this port (ServiceMonitor); probes default to it.' })),
    metrics_path: Type.Optional(Type.String({ description: 'Metrics path. Default /metrics.' })),
  },
  { ...closed, description: 'A port of the project, as a Kubernetes Service.' },
);

const PolicyRule = Type.Object(
  {
    apiGroups: Type.Array(Type.String(), { description: "API groups; '' is the core group." }),
    resources: Type.Array(Type.String(), { minItems: 1, description: 'Resources, e.g. pods.' }),
    verbs: Type.Array(Type.String(), { minItems: 1, description: 'Verbs, e.g. get, list, watch.' }),
    resourceNames: Type.Optional(Type.Array(Type.String(), { description: 'Restrict to these object names.' })),
  },
  { ...closed, description: "One RBAC rule of the project's Role." },
);

const CronJob = Type.Object(
  {
    name: Type.Optional(Type.String({ description: 'Suffix of the CronJob name (`<project>-<name>`); default the project name alone.' })),
    schedule: Type.String({ pattern: '^\\S+( +\\S+){4}$|^@', description: 'Cron schedule, e.g. "0 3 * * *".' }),
    image: Type.Optional(Type.String({ description: 'Image; default the deployment image.' })),
    command: Type.Optional(Type.Array(Type.String(), { description: 'Command and arguments.' })),
    args: Type.Optional(Type.Array(Type.String())),
    variables: Type.Optional(Variables),
    resources: Type.Optional(Resources),
    concurrency_policy: Type.Optional(Type.Union([Type.Literal('Forbid'), Type.Literal('Allow'), Type.Literal('Replace')], { description: 'Default Forbid.' })),
    suspend: Type.Optional(Type.Boolean({ description: 'Pause the schedule.' })),
    backoff_limit: Type.Optional(Type.Integer({ minimum: 0, description: 'Retries of a failed run. Default 2.' })),
  },
  { ...closed, description: 'A scheduled job (Kubernetes CronJob).' },
);

const ConfigMaps = Type.Record(Type.String(), Type.Record(Type.String(), scalar), {
  description: 'ConfigMaps by name (`$PROJECT_NAME` allowed): key -> content.',
});

/** Everything that can be overridden per environment. */
const overridable = {
  labels: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Extra labels on every object.' })),
  annotations: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Extra annotations on every object.' })),
  secret: Type.Optional(Type.Array(SecretEntry, { description: 'Secrets exposed to every container as variables.' })),
  deployment: Type.Optional(Deployment),
  services: Type.Optional(Type.Array(Service, { description: 'Ports exposed as Services, Routes and ServiceMonitors.' })),
  serviceaccount: Type.Optional(Type.Array(PolicyRule, { description: 'RBAC rules: creates a ServiceAccount, a Role and a RoleBinding used by the pods.' })),
  cronjobs: Type.Optional(Type.Array(CronJob, { description: 'Scheduled jobs.' })),
  configmaps: Type.Optional(ConfigMaps),
  vm_group: Type.Optional(VmGroupSchema),
  alerts: Type.Optional(AlertsSchema),
};

const Override = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean({ description: 'Deploy to this environment. Default true.' })),
    ...overridable,
    // Merged over the base deployment, so nothing in it is required on its own.
    deployment: Type.Optional(Type.Partial(Deployment, { ...closed, description: 'Deployment values merged over the base deployment.' })),
  },
  { ...closed, description: 'Values merged over the project vars in this environment (maps merged, lists replaced).' },
);

export const ProjectVarsSchema = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean({ description: 'Deploy this project at all. Default true.' })),
    environments: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.Boolean(), Override]), {
        description: 'Per environment: false disables the project there, an object overrides values.',
      }),
    ),
    ...overridable,
  },
  { ...closed, description: 'projects/<name>/project-vars.yml.j2, after rendering.' },
);
export type ProjectVars = Static<typeof ProjectVarsSchema>;
export type ProjectOverride = Static<typeof Override>;
export type DeploymentVars = Static<typeof Deployment>;
export type VariableVars = Static<typeof Variable>;
export type VolumeVars = Static<typeof Volume>;
export type ServiceVars = Static<typeof Service>;
export type CronJobVars = Static<typeof CronJob>;
export type ProbeVars = Static<typeof Probe>;
export type ResourcesVars = Static<typeof Resources>;
export type InitContainerVars = Static<typeof InitContainer>;
