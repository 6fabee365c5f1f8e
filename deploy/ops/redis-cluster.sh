#!/usr/bin/env bash
# A throwaway local Redis Cluster of three primaries (and, if asked, replicas) on 127.0.0.1, to run the test suites
# against Redis Cluster. Data lives in a temp folder that `stop` removes.
#
#   bash deploy/ops/redis-cluster.sh start     start it; prints the connection string on the last line
#   bash deploy/ops/redis-cluster.sh stop      stop it and remove its data
#   bash deploy/ops/redis-cluster.sh status    say whether it runs, and its connection string
#
# Ports: TOLLGATE_CLUSTER_PORT (default 47001) and the next ones, one per node; `auto` takes the first free block from
# 47001 up in steps of 100, moving on when a node cannot bind (stop it with TOLLGATE_CLUSTER_PORT set to the first port of the printed string).
# TOLLGATE_CLUSTER_REPLICAS (default 0): replicas per primary. Example:
#   nodes=$(bash deploy/ops/redis-cluster.sh start | tail -n 1)
#   ConnectionStrings__Redis="$nodes" dotnet test tests/Tollgate.Core.IntegrationTests
#   bash deploy/ops/redis-cluster.sh stop
set -euo pipefail

for tool in redis-server redis-cli; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is needed (apt-get install -y redis-server)." >&2; exit 1; }
done

replicas=${TOLLGATE_CLUSTER_REPLICAS:-0}
count=$((3 * (1 + replicas)))

running() { redis-cli -h 127.0.0.1 -p "$1" ping >/dev/null 2>&1; }
# Something listens on the port (a node, or anything else); the cluster bus needs port + 10000 as well.
taken() { running "$1" || (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null || (exec 3<>"/dev/tcp/127.0.0.1/$(($1 + 10000))") 2>/dev/null; }

# The block of ports from $1: one per node, and the data folder named after the first.
use_block() {
  base=$1
  ports=()
  for ((i = 0; i < count; i++)); do ports+=("$((base + i))"); done
  data=${TMPDIR:-/tmp}/tollgate-redis-cluster-$base
  nodes=$(printf '127.0.0.1:%s,' "${ports[@]}")
  nodes=${nodes%,}
}
block_free() {
  for ((i = 0; i < count; i++)); do taken $(($1 + i)) && return 1; done
  return 0
}

requested=${TOLLGATE_CLUSTER_PORT:-47001}
if [[ $requested == auto ]]; then use_block 47001; else use_block "$requested"; fi

# Starts a node on every port of the block; if one does not answer, stops those it started, says why, and fails.
launch_nodes() {
  rm -rf "$data"
  # cluster-require-full-coverage no: a failed primary takes only its own slots away, not every node's answers
  # (deploy/ops/README.md, "A primary dies").
  for port in "${ports[@]}"; do
    mkdir -p "$data/$port"
    redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file "$data/$port/nodes.conf" \
      --cluster-node-timeout 5000 --cluster-require-full-coverage no --dir "$data/$port" --appendonly no --save '' \
      --daemonize yes --pidfile "$data/$port/redis.pid" --logfile "$data/$port/redis.log" || true
  done
  for port in "${ports[@]}"; do
    for _ in $(seq 1 50); do running "$port" && break; sleep 0.1; done
    if ! running "$port"; then
      echo "Redis on $port did not start:" >&2
      tail -n 5 "$data/$port/redis.log" >&2 2>/dev/null || true
      stop >/dev/null
      return 1
    fi
  done
}

start() {
  if [[ $requested == auto ]]; then
    # Free when probed is not free when bound: ports from 32768 up are the kernel's ephemeral range, so a client socket
    # can take one in between. A block whose nodes do not all start gives way to the next one.
    local launched=0
    for candidate in $(seq 47001 100 49901); do
      block_free "$candidate" || continue
      use_block "$candidate"
      if launch_nodes; then launched=1; break; fi
      echo "Trying the next block of ports." >&2
    done
    ((launched)) || { echo "No free block of $count ports from 47001 up." >&2; exit 1; }
  else
    for port in "${ports[@]}"; do
      if taken "$port"; then
        echo "Port $port is in use (a cluster already running? try: $0 stop), or move it with TOLLGATE_CLUSTER_PORT." >&2
        exit 1
      fi
    done
    launch_nodes || exit 1
  fi
  redis-cli --cluster create "${ports[@]/#/127.0.0.1:}" --cluster-replicas "$replicas" --cluster-yes >"$data/create.log" 2>&1 \
    || { cat "$data/create.log" >&2; exit 1; }
  # The cluster serves once every node agrees that all 16384 slots are covered, and every replica has become one
  # (a client connecting before that would take a replica-to-be for a primary).
  for _ in $(seq 1 100); do
    local ok=0 primaries=0
    for port in "${ports[@]}"; do
      redis-cli -p "$port" cluster info 2>/dev/null | grep -q 'cluster_state:ok' && ok=$((ok + 1))
      redis-cli -p "$port" role 2>/dev/null | head -n 1 | grep -q '^master$' && primaries=$((primaries + 1))
    done
    if ((ok == count && primaries == 3)); then
      echo "Redis Cluster up: 3 primaries, $((count - 3)) replicas, data in $data"
      echo "$nodes"
      return 0
    fi
    sleep 0.1
  done
  echo "The cluster did not reach cluster_state:ok; see $data/create.log" >&2
  exit 1
}

stop() {
  # The nodes it started, whatever TOLLGATE_CLUSTER_REPLICAS says now.
  if [[ -d $data ]]; then
    mapfile -t ports < <(find "$data" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort -n)
  fi
  for port in "${ports[@]}"; do
    if running "$port"; then
      redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || true
    fi
  done
  for port in "${ports[@]}"; do
    for _ in $(seq 1 50); do running "$port" || break; sleep 0.1; done
    if running "$port" && [[ -f "$data/$port/redis.pid" ]]; then
      kill "$(cat "$data/$port/redis.pid")" 2>/dev/null || true
    fi
  done
  rm -rf "$data"
  echo "Redis Cluster on ${ports[*]} stopped."
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    if running "${ports[0]}"; then
      redis-cli -p "${ports[0]}" cluster info | grep cluster_state
      echo "$nodes"
    else
      echo "not running"
      exit 1
    fi
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
