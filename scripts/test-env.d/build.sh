#!/usr/bin/env bash
# Builds one component of the test environment from the Go module proxy into the cache.
# Usage: build.sh kube|etcd|kwok|vault
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

# The Vault-API server. OpenBao was the first choice, but the Go module proxy answers
# 403 for github.com/openbao/openbao (and its sdk/v2), so HashiCorp Vault is built
# instead: same HTTP API (KV v2, AppRole, Kubernetes auth), served by the proxy.
#
# A Vault release compiles against its in-tree ./sdk, which on the 1.21 branch matches no
# published sdk tag: v1.21.x was written against sdk v0.20 plus backports, and its go.mod
# names v0.21.0, where two signatures differ. Three one-line adaptations to v0.21.0 are
# applied to a copy of the release; each is checked, so a version bump that no longer
# needs them (or needs others) fails loudly instead of building something else.
vault_patch() {
  local file="$1" from="$2" to="$3"
  grep -qF -- "$from" "$file" || { log "vault patch no longer applies to $file: $from"; return 1; }
  local escaped_from escaped_to
  escaped_from="$(printf '%s' "$from" | sed 's/[][\\/.*^$|]/\\&/g')"
  escaped_to="$(printf '%s' "$to" | sed 's/[\\/&|]/\\&/g')"
  sed -i "s|$escaped_from|$escaped_to|" "$file"
}

build_vault() {
  local final="$CACHE_ROOT/vault-$VAULT_VERSION"
  prepare "$final"
  cd "$tmp/src"
  go mod init local/vaultbin >/dev/null 2>&1
  local json dir gomod
  json="$(go mod download -json "github.com/hashicorp/vault@$VAULT_VERSION")"
  dir="$(printf '%s' "$json" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')"
  gomod="$(printf '%s' "$json" | sed -n 's/.*"GoMod": "\(.*\)",/\1/p')"
  cp -r "$dir" "$tmp/src/vault"; chmod -R u+w "$tmp/src/vault"
  local v="$tmp/src/vault"
  vault_patch "$v/vault/identity_store.go" 'ActivationFunc: iStore.activateDeduplication,' \
    'ActivationFunc: func(ctx context.Context, req *logical.Request, _ string) error { return iStore.activateDeduplication(ctx, req) },'
  vault_patch "$v/vault/logical_system_activation_flags.go" 'b.idStoreBackend.ActivationFunc(ctx, nil)' \
    'b.idStoreBackend.ActivationFunc(ctx, nil, "")'
  vault_patch "$v/builtin/logical/transit/path_restore.go" 'restoredKeyName, err := b.lm.RestorePolicy(' \
    'restoredKeyName, err := keyName, b.lm.RestorePolicy('
  go mod edit -go="$(awk '$1=="go"{print $2; exit}' "$gomod")" \
    -require="github.com/hashicorp/vault@$VAULT_VERSION" -replace=github.com/hashicorp/vault=./vault
  # Replaces of the release that point at other modules (not ./api, ./sdk) must be kept,
  # or the build picks different code than the release did.
  local line
  while read -r line; do
    go mod edit -replace="$line"
  done < <(awk '$1=="replace" && $3=="=>" && $4 !~ /^\./ {print $2"="$4"@"$5} $1=="replace" && $4=="=>" && $5 !~ /^\./ {print $2"@"$3"="$5"@"$6}' "$gomod")
  log "resolving github.com/hashicorp/vault $VAULT_VERSION"
  go get "github.com/hashicorp/vault@$VAULT_VERSION" >/dev/null
  log "building vault (large: many bundled plugins)"
  go build -trimpath -ldflags "-s -w" -o "$tmp/bin/vault" github.com/hashicorp/vault
  finish "$tmp" "$final"
}

case "${1:-}" in
  kube) build_kube ;;
  etcd) build_etcd ;;
  kwok) build_kwok ;;
  vault) build_vault ;;
  *) echo "usage: build.sh kube|etcd|kwok|vault" >&2; exit 2 ;;
esac
