/** The labels that mark every object we render; pruning and ownership rely on them. */

export const LABEL_PREFIX = 'deployment-all.io';
export const PROJECT_LABEL = `${LABEL_PREFIX}/project`;
export const ENVIRONMENT_LABEL = `${LABEL_PREFIX}/environment`;
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'deployment-all';

/** Labels every object of a project carries. */
export function standardLabels(project: string, environment: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': project,
    'app.kubernetes.io/instance': project,
    [MANAGED_BY_LABEL]: MANAGED_BY,
    [PROJECT_LABEL]: project,
    [ENVIRONMENT_LABEL]: environment,
  };
}

/** Labels that select the deployment's pods; never change them, a selector is immutable. */
export function selectorLabels(project: string): Record<string, string> {
  return { 'app.kubernetes.io/name': project, 'app.kubernetes.io/component': 'deployment' };
}
