/** Types of scripts/containerfile.mjs, for the unit tests. */
export declare class ContainerfileError extends Error {}
export declare function stripComments(text: string, file: string): string;
export declare function preprocess(
  file: string,
  options?: {
    read?: (path: string) => string;
    exists?: (path: string) => boolean;
    includeDirs?: string[];
    root?: string;
  },
): string;
