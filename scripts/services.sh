#!/usr/bin/env bash
# Makes PostgreSQL, Redis, RabbitMQ and InfluxDB answer at their configured addresses: the environment
# keys the services and tests read, with the defaults of libs/testing/src/server-urls.ts. Also installs the
# Mosquitto broker and clients, which tests run on ports of their own (third-party broker and clients), and
# Chromium, which the web console's end-to-end test drives headless (playwright-core).
# Idempotent: a server that answers is left alone. A local server (127.0.0.1, localhost, ::1) that does
# not answer is installed from Debian's packages if missing and started without systemd; a remote one is
# only checked. Needs root for installing and starting (as on CI and the development machines).
set -euo pipefail

readonly DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
readonly REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
readonly AMQP_URL="${AMQP_URL:-amqp://guest:guest@127.0.0.1:5672}"
readonly INFLUX_URL="${INFLUX_URL:-http://127.0.0.1:8086}"
readonly WAIT_SECONDS="${SERVICES_WAIT_SECONDS:-120}"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
readonly INFLUX_CONFIG="$SCRIPT_DIR/influxdb.conf"
readonly INFLUX_CONFIG_PORT=8086 # the [http] bind-address in influxdb.conf
readonly INFLUX_ROOT=/var/lib/homeport-influxdb
readonly INFLUX_LOG=/var/log/homeport-influxdb.log
readonly SERVERS=(postgres redis rabbitmq influxdb)

declare -A HOST PORT LOG_HINT
LOG_HINT[postgres]="/var/log/postgresql/"
LOG_HINT[rabbitmq]="/var/log/rabbitmq/"
LOG_HINT[influxdb]="$INFLUX_LOG"
# Per server, the output of its last readiness check: shown when it never becomes ready.
declare -A CHECK_OUTPUT
INSTALLED_POSTGRES=false

die() {
  echo "services: $*" >&2
  exit 1
}

