/**
 * Project vars (validated, merged for one environment) -> ProjectModel: defaults
 * filled in, `$PROJECT_NAME`/`$ENVIRONMENT` substituted, bare variable names looked up
 * in the inventory, `$SECRET` references checked against the catalogue.
 */
import type { Problem } from '../../lib/errors.js';
import type { EnvironmentDef, VariableValue } from '../inventory.js';
import type {
  CronJobVars,
  DeploymentVars,
  InitContainerVars,
  ProbeVars,
  ProjectVars,
  ResourcesVars,
  ServiceVars,
  VariableVars,
  VolumeVars,
} from '../schema/project-vars-schema.js';
import type { SecretsCatalogue } from '../schema/inventory-schema.js';
import { formatPath, type PathSegment } from '../yaml-source.js';
import { secretsExpiryVariable } from './secrets-expiry.js';
import { selectorLabels, standardLabels } from './labels.js';
import { volumeClaims, type ClaimMount } from './volume-claims.js';
import type {
  ContainerModel,
  CronJobModel,
  DeploymentModel,
  EnvVarModel,
  ProbeModel,
  ProjectModel,
  PvcModel,
  ResourcesModel,
  ServiceModel,
  VolumeModel,
} from './project-model.js';

export interface NormalizeInput {
  project: string;
  environment: EnvironmentDef;
  vars: ProjectVars;
  variables: Record<string, VariableValue>;
  catalogue: SecretsCatalogue;
  file: string;
  /** Line of a YAML path in the rendered vars, when known. */
  lineOf?: (path: PathSegment[], key?: string) => number | undefined;
  renderedLines?: boolean;
}

const DEFAULT_RESOURCES = { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } };
const SECRET_REF = /^\$([A-Z][A-Z0-9_]*)$/;

class Normalizer {
  readonly problems: Problem[] = [];
  readonly secretNames = new Set<string>();
  /** Every pvc volume seen, for claims(). */
  readonly claimMounts: ClaimMount[] = [];

  constructor(private readonly input: NormalizeInput) {}

  problem(path: PathSegment[], message: string): void {
    // A value the environment's override replaced is found under environments.<name>.
    const line = this.input.lineOf?.(['environments', this.input.environment.name, ...path]) ?? this.input.lineOf?.(path);
    this.problems.push({ file: this.input.file, line, path: formatPath(path), message, renderedLine: this.input.renderedLines && line !== undefined });
  }

  /** `$PROJECT_NAME` and `$ENVIRONMENT` inside any string. */
  substitute(text: string): string {
    return text.replace(/\$PROJECT_NAME\b/g, this.input.project).replace(/\$ENVIRONMENT\b/g, this.input.environment.name);
  }

  /** A string that must not be a secret reference (names, paths). */
  plain(text: string, path: PathSegment[]): string {
    const value = this.substitute(text);
    if (SECRET_REF.test(value)) this.problem(path, `a secret reference (${value}) is only allowed as a variable or secret value`);
    return value;
  }

  secretRef(ref: string, path: PathSegment[]): string | undefined {
    const name = SECRET_REF.exec(ref)?.[1];
    if (!name) return undefined;
    if (!(name in this.input.catalogue.secrets)) {
      this.problem(path, `secret ${name} is not in the catalogue; add it to inventory/secrets.yml (name and description, never the value)`);
      return name;
    }
    this.secretNames.add(name);
    return name;
  }

  envVar(entry: VariableVars, path: PathSegment[]): EnvVarModel | undefined {
    if (typeof entry === 'string') {
      const value = this.input.variables[entry];
      if (value === undefined) {
        this.problem(
          path,
          `variable ${entry} is not defined in inventory/variables.yml for environment ${this.input.environment.name}; define it there or write "${entry}: value"`,
        );
        return undefined;
      }
      return { name: entry, value: String(value) };
    }
    const [name, raw] = Object.entries(entry)[0] as [string, string | number | boolean | null];
    if (raw === null) {
      this.problem([...path, name], `no value: write "${name}: value", or "- ${name}" alone to take it from the inventory`);
      return undefined;
    }
    const text = this.substitute(String(raw));
    if (text.startsWith('$') && typeof raw === 'string' && SECRET_REF.test(text)) {
      return { name, secret: this.secretRef(text, [...path, name]) };
    }
    return { name, value: text };
  }

