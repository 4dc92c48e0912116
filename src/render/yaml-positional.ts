/**
 * The position-keeping YAML parser (the `yaml` package), loaded on first use: it
 * loads ~80 modules, and only a problem or an anchor needs it (js-yaml parses the rest).
 */
import { createRequire } from 'node:module';

export type YamlModule = typeof import('yaml');

let yamlModule: YamlModule | undefined;

export function positional(): YamlModule {
  yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return yamlModule;
}
