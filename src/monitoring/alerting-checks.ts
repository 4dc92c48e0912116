/**
 * What the schema of inventory/alerting.yml cannot say: every receiver has an address,
 * every route names a receiver that exists, mail has a relay. Problems carry the file,
 * line and YAML path, and what to write.
 */
import { closest, distance } from 'fastest-levenshtein';
import type { Problem } from '../lib/errors.js';
import type { PathSegment } from '../render/yaml-source.js';
import { formatPath } from '../render/yaml-source.js';
import type { AlertingFile } from './alerting-schema.js';

export const ALERTING_FILE = 'inventory/alerting.yml';

/** Every route of the file: its YAML path and the receiver it names. */
function routeRefs(alerting: AlertingFile): { path: PathSegment[]; receiver: string }[] {
  const { route } = alerting;
  const refs: { path: PathSegment[]; receiver: string }[] = [{ path: ['route', 'receiver'], receiver: route.receiver }];
  if (route.critical_production !== undefined) refs.push({ path: ['route', 'critical_production'], receiver: route.critical_production });
  for (const [project, receiver] of Object.entries(route.projects ?? {})) refs.push({ path: ['route', 'projects', project], receiver });
  for (const [severity, receiver] of Object.entries(route.severities ?? {})) {
    if (receiver !== undefined) refs.push({ path: ['route', 'severities', severity], receiver });
  }
  return refs;
}

export function alertingProblems(alerting: AlertingFile, lineOf: (path: PathSegment[], key?: string) => number | undefined): Problem[] {
  const problems: Problem[] = [];
  const at = (path: PathSegment[], message: string) =>
    problems.push({ file: ALERTING_FILE, line: lineOf(path.slice(0, -1), String(path[path.length - 1])) ?? lineOf(path), path: formatPath(path), message });
  const names = Object.keys(alerting.receivers);
  for (const [name, receiver] of Object.entries(alerting.receivers)) {
    if (receiver.email === undefined && receiver.chat === undefined && receiver.pager === undefined) {
      at(['receivers', name], `receiver ${name} has no address; give it at least one of email: ADDRESS, chat: URL, pager: URL`);
    }
    if (receiver.email !== undefined && alerting.smtp === undefined) {
      at(['receivers', name, 'email'], 'mail needs a relay: add smtp: {smarthost: HOST:PORT, from: ADDRESS} to the file');
    }
  }
  for (const { path, receiver } of routeRefs(alerting)) {
    if (names.includes(receiver)) continue;
    const guess = names.length > 0 ? closest(receiver, names) : undefined;
    const hint = guess && distance(receiver, guess) <= 2 ? `; did you mean "${guess}"?` : `; known: ${names.join(', ') || 'none'} (receivers:)`;
    at(path, `unknown receiver "${receiver}"${hint}`);
  }
  return problems;
}