  envVars(entries: VariableVars[] | undefined, path: PathSegment[]): EnvVarModel[] {
    return (entries ?? []).flatMap((entry, i) => this.envVar(entry, [...path, i]) ?? []);
  }

  /** Standard variables first, then secrets, then the project's own; a later one with the same name wins. */
  containerEnv(own: EnvVarModel[], extra: EnvVarModel[]): EnvVarModel[] {
    const secrets = (this.input.vars.secret ?? []).flatMap((entry, i) => {
      const [name, ref] = Object.entries(entry)[0] as [string, string];
      return { name, secret: this.secretRef(ref, ['secret', i, name]) };
    });
    const env = this.input.environment;
    const standard: EnvVarModel[] = [{ name: 'CKI_DEPLOYMENT_ENVIRONMENT', value: env.production ? 'production' : env.name }];
    const byName = new Map<string, EnvVarModel>();
    for (const v of [...standard, ...extra, ...secrets, ...own]) byName.set(v.name, v);
    return [...byName.values()];
  }

  resources(vars: ResourcesVars | undefined): ResourcesModel {
    const str = (r: Record<string, string | number | undefined> | undefined): Record<string, string> =>
      Object.fromEntries(Object.entries(r ?? {}).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));
    return {
      requests: { ...DEFAULT_RESOURCES.requests, ...str(vars?.requests) },
      limits: { ...DEFAULT_RESOURCES.limits, ...str(vars?.limits) },
    };
  }

  image(image: string, path: PathSegment[]): string {
    const value = this.plain(image, path);
    const lastSegment = value.split('/').pop() ?? value;
    if (lastSegment.includes(':') || lastSegment.includes('@')) return value;
    return `${value}:${this.input.environment.image_tag}`;
  }

  volumes(vars: VolumeVars[] | undefined, path: PathSegment[]): VolumeModel[] {
    return (vars ?? []).flatMap((v, i): VolumeModel[] => {
      const kinds = [v.pvc !== undefined, v.configmap !== undefined, v.emptyDir === true].filter(Boolean).length;
      if (kinds !== 1) {
        this.problem([...path, i], 'a volume needs exactly one of pvc, configmap, emptyDir: true');
        return [];
      }
      const model: VolumeModel = {
        name: `volume-${i}`,
        mountPath: v.mountPath,
        readOnly: v.readOnly ?? false,
        emptyDir: v.emptyDir === true,
      };
      if (v.subPath !== undefined) model.subPath = v.subPath;
      if (v.pvc !== undefined) {
        model.pvc = this.plain(v.pvc, [...path, i, 'pvc']);
        this.claimMounts.push({ index: i, claim: model.pvc, vars: v });
      } else {
        const claimKey = (['storage', 'storage_class', 'existing'] as const).find((key) => v[key] !== undefined);
        if (claimKey) this.problem([...path, i, claimKey], `${claimKey} describes a volume claim: it needs pvc: NAME in the same volume`);
      }
      if (v.configmap !== undefined) model.configmap = this.plain(v.configmap, [...path, i, 'configmap']);
      return [model];
    });
  }

  /** The claims the deployment's volumes need, created or declared existing (see volume-claims.ts). */
  claims(vars: DeploymentVars | undefined): PvcModel[] {
    const storageClass = vars?.storage_class ?? this.input.environment.storage_class;
    const { claims, problems } = volumeClaims(this.claimMounts, {
      project: this.input.project,
      ...(vars?.storage !== undefined ? { storage: String(vars.storage) } : {}),
      ...(storageClass ? { storageClass } : {}),
    });
    for (const p of problems) this.problem(['deployment', 'volumes', ...p.path], p.message);
    return claims;
  }

  probe(vars: ProbeVars | undefined, defaultPath: string, metricsPort: number | undefined, path: PathSegment[]): ProbeModel | undefined {
    if (vars === false) return undefined;
    const port = vars?.port ?? metricsPort;
    if (port === undefined) {
      if (vars !== undefined) this.problem(path, 'a probe needs a port when no service has metrics: true');
      return undefined;
    }
    return {
      path: vars?.path ?? defaultPath,
      port,
      initialDelaySeconds: vars?.initialDelaySeconds ?? 10,
      periodSeconds: vars?.periodSeconds ?? 30,
      timeoutSeconds: vars?.timeoutSeconds ?? 5,
      failureThreshold: vars?.failureThreshold ?? 3,
    };
  }

  container(
    name: string,
    image: string,
    vars: { command?: string[]; args?: string[]; variables?: VariableVars[]; resources?: ResourcesVars },
    path: PathSegment[],
    extraEnv: EnvVarModel[],
    volumes: VolumeModel[],
  ): ContainerModel {
    const model: ContainerModel = {
      name,
      image,
      env: this.containerEnv(this.envVars(vars.variables, [...path, 'variables']), extraEnv),
      resources: this.resources(vars.resources),
      volumes,
    };
    if (vars.command) model.command = vars.command.map((c) => this.substitute(c));
    if (vars.args) model.args = vars.args.map((c) => this.substitute(c));
    return model;
  }

  services(vars: ServiceVars[] | undefined): ServiceModel[] {
    const names = new Set<string>();
    const project = this.input.project;
    const routes = (vars ?? []).filter((s) => s.route).length;
    return (vars ?? []).map((s, i) => {
      let portName = s.name ?? (s.metrics ? 'metrics' : 'http');
      if (names.has(portName)) portName = `${portName}-${s.port}`;
      names.add(portName);
      const model: ServiceModel = { portName, port: s.port, metrics: s.metrics ?? false, metricsPath: s.metrics_path ?? '/metrics' };
      if (s.route) {
        const { cki_project_subdomain: sub, host } = s.route;
        if ((sub === undefined) === (host === undefined)) {
          this.problem(['services', i, 'route'], 'a route needs exactly one of cki_project_subdomain, host');
        } else {
          const fullHost = host ?? `${this.plain(sub ?? '', ['services', i, 'route', 'cki_project_subdomain'])}.${this.input.environment.domain}`;
          model.route = { name: routes > 1 ? `${project}-${portName}` : project, host: this.substitute(fullHost), path: s.route.path ?? '/' };
        }
      }
      return model;
    });
  }

  deployment(vars: DeploymentVars, services: ServiceModel[], extraEnv: EnvVarModel[]): DeploymentModel {
    const path: PathSegment[] = ['deployment'];
    const image = this.image(vars.image, [...path, 'image']);
    const volumes = this.volumes(vars.volumes, [...path, 'volumes']);
    const metricsPort = services.find((s) => s.metrics)?.port;
    const base = this.container(this.input.project, image, vars, path, extraEnv, volumes);
    const model: DeploymentModel = {
      ...base,
      replicas: vars.replicas ?? 1,
      strategy: vars.strategy ?? (volumes.some((v) => v.pvc) ? 'Recreate' : 'RollingUpdate'),
      initContainers: (vars.init_containers ?? []).map((ic: InitContainerVars, i) =>
        this.container(
          ic.name,
          ic.image ? this.image(ic.image, [...path, 'init_containers', i, 'image']) : image,
          ic,
          [...path, 'init_containers', i],
          extraEnv,
          volumes,
        ),
      ),
      ports: services.map((s) => ({ name: s.portName, port: s.port })),
    };
    const liveness = this.probe(vars.liveness, '/healthz', metricsPort, [...path, 'liveness']);
    const readiness = this.probe(vars.readiness, '/readyz', metricsPort, [...path, 'readiness']);
    if (liveness) model.liveness = liveness;
    if (readiness) model.readiness = readiness;
    return model;
  }

  cronjob(vars: CronJobVars, i: number, defaultImage: string | undefined, extraEnv: EnvVarModel[]): CronJobModel | undefined {
    const path: PathSegment[] = ['cronjobs', i];
    const imageVars = vars.image ?? defaultImage;
    if (imageVars === undefined) {
      this.problem(path, 'a cron job needs an image when the project has no deployment');
      return undefined;
    }
    const jobName = vars.name ? `${this.input.project}-${this.plain(vars.name, [...path, 'name'])}` : this.input.project;
    return {
      ...this.container(this.input.project, this.image(imageVars, [...path, 'image']), vars, path, extraEnv, []),
      jobName,
      schedule: vars.schedule,
      concurrencyPolicy: vars.concurrency_policy ?? 'Forbid',
      suspend: vars.suspend ?? false,
      backoffLimit: vars.backoff_limit ?? 2,
    };
  }
}

