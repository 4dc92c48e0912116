# Pinned versions of everything the test environment builds or runs.
# shellcheck disable=SC2034  # sourced: the variables are used by the other files
# Sourced by scripts/test-env and its helpers. Changing a version changes the cache
# folder name, so an old build is never mistaken for the new one.
KUBE_VERSION="v1.37.2"
# etcd as required by k8s.io/kubernetes v1.37.x go.mod is v3.7.0; take the latest patch.
ETCD_VERSION="v3.7.3"
KWOK_VERSION="v0.8.0"
# The Vault-API server: HashiCorp Vault, because the Go module proxy refuses OpenBao
# (403 for every version of github.com/openbao/openbao); see docs/test-env.md.
# Built with three checked one-line adaptations to the sdk tag its go.mod names (see
# build_vault in build.sh): no published sdk matches the 1.21 branch's in-tree one.
VAULT_VERSION="v1.21.4"

# Where built binaries live; one folder per component and version.
CACHE_ROOT="${TEST_ENV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/deployment-all-test-env}"
