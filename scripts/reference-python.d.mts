/** Types of reference-python.mjs, for the TypeScript tests. */
export declare function makeReferencePython(): string;
export declare function referencePython(): string;
