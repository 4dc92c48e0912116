/**
 * Schemas of the inventory files. The TypeScript types are inferred from the same
 * definitions, and every field has a description: this is also the documentation.
 */
import { Type, type Static } from '@sinclair/typebox';
import { HostGroupsSchema } from './vm-group-schema.js';

const scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean()], {
  description: 'A string, number or boolean; rendered as a string in container environments.',
});

/** GitLab's deployment tiers, the values `environment:deployment_tier` accepts. */
export const DEPLOYMENT_TIERS = ['production', 'staging', 'testing', 'development', 'other'] as const;
export type DeploymentTier = (typeof DEPLOYMENT_TIERS)[number];

export const EnvironmentSchema = Type.Object(
  {
    description: Type.Optional(Type.String({ description: 'What this environment is for.' })),
    cluster: Type.Object(
      {
        name: Type.String({ description: 'Kubeconfig context (or cluster) name used to reach the cluster.' }),
        server: Type.String({ description: 'API server URL, e.g. https://api.example.com:6443.' }),
      },
      { additionalProperties: false, description: 'The Kubernetes cluster this environment deploys to.' },
    ),
    namespace: Type.String({ description: 'Namespace every project of this environment is deployed into.' }),
    create_namespace: Type.Optional(
      Type.Boolean({
        description:
          'Let `apply` create the namespace when it does not exist (for clusters where the deployer may create namespaces). ' +
          'Default false: a missing namespace stops apply, diff and history with a message saying to create it.',
      }),
    ),
    domain: Type.String({ description: 'Route/Ingress domain: `cki_project_subdomain: x` becomes `x.<domain>`.' }),
    route_kind: Type.Optional(
      Type.Union([Type.Literal('Route'), Type.Literal('Ingress')], {
        description: 'Expose services as OpenShift Routes or as Kubernetes Ingresses. Default Route.',
      }),
    ),
    ingress_class: Type.Optional(Type.String({ description: 'ingressClassName for Ingress objects.' })),
    image_tag: Type.String({ description: 'Tag used for images given without one, e.g. production or staging.' }),
    secrets_path: Type.String({ description: "Path prefix of this environment's secrets in the secrets backend." }),
    deploy_order: Type.Integer({ description: 'Environments deploy in increasing order (testing before production).' }),
    production: Type.Optional(Type.Boolean({ description: 'Sets CKI_DEPLOYMENT_ENVIRONMENT=production for services. Default false.' })),
    storage_class: Type.Optional(Type.String({ description: 'Default storageClassName of PersistentVolumeClaims.' })),
    image_registries: Type.Optional(
      Type.Array(
        Type.Object(
          {
            host: Type.String({
              pattern: '^[A-Za-z0-9.-]+(:[0-9]+)?$',
              description: 'Registry host (and port) as it starts image references, e.g. registry.gitlab.com or 127.0.0.1:5000.',
            }),
            insecure: Type.Optional(Type.Boolean({ description: 'Plain HTTP instead of HTTPS: only for a registry on loopback. Default false.' })),
            username_secret: Type.Optional(
              Type.String({ pattern: '^[A-Z][A-Z0-9_]*$', description: "Catalogue name of the registry user (read from this environment's secrets path)." }),
            ),
            password_secret: Type.Optional(Type.String({ pattern: '^[A-Z][A-Z0-9_]*$', description: 'Catalogue name of the password or token of that user.' })),
          },
          { additionalProperties: false },
        ),
        {
          description:
            'Registries whose images `apply` pins to digests (resolved through the registry API; the revision records them, ' +
            'a re-run of a deploy job deploys the same digests, and a redeploy keeps the digest of a tag nobody changed). ' +
            'Images from other registries are deployed by reference as rendered.',
        },
      ),
    ),
    host_groups: Type.Optional(HostGroupsSchema),
    deployment_tier: Type.Optional(
      Type.Union(
        DEPLOYMENT_TIERS.map((tier) => Type.Literal(tier)),
        {
          description:
            "GitLab deployment tier of this environment's jobs (`deployment-all pipeline`). " +
            "Default: the environment's name when it is one of the tiers, else other.",
        },
      ),
    ),
  },
  { additionalProperties: false, description: 'One deployment environment (inventory/environments/<name>.yml).' },
);
export type Environment = Static<typeof EnvironmentSchema>;

export const VariablesSchema = Type.Object(
  {
    variables: Type.Record(Type.String(), scalar, {
      description: 'Global non-secret variables, by name.',
    }),
    environments: Type.Optional(
      Type.Record(Type.String(), Type.Record(Type.String(), scalar), {
        description: 'Per-environment overrides of the global variables: environment name -> name -> value.',
      }),
    ),
  },
  { additionalProperties: false, description: 'inventory/variables.yml: global variables and their overrides.' },
);
export type VariablesFile = Static<typeof VariablesSchema>;

export const SecretEntrySchema = Type.Object(
  {
    description: Type.String({ description: 'What the secret is and who uses it.' }),
    owner: Type.Optional(Type.String({ description: 'Who rotates it.' })),
    expires: Type.Optional(
      Type.String({
        pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$',
        description:
          'Expiry date (YYYY-MM-DD, UTC), for tokens and certificates: `deployment-all secrets --expiring 30d` fails within the window, and services using the secret export it as cki_secret_expiry_timestamp_seconds (alert SecretExpiring).',
      }),
    ),
  },
  { additionalProperties: false, description: 'Metadata of one secret. Never its value.' },
);

export const SecretsCatalogueSchema = Type.Object(
  {
    secrets: Type.Record(Type.String({ pattern: '^[A-Z][A-Z0-9_]*$' }), SecretEntrySchema, {
      description: 'Secret names (UPPER_SNAKE_CASE) with their metadata.',
    }),
  },
  { additionalProperties: false, description: 'inventory/secrets.yml: the catalogue of secret names.' },
);
export type SecretsCatalogue = Static<typeof SecretsCatalogueSchema>;
