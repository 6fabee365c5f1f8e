#!/usr/bin/env bash
# Brings up the whole Tollgate system on this machine: Redis (AOF on, data in .data/redis), the sample
# weather upstream, the admin API and the gateway on their usual ports; creates (or reuses) a demo
# account, issues it a fresh demo key and prints curl lines that work, and the developer dashboard's
# address (served by the admin API, reached through the gateway). Ctrl-C stops everything it started.
# It is a demo: billing is simulated (Billing__Provider=Simulated), so consumers' upgrades succeed without
# payment; a real deployment leaves it unset (None: a paid tier is the operator's to give) or uses a provider.
#
#   bash deploy/quickstart.sh            run until Ctrl-C
#   bash deploy/quickstart.sh --smoke    bring up, make one weather call through the gateway, shut down
#
# Ports can be moved with TOLLGATE_GATEWAY_PORT, TOLLGATE_ADMIN_PORT, TOLLGATE_UPSTREAM_PORT and
# TOLLGATE_REDIS_PORT; data lives in TOLLGATE_DATA (default .data, ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

smoke=false
[[ "${1:-}" == "--smoke" ]] && smoke=true

gateway_port=${TOLLGATE_GATEWAY_PORT:-8000}
admin_port=${TOLLGATE_ADMIN_PORT:-8001}
upstream_port=${TOLLGATE_UPSTREAM_PORT:-8002}
redis_port=${TOLLGATE_REDIS_PORT:-6379}
# /metrics is served only on each service's management listener, 100 above its public port.
gateway_management_port=$((gateway_port + 100))
admin_management_port=$((admin_port + 100))
data=${TOLLGATE_DATA:-$root/.data}
mkdir -p "$data/redis" "$data/logs"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# --- prerequisites --------------------------------------------------------------------------------
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v curl >/dev/null 2>&1 || missing+=(curl)
# npm restores the dashboard's Chart.js during the build (only while consumer/Dashboard/node_modules is missing).
[[ -d consumer/Dashboard/node_modules ]] || command -v npm >/dev/null 2>&1 || missing+=(npm)
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "Please install: ${missing[*]} (apt-get install -y ${missing[*]}), or run this script as root." >&2
    exit 1
  fi
  say "Installing ${missing[*]} from the OS packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v dotnet >/dev/null 2>&1 || { echo "The .NET 10 SDK is needed (dotnet on PATH)." >&2; exit 1; }

for port in "$gateway_port" "$admin_port" "$upstream_port" "$redis_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port is already in use; stop what uses it or move it (see the top of this script)." >&2
    exit 1
  fi
done

# --- secrets: made once, kept in the data folder, so a second run reuses accounts and keys ----------
secrets="$data/secrets.env"
if [[ ! -f "$secrets" ]]; then
  umask 077
  {
    echo "TOLLGATE_HASH_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')"
    echo "TOLLGATE_ADMIN_TOKEN=$(head -c 32 /dev/urandom | base64 | tr -d '\n/+=')"
  } > "$secrets"
fi
# shellcheck disable=SC1090
source "$secrets"

