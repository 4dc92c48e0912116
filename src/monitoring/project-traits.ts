/**
 * What a project is, as far as its default alerts go, read from its model: metrics,
 * a deployment, a RabbitMQ connection, one of the bundled services.
 */
import type { ProjectModel } from '../render/model/project-model.js';

export type BundledService = 'pipeline-herder' | 'webhook-receiver';

const BUNDLED: readonly BundledService[] = ['pipeline-herder', 'webhook-receiver'];

export function hasMetrics(model: ProjectModel): boolean {
  return model.services.some((s) => s.metrics);
}

/** The common library connects to RabbitMQ when RABBITMQ_HOST is set (src/lib/messagequeue/config.ts). */
export function usesBroker(model: ProjectModel): boolean {
  return model.deployment?.env.some((v) => v.name === 'RABBITMQ_HOST') ?? false;
}

/**
 * A bundled service, recognised by its entry point (`dist/services/<name>/main.js`, how
 * projects/ runs them from the deployment-all image) or an image named after it.
 */
export function bundledService(model: ProjectModel): BundledService | undefined {
  const deployment = model.deployment;
  if (!deployment) return undefined;
  const words = [...(deployment.command ?? []), ...(deployment.args ?? [])].join(' ');
  const imageName = (deployment.image.split('/').pop() ?? '').split(/[:@]/)[0];
  return BUNDLED.find((name) => words.includes(`services/${name}/`) || imageName === name);
}
