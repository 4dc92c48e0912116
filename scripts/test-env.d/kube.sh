# The Kubernetes control plane: etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler and KWOK (fake nodes whose pods become Ready without a kubelet).
# Every server listens on 127.0.0.1 only, on ports chosen by pick_port.

# Each health check fails quietly (no port yet, connection refused) and only says yes/no.
kcurl() { curl -fsS --max-time 5 --cacert "$PKI_DIR/ca.crt" --cert "$PKI_DIR/admin.crt" --key "$PKI_DIR/admin.key" "$@"; }
kubectl_env() { KUBECONFIG="$STATE_DIR/kubeconfig" "$KUBE_BIN/kubectl" "$@"; }

has_port() { [ -n "$(port_of "$1")" ]; }
etcd_healthy() { has_port etcd && curl -fsS --max-time 3 "http://127.0.0.1:$(port_of etcd)/health" 2>/dev/null | grep -q '"health":"true"'; }
apiserver_healthy() { has_port kube-apiserver && kcurl "https://127.0.0.1:$(port_of kube-apiserver)/readyz" 2>/dev/null | grep -qx ok; }
# The controller-manager and scheduler answer /healthz without credentials on their port.
kcm_healthy() { has_port kube-controller-manager && curl -kfsS --max-time 3 "https://127.0.0.1:$(port_of kube-controller-manager)/healthz" 2>/dev/null | grep -qx ok; }
scheduler_healthy() { has_port kube-scheduler && curl -kfsS --max-time 3 "https://127.0.0.1:$(port_of kube-scheduler)/healthz" 2>/dev/null | grep -qx ok; }
kwok_healthy() { proc_alive kwok && has_port kwok && curl -fsS --max-time 3 "http://127.0.0.1:$(port_of kwok)/healthz" 2>/dev/null | grep -qx ok; }

start_etcd() {
  local port peer
  port="$(pick_port etcd)"; peer="$(pick_port etcd-peer)"
  mkdir -p "$STATE_DIR/etcd"
  # --unsafe-no-fsync: test data, speed matters more than durability across power loss.
  start_proc etcd "$ETCD_BIN/etcd" --name=test-env --data-dir="$STATE_DIR/etcd/data" \
    --listen-client-urls="http://127.0.0.1:$port" --advertise-client-urls="http://127.0.0.1:$port" \
    --listen-peer-urls="http://127.0.0.1:$peer" --initial-advertise-peer-urls="http://127.0.0.1:$peer" \
    --initial-cluster="test-env=http://127.0.0.1:$peer" --unsafe-no-fsync=true \
    --log-level=warn
  wait_until "etcd on 127.0.0.1:$port" 30 etcd etcd_healthy
}

ensure_etcd() {
  etcd_healthy && proc_alive etcd && return
  stop_proc etcd
  start_etcd && return
  # A data folder left by a killed run can be unusable (e.g. a torn WAL). The cluster is
  # disposable: start over empty rather than leave the user stuck.
  log "etcd did not start with its data folder; moving it aside and starting empty"
  stop_proc etcd
  rm -rf "$STATE_DIR/etcd/data.broken"; mv "$STATE_DIR/etcd/data" "$STATE_DIR/etcd/data.broken" 2>/dev/null || true
  start_etcd || die "etcd does not start; see $LOG_DIR/etcd.log"
  ETCD_WIPED=1
}

start_apiserver() {
  local port; port="$(pick_port kube-apiserver)"
  write_kubeconfig "$port"
  # --endpoint-reconciler-type=none: the default reconciler refuses a loopback advertise
  # address, and nothing here needs endpoints for the "kubernetes" Service.
  start_proc kube-apiserver "$KUBE_BIN/kube-apiserver" \
    --etcd-servers="http://127.0.0.1:$(port_of etcd)" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$port" \
    --cert-dir="$STATE_DIR/apiserver" \
    --tls-cert-file="$PKI_DIR/apiserver.crt" --tls-private-key-file="$PKI_DIR/apiserver.key" \
    --client-ca-file="$PKI_DIR/ca.crt" --authorization-mode=RBAC \
    --service-cluster-ip-range=10.0.0.0/24 --allow-privileged=true \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$PKI_DIR/sa.pub" --service-account-signing-key-file="$PKI_DIR/sa.key" \
    --profiling=false --v=0 \
    --endpoint-reconciler-type=none
  wait_until "kube-apiserver /readyz on 127.0.0.1:$port" 120 kube-apiserver apiserver_healthy
}

