# An OCI registry: Debian's docker-registry (CNCF Distribution) on loopback, htpasswd
# auth, storage in the state folder. Plain HTTP on 127.0.0.1 (clients: buildah/skopeo
# --tls-verify=false; deployment-all reads http:// from the registry's address). The
# user and password are in `env` as OCI_REGISTRY_USER and OCI_REGISTRY_PASSWORD.

REGISTRY_DIR="$STATE_DIR/registry"
REGISTRY_BIN=/usr/bin/docker-registry
OCI_REGISTRY_USER=deployall

registry_addr() { echo "127.0.0.1:$(port_of registry)"; }
# /v2/ answers 401 without credentials and 200 with them: both mean it serves.
registry_healthy() {
  proc_alive registry && has_port registry &&
    curl -fsS --max-time 3 -u "$OCI_REGISTRY_USER:$(secret_file registry-password)" "http://$(registry_addr)/v2/" >/dev/null 2>&1
}

registry_write_config() {
  local port="$1"
  mkdir -p "$REGISTRY_DIR/data"
  # bcrypt is the only hash the registry's htpasswd reader accepts.
  htpasswd -Bbn "$OCI_REGISTRY_USER" "$(secret_file registry-password)" >"$REGISTRY_DIR/htpasswd.tmp"
  mv "$REGISTRY_DIR/htpasswd.tmp" "$REGISTRY_DIR/htpasswd"
  cat >"$REGISTRY_DIR/config.yml" <<CONFIG
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $REGISTRY_DIR/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
  secret: $(secret_file registry-http-secret)
auth:
  htpasswd:
    realm: test-env
    path: $REGISTRY_DIR/htpasswd
CONFIG
}

registry_up() {
  registry_healthy && return
  stop_proc registry
  local port; port="$(pick_port registry)"
  registry_write_config "$port"
  # env -i: the registry reads REGISTRY_* variables as configuration overrides; none of
  # the caller's may leak in.
  start_proc registry env -i PATH="$PATH" "$REGISTRY_BIN" serve "$REGISTRY_DIR/config.yml"
  wait_until "the OCI registry on 127.0.0.1:$port" 30 registry registry_healthy || die "the registry does not start; see $LOG_DIR/registry.log"
  log "OCI registry ready on $(registry_addr)"
}

registry_down() { stop_proc registry; }
