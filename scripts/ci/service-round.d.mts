/** Types of scripts/ci/service-round.mjs, for the integration tests. */
export interface BundledService {
  name: string;
  /** The `msg` of the line the service logs once started (with its ports). */
  started: string;
  secret: string;
  env: Record<string, string>;
  work(started: Record<string, unknown>): Promise<string | undefined>;
}
export declare const DRAIN_EVENTS: string[];
export declare function bundledServices(work: string, vhost: string): BundledService[];
export declare function checkService(
  service: BundledService,
  options: {
    argv: string[];
    cwd: string;
    env: Record<string, string | undefined>;
    secrets?: string[];
  },
): Promise<{ problems: string[]; lines: string[] }>;
