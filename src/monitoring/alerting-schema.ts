/**
 * Schema of `inventory/alerting.yml`: who gets the alerts. Receivers (mail, a chat
 * webhook, an emergency pager) and the routes from alert labels to them; rendered per
 * environment into an Alertmanager configuration (alertmanager-config.ts).
 */
import { Type, type Static } from '@sinclair/typebox';
import { SEVERITIES } from './alert-catalogue.js';

const closed = { additionalProperties: false } as const;

const url = Type.String({ pattern: '^https?://\\S+$', description: 'An http(s) URL.' });

const Receiver = Type.Object(
  {
    email: Type.Optional(Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$', description: 'Mail address (needs `smtp`).' })),
    chat: Type.Optional({ ...url, description: 'Chat webhook URL (Alertmanager webhook receiver). Written into the rendered file: no token in it.' }),
    pager: Type.Optional({ ...url, description: 'Emergency pager webhook URL. Written into the rendered file: no token in it.' }),
  },
  { ...closed, description: 'Where one receiver is reached: at least one of email, chat, pager.' },
);

const duration = (what: string) => Type.Optional(Type.String({ pattern: '^([0-9]+(ms|s|m|h|d|w|y))+$', description: what }));

export const AlertingSchema = Type.Object(
  {
    smtp: Type.Optional(
      Type.Object(
        {
          smarthost: Type.String({ pattern: '^\\S+:[0-9]+$', description: 'host:port of the mail relay.' }),
          from: Type.String({ description: 'Sender address of alert mails.' }),
          require_tls: Type.Optional(Type.Boolean({ description: 'Default true.' })),
        },
        { ...closed, description: 'Mail relay, needed by email receivers.' },
      ),
    ),
    receivers: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9-]*$' }), Receiver, { description: 'Receivers by name.' }),
    route: Type.Object(
      {
        receiver: Type.String({ description: 'Receiver of every alert no other route takes.' }),
        critical_production: Type.Optional(
          Type.String({ description: 'Receiver paged for `severity: critical` alerts of production environments (`production: true`), besides the others.' }),
        ),
        projects: Type.Optional(Type.Record(Type.String(), Type.String(), { description: "A project's alerts go to this receiver instead of the default." })),
        severities: Type.Optional(
          Type.Object(Object.fromEntries(SEVERITIES.map((s) => [s, Type.Optional(Type.String())])), {
            ...closed,
            description: 'Alerts of a severity go to this receiver instead of the default (after project routes).',
          }),
        ),
        group_wait: duration('Alertmanager group_wait. Default 30s.'),
        group_interval: duration('Alertmanager group_interval. Default 5m.'),
        repeat_interval: duration('Alertmanager repeat_interval. Default 4h.'),
      },
      { ...closed, description: 'Routes from alert labels (environment, project, severity) to receivers.' },
    ),
  },
  { ...closed, description: 'inventory/alerting.yml: receivers and routes of the alerts, rendered per environment as an Alertmanager configuration.' },
);
export type AlertingFile = Static<typeof AlertingSchema>;
export type ReceiverVars = Static<typeof Receiver>;
