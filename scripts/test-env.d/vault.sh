# The Vault-API server (OpenBao, see versions.sh) in dev mode:
# in memory, unsealed, KV v2 at secret/, root token from the state folder. Dev mode
# forgets everything on restart, so AppRole and Kubernetes auth are set up on every `up`.

vault_token() { secret_file vault-root-token; }
vcurl() {
  curl -fsS --max-time 10 -H "X-Vault-Token: $(vault_token)" "$@"
}
vault_addr() { echo "http://127.0.0.1:$(port_of vault)"; }
vault_healthy() { proc_alive vault && has_port vault && curl -fsS --max-time 3 "$(vault_addr)/v1/sys/health" >/dev/null 2>&1; }

# json KEY=VALUE...: a JSON object of strings, built by Node so any value is escaped.
json() { node -e 'const o={};for(const a of process.argv.slice(1)){const i=a.indexOf("=");o[a.slice(0,i)]=a.slice(i+1)}process.stdout.write(JSON.stringify(o))' "$@"; }

vault_enable_auth() {
  local type="$1"
  vcurl "$(vault_addr)/v1/sys/auth" | grep -q "\"$type/\"" && return
  vcurl -X POST -d "$(json type="$type")" "$(vault_addr)/v1/sys/auth/$type" >/dev/null
}

# Kubernetes auth: Vault calls TokenReview on our API server with the vault-auth
# account's token (bound to system:auth-delegator in manifests/vault-auth.yaml).
vault_config_kubernetes() {
  local jwt=""
  reviewer_token() {
    jwt="$(kubectl_env -n test-env-system get secret vault-auth-token -o jsonpath='{.data.token}' 2>/dev/null | base64 -d)"
    [ -n "$jwt" ]
  }
  wait_until "the vault-auth service-account token" 60 - reviewer_token || die "no token for test-env-system/vault-auth (is kube-controller-manager running?)"
  reviewer_token
  vcurl -X POST -d "$(json kubernetes_host="https://127.0.0.1:$(port_of kube-apiserver)" \
    kubernetes_ca_cert="$(cat "$PKI_DIR/ca.crt")" token_reviewer_jwt="$jwt" disable_local_ca_jwt=true)" \
    "$(vault_addr)/v1/auth/kubernetes/config" >/dev/null
  # A permissive role for tests: any service account of any namespace gets "default".
  vcurl -X POST -d '{"bound_service_account_names":["*"],"bound_service_account_namespaces":["*"],"token_policies":["default"],"token_ttl":"1h"}' \
    "$(vault_addr)/v1/auth/kubernetes/role/test-env" >/dev/null
}

vault_up() {
  if ! vault_healthy; then
    stop_proc vault
    local port; port="$(pick_port vault 2)"
    # -dev-no-store-token: never write ~/.vault-token of the user running the tests.
    start_proc vault "$OPENBAO_BIN/bao" server -dev -dev-root-token-id="$(vault_token)" \
      -dev-listen-address="127.0.0.1:$port" -dev-no-store-token
    wait_until "Vault on 127.0.0.1:$port" 60 vault vault_healthy || die "Vault does not start; see $LOG_DIR/vault.log"
    log "Vault ready on $(vault_addr)"
  fi
  vault_enable_auth approle || die "enabling AppRole in Vault failed"
  vault_enable_auth kubernetes || die "enabling Kubernetes auth in Vault failed"
  vault_config_kubernetes || die "configuring Vault's Kubernetes auth failed"
}

vault_down() { stop_proc vault; }