# Sets HOST[name] and PORT[name] from a URL such as postgres://user:secret@127.0.0.1:5432/db.
parse_address() {
  local name=$1 url=$2 default_port=$3 authority
  authority=${url#*://}
  authority=${authority%%[/?]*}
  authority=${authority##*@}
  if [[ $authority =~ ^\[([^]]+)\](:([0-9]+))?$ || $authority =~ ^([^:]+)(:([0-9]+))?$ ]]; then
    HOST[$name]=${BASH_REMATCH[1]}
    PORT[$name]=${BASH_REMATCH[3]:-$default_port}
  else
    die "$name: cannot read host and port from '$url'"
  fi
}

address() {
  local host=${HOST[$1]}
  [[ $host == *:* ]] && host="[$host]"
  echo "$host:${PORT[$1]}"
}

is_local() {
  [[ ${HOST[$1]} =~ ^(localhost|127\.[0-9.]+|::1)$ ]]
}

answers_tcp() {
  # shellcheck disable=SC2016 # $0 and $1 are expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "${HOST[$1]}" "${PORT[$1]}" 2>/dev/null
}

has() {
  command -v "$1" >/dev/null
}

report_ready() {
  local where
  where=$(address "$1")
  is_local "$1" || where="$where, remote"
  echo "$1: ready ($where)"
}

# --- PostgreSQL -----------------------------------------------------------------------------------

postgres_version() {
  # shellcheck disable=SC2012 # version directories are plain names like 15
  ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1
}

# Ready means the server accepts the login of DATABASE_URL, not merely that it listens.
is_postgres_ready() {
  if ! has psql; then
    answers_tcp postgres
    return
  fi
  CHECK_OUTPUT[postgres]=$(PGCONNECT_TIMEOUT=2 psql "$DATABASE_URL" -w -Atqc 'select 1' 2>&1 >/dev/null)
}

postgres_packages() {
  has pg_ctlcluster && [[ -n $(postgres_version) ]] || echo postgresql
}

# A fresh install allows only peer authentication; the development machines trust loopback logins.
trust_postgres_loopback() {
  local hba content
  hba="/etc/postgresql/$(postgres_version)/main/pg_hba.conf"
  grep -q 'homeport: loopback trust' "$hba" && return 0
  content=$(cat "$hba")
  # Rewritten in place so the file keeps its owner and mode; the first matching line wins.
  printf '%s\n' '# homeport: loopback trust for development and CI (scripts/services.sh)' \
    'host all all 127.0.0.1/32 trust' 'host all all ::1/128 trust' "$content" >"$hba"
}

start_postgres() {
  [[ -n $(postgres_version) ]] || die "postgres: no cluster under /etc/postgresql after installing"
  if pg_isready -q -h "${HOST[postgres]}" -p "${PORT[postgres]}"; then
    die "postgres: answers at $(address postgres) but refuses DATABASE_URL: ${CHECK_OUTPUT[postgres]}"
  fi
  if pg_ctlcluster "$(postgres_version)" main status >/dev/null; then
    die "postgres: cluster $(postgres_version)/main runs but does not answer at $(address postgres)" \
      "(check the port in /etc/postgresql/$(postgres_version)/main/postgresql.conf)"
  fi
  [[ $INSTALLED_POSTGRES == true ]] && trust_postgres_loopback
  pg_ctlcluster --skip-systemctl-redirect "$(postgres_version)" main start
}

# --- Redis ----------------------------------------------------------------------------------------

is_redis_ready() {
  if ! has redis-cli; then
    answers_tcp redis
    return
  fi
  CHECK_OUTPUT[redis]=$(timeout 2 redis-cli -u "$REDIS_URL" --no-auth-warning ping 2>&1) || return 1
  [[ ${CHECK_OUTPUT[redis]} == PONG ]]
}

redis_packages() {
  has redis-server || echo redis-server
}

start_redis() {
  # No persistence: development and test data only.
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "${PORT[redis]}" \
    --save "" --appendonly no >/dev/null
}

# --- RabbitMQ -------------------------------------------------------------------------------------

# The AMQP listener opens only once the broker has booted, so a TCP answer means ready.
is_rabbitmq_ready() {
  answers_tcp rabbitmq
}

rabbitmq_packages() {
  has rabbitmq-server || echo rabbitmq-server
}

start_rabbitmq() {
  rabbitmq-server -detached >/dev/null
}

# --- InfluxDB -------------------------------------------------------------------------------------

is_influxdb_ready() {
  if ! has curl; then
    answers_tcp influxdb
    return
  fi
  CHECK_OUTPUT[influxdb]=$(curl -fsS -o /dev/null --max-time 2 "${INFLUX_URL%/}/ping" 2>&1)
}

influxdb_packages() {
  has influxd || echo influxdb
  has curl || echo curl
}

start_influxdb() {
  [[ ${PORT[influxdb]} == "$INFLUX_CONFIG_PORT" ]] ||
    die "influxdb: INFLUX_URL port ${PORT[influxdb]} differs from $INFLUX_CONFIG ($INFLUX_CONFIG_PORT)"
  mkdir -p "$INFLUX_ROOT"
  setsid nohup influxd -config "$INFLUX_CONFIG" >>"$INFLUX_LOG" 2>&1 </dev/null &
}

# --- main -----------------------------------------------------------------------------------------

# Tests start their own Mosquitto (a third-party source broker) and use mosquitto_pub/_sub as clients.
mqtt_tools_packages() {
  has mosquitto || echo mosquitto
  has mosquitto_pub || echo mosquitto-clients
}

# The web console's end-to-end test drives Debian's Chromium (playwright-core cannot download a browser here).
browser_packages() {
  has chromium || echo chromium
}

install_missing_packages() {
  local server packages=() found=()
  for server in "$@"; do
    read -ra found <<<"$("${server}_packages" | tr '\n' ' ')"
    packages+=("${found[@]}")
  done
  ((${#packages[@]})) || return 0
  echo "services: installing ${packages[*]}"
  [[ " ${packages[*]} " == *" postgresql "* ]] && INSTALLED_POSTGRES=true
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
}

wait_until_ready() {
  local server=$1 deadline=$((SECONDS + WAIT_SECONDS))
  until "is_${server}_ready"; do
    if ((SECONDS >= deadline)); then
      die "$server: did not answer at $(address "$server") within ${WAIT_SECONDS}s" \
        "${CHECK_OUTPUT[$server]:+(${CHECK_OUTPUT[$server]}) }${LOG_HINT[$server]:+see ${LOG_HINT[$server]}}"
    fi
    sleep 0.3
  done
  report_ready "$server"
}

main() {
  parse_address postgres "$DATABASE_URL" 5432
  parse_address redis "$REDIS_URL" 6379
  parse_address rabbitmq "$AMQP_URL" 5672
  parse_address influxdb "$INFLUX_URL" 8086

  local server pending=()
  for server in "${SERVERS[@]}"; do
    if "is_${server}_ready"; then
      report_ready "$server"
    elif is_local "$server"; then
      pending+=("$server")
    else
      die "$server: not answering at $(address "$server"), a remote address this script does not manage" \
        "${CHECK_OUTPUT[$server]:+(${CHECK_OUTPUT[$server]})}"
    fi
  done
  ((${#pending[@]})) || [[ -n $(mqtt_tools_packages)$(browser_packages) ]] || return 0

  install_missing_packages mqtt_tools browser "${pending[@]}"
  # Start everything first, then wait: the servers boot in parallel.
  for server in "${pending[@]}"; do "start_${server}"; done
  for server in "${pending[@]}"; do wait_until_ready "$server"; done
}

main "$@"
