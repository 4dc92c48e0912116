// Stands in for the whatwg-url package in the CLI bundle (scripts/build-cli.mjs): node-fetch 2
// (imported by @kubernetes/client-node) only falls back to it where node:url has no URL, which
// every supported Node has; loading it meant evaluating tr46's 370 KB mapping table on every start.
export const URL = globalThis.URL;
export const URLSearchParams = globalThis.URLSearchParams;
export default { URL, URLSearchParams };
