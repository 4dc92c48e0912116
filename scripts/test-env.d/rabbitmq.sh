# RabbitMQ from Debian's rabbitmq-server, run as the current user from the state folder:
# its own node name, data, logs, Erlang cookie and epmd (on its own port, on loopback),
# so it never meets a system broker or another checkout's.

RMQ_DIR="$STATE_DIR/rabbitmq"
RMQ_BIN=/usr/lib/rabbitmq/bin
RABBITMQ_USER=deployall

# Exports everything the server and its CLI tools (rabbitmqctl) must agree on.
# shellcheck disable=SC2155  # port_of never fails
rmq_env() {
  export HOME="$RMQ_DIR/home"   # .erlang.cookie lives here
  # Kept across restarts even when ports change: the data folder is named after it.
  export RABBITMQ_NODENAME="test-env-$(secret_file rabbitmq-node | tr 'A-Z' 'a-z' | cut -c1-8)@localhost"
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$(port_of rabbitmq)"
  export RABBITMQ_DIST_PORT="$(port_of rabbitmq-dist)"
  export ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT="$(port_of rabbitmq-epmd)"
  export RABBITMQ_MNESIA_BASE="$RMQ_DIR/mnesia" RABBITMQ_LOG_BASE="$RMQ_DIR/log"
  export RABBITMQ_CONFIG_FILE="$RMQ_DIR/rabbitmq.conf"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$RMQ_DIR/advanced.config"
  export RABBITMQ_CONF_ENV_FILE="$RMQ_DIR/rabbitmq-env.conf"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ_DIR/enabled_plugins"
  export RABBITMQ_PID_FILE="$RMQ_DIR/rabbitmq.pid"
  # Erlang distribution on loopback only, for the server and for each CLI call.
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

rmqctl() { (rmq_env; "$RMQ_BIN/rabbitmqctl" "$@"); }

# The AMQP port accepts connections and the broker process is ours.
rabbitmq_healthy() {
  local p; p="$(port_of rabbitmq)"
  [ -n "$p" ] && proc_alive rabbitmq && (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null
}

rmq_write_config() {
  mkdir -p "$RMQ_DIR/home" "$RMQ_DIR/log"
  : >"$RMQ_DIR/rabbitmq-env.conf"
  echo '[].' >"$RMQ_DIR/enabled_plugins"
  echo '[].' >"$RMQ_DIR/advanced.config"
  # default_user/default_pass create the user when the data folder is new.
  cat >"$RMQ_DIR/rabbitmq.conf" <<CONF
listeners.tcp.1 = 127.0.0.1:$(port_of rabbitmq)
loopback_users = none
default_user = $RABBITMQ_USER
default_pass = $(secret_file rabbitmq-password)
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
default_user_tags.administrator = true
log.file.level = warning
log.console = false
CONF
}

start_rabbitmq() {
  pick_port rabbitmq >/dev/null; pick_port rabbitmq-dist >/dev/null; pick_port rabbitmq-epmd >/dev/null
  rmq_write_config
  (rmq_env; start_proc rabbitmq "$RMQ_BIN/rabbitmq-server")
  wait_until "RabbitMQ on 127.0.0.1:$(port_of rabbitmq)" 90 rabbitmq rabbitmq_healthy || return 1
  rmqctl await_startup --timeout 60 >/dev/null
}

# The user and password are checked on every start: a data folder made under another
# password (a state folder copied around) would otherwise fail only in the tests.
rmq_ensure_user() {
  local pw; pw="$(secret_file rabbitmq-password)"
  rmqctl authenticate_user "$RABBITMQ_USER" "$pw" >/dev/null 2>&1 && return
  rmqctl add_user "$RABBITMQ_USER" "$pw" >/dev/null 2>&1 || rmqctl change_password "$RABBITMQ_USER" "$pw" >/dev/null
  rmqctl set_user_tags "$RABBITMQ_USER" administrator >/dev/null
  rmqctl set_permissions -p / "$RABBITMQ_USER" '.*' '.*' '.*' >/dev/null
}

rabbitmq_up() {
  rabbitmq_healthy && return
  rabbitmq_down
  if ! start_rabbitmq; then
    # Mnesia left by a killed node can refuse to load; the broker's data is disposable.
    log "RabbitMQ did not start with its data folder; starting it with an empty one"
    rabbitmq_down
    rm -rf "$RMQ_DIR/mnesia"
    start_rabbitmq || die "RabbitMQ does not start; see $LOG_DIR/rabbitmq.log and $RMQ_DIR/log"
  fi
  rmq_ensure_user
  log "RabbitMQ ready on 127.0.0.1:$(port_of rabbitmq)"
}

rabbitmq_down() {
  stop_proc rabbitmq
  # epmd daemonizes out of the broker's process group: end ours by its port.
  local p; p="$(port_of rabbitmq-epmd)"
  if [ -n "$p" ] && ! port_free "$p"; then
    ERL_EPMD_PORT="$p" epmd -kill >/dev/null 2>&1 || true
  fi
}