ensure_apiserver() {
  apiserver_healthy && proc_alive kube-apiserver && return
  stop_proc kube-apiserver
  start_apiserver || die "kube-apiserver does not start; see $LOG_DIR/kube-apiserver.log"
}

# Flags shared by the controller-manager and the scheduler: the admin kubeconfig for
# their work and for delegated authentication of their own /healthz port.
component_flags() {
  local kc="$STATE_DIR/kubeconfig"
  printf '%s\n' --kubeconfig="$kc" --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
    --leader-elect=false --bind-address=127.0.0.1 --secure-port="$1" --cert-dir="$STATE_DIR/$2" --profiling=false
}

# The controller-manager's own flags. --enable-hostpath-provisioner: the built-in
# kubernetes.io/host-path provisioner (testing only) binds claims of the default
# StorageClass (manifests/storageclass.yaml) to a folder /tmp/hostpath_pv/<uid> that it
# creates, and deletes that folder when the claim goes (reclaimPolicy Delete).
kcm_flags() {
  printf '%s\n' --root-ca-file="$PKI_DIR/ca.crt" --service-account-private-key-file="$PKI_DIR/sa.key" \
    --cluster-signing-cert-file="$PKI_DIR/ca.crt" --cluster-signing-key-file="$PKI_DIR/ca.key" \
    --use-service-account-credentials=false --enable-hostpath-provisioner=true
}

# kcm_command PORT: the controller-manager's whole command line, one word a line.
kcm_command() {
  echo "$KUBE_BIN/kube-controller-manager"
  component_flags "$1" kube-controller-manager
  kcm_flags
}

# The running controller-manager is the one kcm_command asks for (binary and flags, read
# from /proc, whoever started it), so that `up` and `status` notice a changed flag or
# version in a shared, long-running environment.
kcm_flags_current() {
  local pid; pid="$(pid_of kube-controller-manager)"
  [ -n "$pid" ] && [ "$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null)" = "$(kcm_command "$(port_of kube-controller-manager)")" ]
}
kcm_ready() { kcm_healthy && kcm_flags_current; }

# outdated_reason NAME: why a running, healthy server must be restarted (empty: it need not).
outdated_reason() {
  if [ "$1" = kube-controller-manager ] && kcm_healthy && ! kcm_flags_current; then
    echo "runs with other flags; 'up' or 'restart kube-controller-manager' restarts it"
  elif [ "$1" = kwok ] && kwok_healthy && ! kwok_flags_current; then
    echo "runs with other flags; 'up' restarts it"
  fi
}

ensure_kcm() {
  if kcm_healthy && proc_alive kube-controller-manager; then
    kcm_flags_current && return
    log "kube-controller-manager runs with other flags than kcm_flags asks for: restarting it"
  fi
  stop_proc kube-controller-manager
  local port; port="$(pick_port kube-controller-manager)"
  local command; mapfile -t command < <(kcm_command "$port")
  start_proc kube-controller-manager "${command[@]}"
  wait_until "kube-controller-manager /healthz" 60 kube-controller-manager kcm_healthy ||
    die "kube-controller-manager does not start; see $LOG_DIR/kube-controller-manager.log"
}

# restart kube-controller-manager: a stop and start with the current flags (a few
# seconds), then the bootstrap objects again (a new StorageClass, say). The other
# servers, and the tests using them, go on.
kcm_restart() {
  stop_proc kube-controller-manager
  ensure_kcm
  kube_bootstrap
  log "kube-controller-manager restarted on 127.0.0.1:$(port_of kube-controller-manager)"
}

ensure_scheduler() {
  scheduler_healthy && proc_alive kube-scheduler && return
  stop_proc kube-scheduler
  local port; port="$(pick_port kube-scheduler)"
  local flags; mapfile -t flags < <(component_flags "$port" kube-scheduler)
  start_proc kube-scheduler "$KUBE_BIN/kube-scheduler" "${flags[@]}"
  wait_until "kube-scheduler /healthz" 60 kube-scheduler scheduler_healthy ||
    die "kube-scheduler does not start; see $LOG_DIR/kube-scheduler.log"
}

