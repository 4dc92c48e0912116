/**
 * Schema of a project's `alerts:` overrides, built from the catalogue: one key per
 * default alert, `false` to turn it off, or an object changing `for`, `severity` and
 * (for alerts that have one) `threshold`. The object is closed, so a misspelt alert
 * name is an unknown key with a suggestion.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { ALERTS, SEVERITIES, type AlertDefinition, type Severity } from './alert-catalogue.js';

const closed = { additionalProperties: false } as const;

/** A Prometheus duration, as `for:` takes it. */
export const PROMETHEUS_DURATION = '^(0|([0-9]+(ms|s|m|h|d|w|y))+)$';

function thresholdSchema(def: AlertDefinition): TSchema {
  const threshold = def.threshold;
  if (!threshold) return Type.Never();
  const description = `${threshold.meaning}. Default ${threshold.default}.`;
  if (threshold.allowed)
    return Type.Union(
      threshold.allowed.map((v) => Type.Literal(v)),
      { description: `${description} One of ${threshold.allowed.join(', ')}.` },
    );
  return Type.Number({ minimum: 0, description });
}

function overrideSchema(def: AlertDefinition): TSchema {
  const fields: Record<string, TSchema> = {
    enabled: Type.Optional(Type.Boolean({ description: 'false turns the alert off (as `false` alone does).' })),
    for: Type.Optional(
      Type.String({ pattern: PROMETHEUS_DURATION, description: `How long the condition holds before it fires (Prometheus duration). Default ${def.for}.` }),
    ),
    severity: Type.Optional(
      Type.Union(
        SEVERITIES.map((s) => Type.Literal(s)),
        { description: `Default ${def.severity}.` },
      ),
    ),
  };
  if (def.threshold) fields.threshold = Type.Optional(thresholdSchema(def));
  return Type.Union([Type.Literal(false), Type.Object(fields, closed)], { description: def.description });
}

// Built from a list, so TypeBox cannot infer it: typed as the overrides it accepts.
export const AlertsSchema = Type.Unsafe<AlertsVars>(
  Type.Object(Object.fromEntries(ALERTS.map((def) => [def.name, Type.Optional(overrideSchema(def))])), {
    ...closed,
    description:
      'Overrides of the default alerts (docs/monitoring.md): `NAME: false` turns one off; `NAME: {for: 10m, severity: critical, threshold: 3}` changes it.',
  }),
);

/** One alert's override, as validated (the schema above, per alert). */
export type AlertOverrideVars = false | { enabled?: boolean; for?: string; severity?: Severity; threshold?: number };
export type AlertsVars = Partial<Record<string, AlertOverrideVars>>;
