# Certificates and keys of the test control plane, made with openssl the way envtest
# does: one CA signs the API server's serving certificate and the admin client
# certificate (O=system:masters, so RBAC lets it do anything).

PKI_DIR="$STATE_DIR/pki"

# sign NAME SUBJECT EXTENSIONS: a key and a certificate signed by the CA.
pki_sign() {
  local name="$1" subj="$2" ext="$3"
  openssl req -new -newkey rsa:2048 -nodes -keyout "$PKI_DIR/$name.key" -subj "$subj" \
    -out "$PKI_DIR/$name.csr" 2>/dev/null
  openssl x509 -req -in "$PKI_DIR/$name.csr" -CA "$PKI_DIR/ca.crt" -CAkey "$PKI_DIR/ca.key" \
    -CAcreateserial -days 3650 -sha256 -out "$PKI_DIR/$name.crt" \
    -extfile <(printf '%s\n' "$ext") 2>/dev/null
  rm -f "$PKI_DIR/$name.csr"
}

# Made once; a half-written set (killed run) is detected by the marker and remade.
ensure_pki() {
  [ -f "$PKI_DIR/.complete" ] && return
  log "creating certificates in $PKI_DIR"
  rm -rf "$PKI_DIR"; mkdir -p "$PKI_DIR"; chmod 700 "$PKI_DIR"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$PKI_DIR/ca.key" -out "$PKI_DIR/ca.crt" \
    -days 3650 -sha256 -subj "/CN=deployment-all-test-env-ca" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    2>/dev/null
  pki_sign apiserver "/CN=kube-apiserver" "$(printf '%s\n' \
    "subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local" \
    "extendedKeyUsage=serverAuth" "keyUsage=critical,digitalSignature,keyEncipherment")"
  pki_sign admin "/O=system:masters/CN=test-env-admin" \
    "$(printf '%s\n' "extendedKeyUsage=clientAuth" "keyUsage=critical,digitalSignature,keyEncipherment")"
  # Service-account token signing pair (API server verifies, controller-manager signs too).
  openssl genrsa -out "$PKI_DIR/sa.key" 2048 2>/dev/null
  openssl rsa -in "$PKI_DIR/sa.key" -pubout -out "$PKI_DIR/sa.pub" 2>/dev/null
  touch "$PKI_DIR/.complete"
}

# write_kubeconfig PORT: admin kubeconfig with the certificates embedded, so it can be
# copied anywhere; written to a temp file and renamed so readers never see half a file.
write_kubeconfig() {
  local port="$1" f="$STATE_DIR/kubeconfig"
  cat >"$f.tmp" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: test-env
  cluster:
    server: https://127.0.0.1:$port
    certificate-authority-data: $(base64 -w0 <"$PKI_DIR/ca.crt")
users:
- name: test-env-admin
  user:
    client-certificate-data: $(base64 -w0 <"$PKI_DIR/admin.crt")
    client-key-data: $(base64 -w0 <"$PKI_DIR/admin.key")
contexts:
- name: test-env
  context:
    cluster: test-env
    user: test-env-admin
current-context: test-env
KUBECONFIG
  chmod 600 "$f.tmp"
  mv "$f.tmp" "$f"
}
