/** Types of scripts/ci/manifest-audit.mjs, for the unit tests. */
export declare function packageOf(specifier: string): string | undefined;
export declare function importedPackages(text: string): Set<string>;
export declare function auditManifest(input: {
  manifest: { dependencies?: Record<string, string>; devDependencies?: Record<string, string>; scripts?: Record<string, string> };
  runtimeFiles: Map<string, string>;
  devFiles: Map<string, string>;
  binsOf: (name: string) => string[];
}): string[];