/** Builds the model; problems name the vars file and the YAML path. */
export function normalizeProject(input: NormalizeInput): { model: ProjectModel; problems: Problem[] } {
  const n = new Normalizer(input);
  const { vars, project, environment } = input;
  const services = n.services(vars.services);
  const metrics = services.find((s) => s.metrics);
  const extraEnv: EnvVarModel[] = metrics
    ? [
        { name: 'CKI_METRICS_ENABLED', value: 'true' },
        { name: 'CKI_METRICS_PORT', value: String(metrics.port) },
      ]
    : [];
  const deployment = vars.deployment ? n.deployment(vars.deployment, services, extraEnv) : undefined;
  if (!deployment && services.length > 0) n.problem(['services'], 'services need a deployment to route to');
  const cronjobs = (vars.cronjobs ?? []).flatMap((c, i) => n.cronjob(c, i, vars.deployment?.image, extraEnv) ?? []);
  const labels = { ...standardLabels(project, environment.name), ...(vars.labels ?? {}) };
  const model: ProjectModel = {
    name: project,
    environment: environment.name,
    namespace: environment.namespace,
    labels,
    selector: selectorLabels(project),
    annotations: { ...(vars.annotations ?? {}) },
    routeKind: environment.route_kind ?? 'Route',
    secretNames: [],
    pvcs: [],
    services,
    cronjobs,
    configmaps: Object.entries(vars.configmaps ?? {}).map(([name, data]) => ({
      name: n.plain(name, ['configmaps', name]),
      data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, n.plain(String(v), ['configmaps', name, k])])),
    })),
    images: [],
  };
  if (environment.ingress_class) model.ingressClass = environment.ingress_class;
  if (deployment) model.deployment = deployment;
  model.pvcs = n.claims(vars.deployment);
  if (vars.serviceaccount) model.rbac = { rules: vars.serviceaccount };
  // Collected last: every reference above has been seen by now.
  model.secretNames = [...n.secretNames].sort();
  // The service exports its secrets' expiry dates (src/lib/secret-expiry.ts) for the SecretExpiring alert.
  const expiry = metrics ? secretsExpiryVariable(model.secretNames, input.catalogue) : undefined;
  if (deployment && expiry !== undefined) deployment.env.push({ name: 'CKI_SECRETS_EXPIRY', value: expiry });
  model.images = [
    ...new Set([deployment?.image, ...(deployment?.initContainers ?? []).map((c) => c.image), ...cronjobs.map((c) => c.image)].filter((i): i is string => !!i)),
  ];
  // Secrets are resolved once per container; report each mistake once.
  const unique = new Map(n.problems.map((p) => [`${p.path}|${p.message}`, p]));
  return { model, problems: [...unique.values()] };
}
