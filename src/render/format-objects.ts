/** How rendered objects are written, to files and to stdout. */
import { dump } from 'js-yaml';
import type { K8sObject } from './objects/k8s-object.js';

export type ObjectFormat = 'yaml' | 'json';

/** One YAML document the way every file deployment-all writes is formatted: no anchors, no folded lines. */
export function formatYaml(value: unknown): string {
  return dump(value, { noRefs: true, lineWidth: -1, quotingType: '"' });
}

/** Multi-document YAML in apply order, the way the objects are also printed to stdout. */
export function formatObjects(objects: readonly K8sObject[], format: ObjectFormat): string {
  if (format === 'json') return JSON.stringify(objects, null, 2) + '\n';
  return objects.map((o) => '---\n' + formatYaml(o)).join('');
}
