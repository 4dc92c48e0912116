/**
 * Checks a rendered object before it is written or applied: known apiVersion and
 * kind, valid names and labels, required fields present. Returns messages, each
 * starting with the object it concerns.
 */
import { KINDS } from './kinds.js';
import { objectRef } from './k8s-object.js';
import { dnsLabelProblem, dnsSubdomainProblem } from './names.js';
import { isRecord } from '../../lib/is-record.js';

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Looks up `a.b.c[]`: present, and for `[]` a non-empty list. */
function hasPath(obj: unknown, path: string): boolean {
  const list = path.endsWith('[]');
  let current: unknown = obj;
  for (const key of (list ? path.slice(0, -2) : path).split('.')) {
    if (!isRecord(current)) return false;
    current = current[key];
  }
  if (list) return Array.isArray(current) && current.length > 0;
  return current !== undefined && current !== null;
}

function get(obj: unknown, path: string): unknown {
  let current: unknown = obj;
  for (const key of path.split('.')) current = isRecord(current) ? current[key] : undefined;
  return current;
}

function labelProblems(labels: unknown, where: string): string[] {
  if (labels === undefined) return [];
  if (!isRecord(labels)) return [`${where} must be a mapping`];
  return Object.entries(labels).flatMap(([key, value]) => {
    if (typeof value !== 'string') return [`${where}.${key} must be a string, not ${JSON.stringify(value)}`];
    if (value.length > 63 || !LABEL_VALUE.test(value))
      return [`${where}.${key}: "${value}" is not a valid label value (at most 63 letters, digits, "-", "_", ".")`];
    return [];
  });
}

function containerProblems(podSpec: unknown, where: string): string[] {
  const problems: string[] = [];
  for (const field of ['initContainers', 'containers']) {
    const list = isRecord(podSpec) ? podSpec[field] : undefined;
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      problems.push(`${where}.${field} must be a list`);
      continue;
    }
    list.forEach((c: unknown, i) => {
      const at = `${where}.${field}[${i}]`;
      if (!isRecord(c)) return void problems.push(`${at} must be a mapping`);
      if (typeof c.name !== 'string') problems.push(`${at}.name is required`);
      else if (dnsLabelProblem(c.name)) problems.push(`${at}.name ${dnsLabelProblem(c.name)}`);
      if (typeof c.image !== 'string' || c.image === '') problems.push(`${at}.image is required`);
    });
  }
  return problems;
}

/** All problems of one object (empty when valid). */
export function validateObject(obj: unknown): string[] {
  if (!isRecord(obj)) return [`a rendered document must be a mapping (a Kubernetes object), not ${Array.isArray(obj) ? 'a list' : JSON.stringify(obj)}`];
  const ref = objectRef(obj);
  const problems: string[] = [];
  const kind = obj.kind;
  if (typeof kind !== 'string') return [`${ref}: kind is required`];
  const info = KINDS[kind];
  if (!info) return [`${ref}: unknown kind "${kind}"; known kinds: ${Object.keys(KINDS).join(', ')}`];
  if (typeof obj.apiVersion !== 'string' || !info.apiVersions.includes(obj.apiVersion)) {
    problems.push(`apiVersion ${JSON.stringify(obj.apiVersion)} is not one of ${info.apiVersions.join(', ')} for ${kind}`);
  }
  const metadata = obj.metadata;
  if (!isRecord(metadata) || typeof metadata.name !== 'string') {
    problems.push('metadata.name is required');
  } else {
    const nameProblem = info.name === 'label' ? dnsLabelProblem(metadata.name) : dnsSubdomainProblem(metadata.name);
    if (nameProblem) problems.push(`metadata.name ${nameProblem}`);
    else if (info.maxNameLength && metadata.name.length > info.maxNameLength) {
      problems.push(`metadata.name "${metadata.name}" is ${metadata.name.length} characters long; a ${kind} name may have at most ${info.maxNameLength}`);
    }
    if (info.namespaced && metadata.namespace !== undefined && (typeof metadata.namespace !== 'string' || dnsLabelProblem(metadata.namespace))) {
      problems.push(`metadata.namespace ${JSON.stringify(metadata.namespace)} is not a valid namespace name`);
    }
    problems.push(...labelProblems(metadata.labels, 'metadata.labels'));
  }
  for (const path of info.required) {
    if (!hasPath(obj, path)) problems.push(`${path.replace(/\[\]$/, '')} is required${path.endsWith('[]') ? ' (a non-empty list)' : ''}`);
  }
  if (info.podSpec) {
    problems.push(...containerProblems(get(obj, info.podSpec), info.podSpec));
    const selector = get(obj, 'spec.selector.matchLabels');
    const podLabels = get(obj, 'spec.template.metadata.labels');
    if (isRecord(selector) && isRecord(podLabels)) {
      for (const [key, value] of Object.entries(selector)) {
        if (podLabels[key] !== value) problems.push(`spec.selector.matchLabels.${key} does not match the pod template's labels`);
      }
    }
  }
  return problems.map((p) => `${ref}: ${p}`);
}