# KWOK manages every Node (we create them, see manifests/node.yaml) and plays the
# kubelet: its default stages move pods to Running and Ready. Its node heartbeat stage
# writes node status only every 10-20 minutes and counts on a Lease for liveness: without
# --node-lease-duration-seconds nobody renews the node's Lease, the node controller marks
# the node NotReady after its grace period and every pod on it unready, and the "fast"
# stages never make a Running pod Ready again (rollouts then hang).
KWOK_FLAGS="--manage-all-nodes=true --node-lease-duration-seconds=40 --node-ip=10.0.1.1 --cidr=10.0.2.0/24"
kwok_flags_current() {
  local pid; read -r pid _ <"$RUN_DIR/kwok.pid" 2>/dev/null || return 1
  local f cmdline; cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  for f in $KWOK_FLAGS; do case " $cmdline " in *" $f "*) ;; *) return 1 ;; esac; done
}

kwok_ready() { kwok_healthy && kwok_flags_current; }

ensure_kwok() {
  if kwok_healthy; then
    kwok_flags_current && return
    log "kwok runs with other flags than KWOK_FLAGS asks for: restarting it"
  fi
  stop_proc kwok
  local port; port="$(pick_port kwok)"
  # --config: the stages saved by build.sh (and never a user's ~/.kwok/kwok.yaml).
  # shellcheck disable=SC2086  # KWOK_FLAGS is a list of words
  start_proc kwok "$KWOK_BIN/kwok" --kubeconfig="$STATE_DIR/kubeconfig" --config="$KWOK_BIN/../stages.yaml" \
    --server-address="127.0.0.1:$port" $KWOK_FLAGS
  wait_until "kwok /healthz" 60 kwok kwok_healthy || die "kwok does not start; see $LOG_DIR/kwok.log"
}

# Every object of manifests/ exists (the check `status` makes for kube-manifests).
manifests_applied() { apiserver_healthy && kubectl_env get -f "$TEST_ENV_D/manifests" >/dev/null 2>&1; }

# Objects every test relies on: CRDs (Route, ServiceMonitor, PrometheusRule), the fake node, the default
# StorageClass, the reviewer account for Vault's Kubernetes auth. Server-side apply
# makes it idempotent.
kube_bootstrap() {
  local m="$TEST_ENV_D/manifests"
  kubectl_env apply --server-side --force-conflicts --field-manager=test-env -f "$m" >/dev/null ||
    die "applying $m failed"
  kubectl_env wait --for condition=established --timeout=60s \
    crd/routes.route.openshift.io crd/servicemonitors.monitoring.coreos.com crd/prometheusrules.monitoring.coreos.com >/dev/null ||
    die "CRDs not established"
  kubectl_env wait --for condition=Ready --timeout=60s node/test-env-node-0 >/dev/null ||
    die "node test-env-node-0 not Ready (kwok); see $LOG_DIR/kwok.log"
}

kube_up() {
  ensure_pki
  ETCD_WIPED=0
  ensure_etcd
  # The API server's watch cache would still hold the lost objects: restart everything.
  if [ "$ETCD_WIPED" = 1 ]; then
    stop_proc kwok; stop_proc kube-scheduler; stop_proc kube-controller-manager; stop_proc kube-apiserver
  fi
  local before port; before="$(pid_of kube-apiserver)"; port="$(port_of kube-apiserver)"
  ensure_apiserver
  # Clients read the kubeconfig once, at start: after a move to another port they must
  # start again, or they stay healthy on their own port while talking to nobody.
  if [ "$port" != "$(port_of kube-apiserver)" ]; then
    stop_proc kube-controller-manager; stop_proc kube-scheduler; stop_proc kwok
  fi
  ensure_kcm
  ensure_scheduler
  ensure_kwok
  kube_bootstrap
  [ "$before" = "$(pid_of kube-apiserver)" ] || log "kube-apiserver ready on https://127.0.0.1:$(port_of kube-apiserver)"
}

kube_down() {
  local n
  for n in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do stop_proc "$n"; done
}
