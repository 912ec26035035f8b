#!/usr/bin/env bash
# Makes sure PostgreSQL, RabbitMQ and Redis answer on 127.0.0.1: uses running servers, else starts
# installed ones, else installs Debian's packages and starts them, else says what is missing.
# Then creates each region's RabbitMQ vhost. Usage: ensure-services.sh <vhost-prefix> <region>...
set -euo pipefail

vhost_prefix=${1:-throughline}
shift || true
if [ $# -eq 0 ]; then regions=(eu us); else regions=("$@"); fi

say() { printf '[services] %s\n' "$*"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_port() {
  local port=$1 name=$2
  for _ in $(seq 1 60); do port_open "$port" && return 0; sleep 1; done
  say "$name did not start listening on 127.0.0.1:$port within 60 seconds; check its log under /var/log."
  exit 1
}

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    say "$1 is not installed and installing it needs root: run 'sudo apt-get install $*' and try again."
    exit 1
  fi
  say "installing $* from Debian's packages"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_postgres() {
  port_open 5432 && return 0
  command -v pg_ctlcluster >/dev/null || apt_install postgresql
  say "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  wait_for_port 5432 PostgreSQL
}

ensure_rabbitmq() {
  port_open 5672 && return 0
  command -v rabbitmq-server >/dev/null || apt_install rabbitmq-server
  say "starting RabbitMQ"
  rabbitmq-server -detached
  wait_for_port 5672 RabbitMQ
}

# Redis holds only rate-limit counters and short-lived ids, so it runs without persistence.
ensure_redis() {
  port_open 6379 && return 0
  command -v redis-server >/dev/null || apt_install redis-server
  say "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  wait_for_port 6379 Redis
}

ensure_vhosts() {
  if ! command -v rabbitmqctl >/dev/null; then
    say "rabbitmqctl is not on this machine, so the vhosts cannot be created here: create ${vhost_prefix}-<region> for each region on your broker."
    return 0
  fi
  rabbitmqctl await_startup >/dev/null 2>&1 || true
  for region in "${regions[@]}"; do
    local vhost="${vhost_prefix}-${region}"
    if ! rabbitmqctl -q list_vhosts | grep -qx "$vhost"; then
      rabbitmqctl -q add_vhost "$vhost" >/dev/null
      say "created vhost $vhost"
    fi
    rabbitmqctl -q set_permissions -p "$vhost" guest '.*' '.*' '.*' >/dev/null
  done
}

ensure_postgres
ensure_rabbitmq
ensure_redis
ensure_vhosts
