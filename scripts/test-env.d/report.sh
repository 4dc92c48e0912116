# `status` and `env`: what is running, and the variables tests and users read.

# name:health-function pairs, in start order.
# kube-manifests is no process: the objects of manifests/ (CRDs, node, storage class)
# present on the API server, so a manifest added to the repository makes `up` apply it
# on an environment that is already running.
SERVICES="etcd:etcd_healthy kube-apiserver:apiserver_healthy kube-controller-manager:kcm_ready
kube-scheduler:scheduler_healthy kwok:kwok_ready kube-manifests:manifests_applied rabbitmq:rabbitmq_healthy vault:vault_healthy registry:registry_healthy"

all_healthy() {
  local s
  for s in $SERVICES; do "${s#*:}" >/dev/null 2>&1 || return 1; done
}

cmd_status() {
  local s name rc=0 state reason
  for s in $SERVICES; do
    name="${s%%:*}"
    if "${s#*:}" >/dev/null 2>&1; then state=healthy
    elif [ "$name" = kube-manifests ]; then state="missing ('up' applies them)"; rc=1
    elif proc_alive "$name" && reason="$(outdated_reason "$name")" && [ -n "$reason" ]; then state="outdated ($reason)"; rc=1
    elif proc_alive "$name"; then state=unhealthy; rc=1
    elif [ -f "$RUN_DIR/$name.pid" ]; then state="dead (stale pid file; 'up' restarts it)"; rc=1
    else state=stopped; rc=1; fi
    [ "${1:-}" = --quiet ] || printf '%-24s %-10s pid=%-8s port=%s\n' "$name" "$state" "$(pid_of "$name")" "$(port_of "$name")"
  done
  return "$rc"
}

write_env() {
  local pw token; pw="$(secret_file rabbitmq-password)"; token="$(vault_token)"
  cat >"$STATE_DIR/env.sh.tmp" <<ENV
export KUBECONFIG='$STATE_DIR/kubeconfig'
export KUBEBUILDER_ASSETS='$KUBEBUILDER_ASSETS'
export RABBITMQ_HOST=127.0.0.1 RABBITMQ_PORT=$(port_of rabbitmq) RABBITMQ_USER=$RABBITMQ_USER RABBITMQ_PASSWORD=$pw
export VAULT_ADDR=$(vault_addr) VAULT_TOKEN=$token
export OCI_REGISTRY=$(registry_addr) OCI_REGISTRY_USER=$OCI_REGISTRY_USER OCI_REGISTRY_PASSWORD=$(secret_file registry-password)
ENV
  mv "$STATE_DIR/env.sh.tmp" "$STATE_DIR/env.sh"
  # The same for programs (the Vitest global setup), without parsing shell.
  (. "$STATE_DIR/env.sh"; node -e '
    const k=["KUBECONFIG","KUBEBUILDER_ASSETS","RABBITMQ_HOST","RABBITMQ_PORT","RABBITMQ_USER","RABBITMQ_PASSWORD","VAULT_ADDR","VAULT_TOKEN","OCI_REGISTRY","OCI_REGISTRY_USER","OCI_REGISTRY_PASSWORD"];
    process.stdout.write(JSON.stringify(Object.fromEntries(k.map((n)=>[n,process.env[n]])),null,2)+"\n")') \
    >"$STATE_DIR/env.json.tmp"
  mv "$STATE_DIR/env.json.tmp" "$STATE_DIR/env.json"
}

cmd_env() {
  local f="$STATE_DIR/env.sh"
  [ "${1:-}" = --json ] && f="$STATE_DIR/env.json"
  [ -f "$f" ] || die "the environment is not up; run scripts/test-env up"
  cat "$f"
}
