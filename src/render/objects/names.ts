/** Kubernetes name rules (apimachinery validation), used for projects and objects. */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** RFC 1123 label: at most 63 characters, lowercase alphanumerics and "-". */
export function isDnsLabel(name: string): boolean {
  return name.length <= 63 && DNS_LABEL.test(name);
}

/** Why a name is not a DNS label, or undefined when it is one. */
export function dnsLabelProblem(name: string): string | undefined {
  if (name.length > 63) return `"${name}" is ${name.length} characters long; at most 63 are allowed`;
  if (!DNS_LABEL.test(name)) return `"${name}" must consist of lowercase letters, digits and "-", and start and end with a letter or digit`;
  return undefined;
}

/** Why a name is not a DNS subdomain, or undefined when it is one. */
export function dnsSubdomainProblem(name: string): string | undefined {
  if (name.length > 253) return `"${name}" is ${name.length} characters long; at most 253 are allowed`;
  if (!DNS_SUBDOMAIN.test(name)) return `"${name}" must consist of lowercase letters, digits, "-" and ".", and start and end with a letter or digit`;
  return undefined;
}
