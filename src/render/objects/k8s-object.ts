/** The minimal shape of a rendered Kubernetes object. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** `Kind/namespace/name` (or `Kind/name` for cluster-scoped objects): how messages name an object. */
export function objectRef(obj: { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } }): string {
  const kind = typeof obj.kind === 'string' ? obj.kind : '(no kind)';
  const name = typeof obj.metadata?.name === 'string' ? obj.metadata.name : '(no name)';
  const ns = typeof obj.metadata?.namespace === 'string' ? `${obj.metadata.namespace}/` : '';
  return `${kind}/${ns}${name}`;
}