# --- processes ------------------------------------------------------------------------------------
pids=()
stop() {
  trap - INT TERM EXIT
  say "Stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM

wait_for() { # url name log
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.5
  done
  echo "$2 did not come up; its log: $3" >&2
  tail -n 30 "$3" >&2
  exit 1
}

say "Starting Redis on 127.0.0.1:$redis_port (AOF, data in $data/redis)"
redis-server deploy/redis.conf --dir "$data/redis" --port "$redis_port" --bind 127.0.0.1 --daemonize no \
  > "$data/logs/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do
  redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
  sleep 0.2
done

say "Building"
dotnet build gateway.sln -c Release -v quiet -nologo > "$data/logs/build.log" 2>&1 || { tail -n 30 "$data/logs/build.log" >&2; exit 1; }

export ASPNETCORE_ENVIRONMENT=Production
export ConnectionStrings__Redis="127.0.0.1:$redis_port"
export Keys__HashSecret="$TOLLGATE_HASH_SECRET"
# A demo: upgrades are approved without payment. Unset outside Development, a consumer's paid upgrade gets 402.
export Billing__Provider=Simulated

run() { # project url log [extra env...]
  local project=$1 url=$2 log=$3
  shift 3
  env "$@" dotnet run --no-build -c Release --no-launch-profile --project "$project" --urls "$url" > "$log" 2>&1 &
  pids+=($!)
}

say "Starting the sample weather upstream on :$upstream_port, the admin API on :$admin_port, the gateway on :$gateway_port"
run samples/weather-upstream "http://127.0.0.1:$upstream_port" "$data/logs/upstream.log"
run admin-api "http://127.0.0.1:$admin_port" "$data/logs/admin-api.log" "Admin__Tokens__0=$TOLLGATE_ADMIN_TOKEN" \
  "Management__Urls=http://127.0.0.1:$admin_management_port"
run gateway "http://127.0.0.1:$gateway_port" "$data/logs/gateway.log" \
  "Management__Urls=http://127.0.0.1:$gateway_management_port" \
  "ReverseProxy__Clusters__weather__Destinations__primary__Address=http://127.0.0.1:$upstream_port/"
wait_for "http://127.0.0.1:$upstream_port/health" "The weather upstream" "$data/logs/upstream.log"
wait_for "http://127.0.0.1:$admin_port/health/ready" "The admin API" "$data/logs/admin-api.log"
wait_for "http://127.0.0.1:$gateway_port/health/ready" "The gateway" "$data/logs/gateway.log"

# --- demo account and key -------------------------------------------------------------------------
admin="http://127.0.0.1:$admin_port/admin"
auth="Authorization: Bearer $TOLLGATE_ADMIN_TOKEN"
field() { { grep -o "\"$1\":\"[^\"]*\"" || true; } | head -n 1 | cut -d'"' -f4; }

account=$(curl -sS -H "$auth" -H 'Content-Type: application/json' \
  -d '{"email":"demo@tollgate.example","tier":"pro"}' "$admin/accounts")
account_id=$(printf '%s' "$account" | field id)
[[ -n "$account_id" ]] || account_id=$(printf '%s' "$account" | field account_id)   # 409: it exists already
[[ -n "$account_id" ]] || { echo "Could not create the demo account: $account" >&2; exit 1; }

# The raw key is never stored, so each run rotates the demo key: same account, one active demo key.
key_file="$data/demo-key-id"
issued=""
if [[ -s "$key_file" ]]; then
  issued=$(curl -sS -H "$auth" -H 'Content-Type: application/json' -d '{"grace_period_seconds":0}' \
    "$admin/accounts/$account_id/keys/$(cat "$key_file")/rotate")
fi
if ! printf '%s' "$issued" | grep -q '"api_key"'; then
  issued=$(curl -sS -H "$auth" -H 'Content-Type: application/json' -d '{"name":"demo"}' "$admin/accounts/$account_id/keys")
fi
api_key=$(printf '%s' "$issued" | field api_key)
[[ -n "$api_key" ]] || { echo "Could not issue the demo key: $issued" >&2; exit 1; }
printf '%s' "$issued" | field key_id > "$key_file"

gw="http://127.0.0.1:$gateway_port"
cat <<MSG

Tollgate is up.
  gateway     $gw
  dashboard   $gw/dashboard   (sign in with the demo key below)
  admin API   http://127.0.0.1:$admin_port   (reference page: http://127.0.0.1:$admin_port/scalar/)
  upstream    http://127.0.0.1:$upstream_port
  metrics     http://127.0.0.1:$gateway_management_port/metrics, http://127.0.0.1:$admin_management_port/metrics
  logs        $data/logs/

Demo account $account_id (pro), demo key (shown once; a new one each run):
  $api_key

  curl -H "X-API-Key: $api_key" "$gw/api/v3/weather/current?city=London"
  curl -H "X-API-Key: $api_key" "$gw/api/v3/subscription/my-tier"
  curl -H "Authorization: Bearer $TOLLGATE_ADMIN_TOKEN" "http://127.0.0.1:$admin_port/admin/accounts/$account_id/usage"

The admin token and hash secret are in $secrets.
Billing is SIMULATED (Billing__Provider=Simulated): upgrades succeed without payment. This is a demo set-up;
without that setting a consumer's move to a paid tier answers 402 and only an admin can grant it.
MSG

if $smoke; then
  say "Smoke check: one weather call through the gateway, and the dashboard page through it"
  curl -fsS -H "X-API-Key: $api_key" "$gw/api/v3/weather/current?city=London"
  echo
  curl -fsS -o /dev/null "$gw/dashboard"
  exit 0
fi

echo "Press Ctrl-C to stop."
wait -n "${pids[@]}"
echo "A process stopped unexpectedly; see $data/logs/." >&2
exit 1
