#!/usr/bin/env bash
# Soak test: brings up its own Redis (deploy/redis.conf, AOF), the sample upstream, the admin API and the gateway on
# 4xxxx ports of 127.0.0.1, then runs a mixed load for a set time and reports errors and memory growth.
#
#   bash deploy/ops/soak.sh                 10 minutes
#   bash deploy/ops/soak.sh --minutes 1     a short proof run
#   options: --minutes N  --connections C (default 16)  --threads T (default 2)  --keep (keep logs and data)
#
# The load (wrk + deploy/ops/soak.lua, as fast as the machine allows): accounts on every tier calling the routes their
# tier includes, plus one free account hammered by about 1 request in 10, which stays over its hourly limit (429) for
# the whole run. So that only that account is ever limited, the soak raises the limits of the paid tiers to 10^9 (its
# own configuration; the catalogue on disk is untouched). Alongside, a slow loop reads usage and accounts from the
# admin API. Reported: every status and how often, 5xx and other unexpected answers, socket errors, latency, the RSS of
# each process (from /proc/<pid>/status) and Redis used_memory at the start (after a warm-up), along the way and at the
# end. Exit status 1 when anything but 2xx and the hammered account's 429 was answered.
#
# Ports: SOAK_GATEWAY_PORT (48000), SOAK_ADMIN_PORT (48001), SOAK_UPSTREAM_PORT (48002), SOAK_REDIS_PORT (46379).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

minutes=10
connections=16
threads=2
keep=false
while (($#)); do
  case "$1" in
    --minutes) minutes=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --keep) keep=true; shift ;;
    *) echo "unknown option $1 (see the top of $0)" >&2; exit 2 ;;
  esac
done
[[ "$minutes" =~ ^[0-9]+$ && "$minutes" -ge 1 ]] || { echo "--minutes takes a whole number >= 1" >&2; exit 2; }

gateway_port=${SOAK_GATEWAY_PORT:-48000}
admin_port=${SOAK_ADMIN_PORT:-48001}
upstream_port=${SOAK_UPSTREAM_PORT:-48002}
redis_port=${SOAK_REDIS_PORT:-46379}

for tool in redis-server redis-cli wrk curl dotnet; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is needed (apt-get install -y redis-server wrk curl)." >&2; exit 1; }
done
for port in "$gateway_port" "$admin_port" "$upstream_port" "$redis_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port is in use; move it (see the top of $0)." >&2
    exit 1
  fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/tollgate-soak.XXXXXX")
mkdir -p "$work/redis" "$work/logs"
say() { printf '==> %s\n' "$*"; }

pids=()
names=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if $keep; then echo "Logs and data kept in $work"; else rm -rf "$work"; fi
}
trap stop EXIT
trap 'exit 130' INT TERM

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
redis_used() { redis-cli -p "$redis_port" info memory | awk -F: '/^used_memory:/ { gsub("\r", "", $2); print $2 }'; }
wait_for() { # url name log
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.5
  done
  echo "$2 did not come up; its log: $3" >&2
  tail -n 30 "$3" >&2
  exit 1
}

say "Building (Release)"
for project in gateway/Tollgate.Gateway.csproj admin-api/Tollgate.AdminApi.csproj samples/weather-upstream/Tollgate.SampleWeather.csproj; do
  dotnet build "$project" -c Release -v quiet -nologo > "$work/logs/build.log" 2>&1 || { tail -n 30 "$work/logs/build.log" >&2; exit 1; }
done

say "Starting Redis on :$redis_port (deploy/redis.conf, data in $work/redis)"
redis-server deploy/redis.conf --dir "$work/redis" --port "$redis_port" --bind 127.0.0.1 --daemonize no \
  --logfile "$work/logs/redis.log" &
pids+=($!); names+=(redis)
for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.2; done

admin_token=$(head -c 32 /dev/urandom | base64 | tr -d '\n/+=')
export ASPNETCORE_ENVIRONMENT=Production
export ConnectionStrings__Redis="127.0.0.1:$redis_port"
Keys__HashSecret=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')
export Keys__HashSecret
# Only the hammered free account may ever be limited (see the top).
for tier in pro business enterprise; do
  export "Tiers__${tier}__RequestsPerHour=1000000000" "Tiers__${tier}__RequestsPerDay=1000000000" "Tiers__${tier}__RequestsPerMonth=1000000000"
done

start_service() { # name folder dll url log [env...]: runs the built binary itself, so $! is the service's own pid
  local name=$1 folder=$2 dll=$3 url=$4 log=$5
  shift 5
  (cd "$folder" && exec env "$@" dotnet "bin/Release/net10.0/$dll" --urls "$url") > "$log" 2>&1 &
  pids+=($!); names+=("$name")
}
say "Starting the upstream on :$upstream_port, the admin API on :$admin_port, the gateway on :$gateway_port"
start_service upstream samples/weather-upstream Tollgate.SampleWeather.dll "http://127.0.0.1:$upstream_port" "$work/logs/upstream.log"
start_service admin-api admin-api Tollgate.AdminApi.dll "http://127.0.0.1:$admin_port" "$work/logs/admin-api.log" "Admin__Tokens__0=$admin_token" \
  "Management__Urls=http://127.0.0.1:$((admin_port + 100))"
start_service gateway gateway Tollgate.Gateway.dll "http://127.0.0.1:$gateway_port" "$work/logs/gateway.log" \
  "ReverseProxy__Clusters__weather__Destinations__primary__Address=http://127.0.0.1:$upstream_port/" \
  "Management__Urls=http://127.0.0.1:$((gateway_port + 100))"
wait_for "http://127.0.0.1:$upstream_port/health" "The upstream" "$work/logs/upstream.log"
wait_for "http://127.0.0.1:$admin_port/health/ready" "The admin API" "$work/logs/admin-api.log"
wait_for "http://127.0.0.1:$gateway_port/health/ready" "The gateway" "$work/logs/gateway.log"

# --- accounts, keys and the request mix -------------------------------------------------------------------------
admin="http://127.0.0.1:$admin_port/admin"
auth="Authorization: Bearer $admin_token"
field() { { grep -o "\"$1\":\"[^\"]*\"" || true; } | head -n 1 | cut -d'"' -f4; }
account() { curl -fsS -H "$auth" -H 'Content-Type: application/json' -d "{\"email\":\"soak-$1-$RANDOM$RANDOM@example.test\",\"tier\":\"$2\"}" "$admin/accounts" | field id; }
key() { curl -fsS -H "$auth" -H 'Content-Type: application/json' -d '{"name":"soak"}' "$admin/accounts/$1/keys" | field api_key; }

mix="$work/mix.tsv"
: > "$mix"
cities=(London Paris Tokyo Lima Oslo Cairo Sydney Toronto)
add() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$mix"; }
say "Creating accounts and keys"
hammered_account=$(account hammered free)
hammered=$(key "$hammered_account")
declare -A tier_paths=(
  [free]="/api/v3/weather/current /api/v3/weather/forecast"
  [pro]="/api/v3/weather/current /api/v3/weather/forecast /api/v3/weather/forecast/hourly"
  [business]="/api/v3/weather/current /api/v3/weather/forecast/hourly /api/v3/weather/historical"
  [enterprise]="/api/v3/weather/current /api/v3/weather/forecast /api/v3/weather/forecast/hourly /api/v3/weather/historical"
)
accounts=()
for tier in pro pro business business enterprise enterprise; do
  id=$(account "$tier" "$tier"); accounts+=("$id")
  k=$(key "$id")
  for path in ${tier_paths[$tier]}; do
    for city in "${cities[@]:0:3}"; do add 1 "$k" "$path?city=$city"; done
  done
  add 1 "$k" "/api/v3/subscription/my-tier"
done
others=$(wc -l < "$mix")
# One request in ten from the hammered free account (over its 60 an hour after the first minute of traffic).
for _ in $(seq 1 $(( (others + 8) / 9 ))); do add 1 "$hammered" "/api/v3/weather/current?city=Oslo"; done
add 1 - "/api/v3/subscription/tiers"
say "Mix: $(wc -l < "$mix") entries, $(grep -c "$hammered" "$mix") of them the hammered free account"

# --- warm-up, then the baseline -----------------------------------------------------------------------------------
gateway_url="http://127.0.0.1:$gateway_port"
wrk -t"$threads" -c"$connections" -d10s -s deploy/ops/soak.lua "$gateway_url" -- "$mix" > "$work/warmup.txt" 2>&1
declare -A rss_start
for i in "${!pids[@]}"; do rss_start[${names[$i]}]=$(rss_kb "${pids[$i]}"); done
redis_start=$(redis_used)

# --- the run ------------------------------------------------------------------------------------------------------
say "Soak: $minutes min, $threads threads, $connections connections against $gateway_url"
wrk -t"$threads" -c"$connections" -d"$((minutes * 60))s" --timeout 10s -s deploy/ops/soak.lua "$gateway_url" -- "$mix" > "$work/wrk.txt" 2>&1 &
wrk_pid=$!
admin_calls=0; admin_failures=0
samples="$work/samples.txt"
printf '%-8s %10s %10s %10s %10s %14s\n' "t(s)" "gateway" "admin-api" "upstream" "redis" "redis used" > "$samples"
interval=$(( minutes * 60 / 10 )); (( interval < 5 )) && interval=5
next_sample=0
started=$(date +%s)
while kill -0 "$wrk_pid" 2>/dev/null; do
  now=$(( $(date +%s) - started ))
  if (( now >= next_sample )); then
    line=$(printf '%-8s' "$now")
    for name in gateway admin-api upstream redis; do
      for i in "${!pids[@]}"; do [[ ${names[$i]} == "$name" ]] && line+=$(printf ' %8d kB' "$(rss_kb "${pids[$i]}")"); done
    done
    line+=$(printf ' %14s' "$(redis_used)")
    echo "$line" >> "$samples"
    next_sample=$(( next_sample + interval ))
  fi
  # The admin API under a light, steady read load.
  for path in "accounts/${accounts[0]}/usage" "accounts?page_size=20" "accounts/$hammered_account/usage"; do
    admin_calls=$((admin_calls + 1))
    curl -fsS -o /dev/null -H "$auth" "$admin/$path" 2>/dev/null || admin_failures=$((admin_failures + 1))
  done
  sleep 1
done
wait "$wrk_pid" || true
declare -A rss_end
for i in "${!pids[@]}"; do rss_end[${names[$i]}]=$(rss_kb "${pids[$i]}"); done
redis_end=$(redis_used)
hammered_usage=$(curl -fsS -H "$auth" "$admin/accounts/$hammered_account/usage" | grep -o '"hour":{"used":[0-9]*' | grep -o '[0-9]*$' || echo '?')

# --- report -------------------------------------------------------------------------------------------------------
total=$(awk '/^requests/ { print $2 }' "$work/wrk.txt")
duration_us=$(awk '/^requests/ { print $4 }' "$work/wrk.txt")
[[ -n "$total" ]] || { echo "wrk reported nothing:" >&2; cat "$work/wrk.txt" >&2; exit 1; }
ok=$(awk '$1 == "status" && $2 >= 200 && $2 < 300 { n += $3 } END { print n + 0 }' "$work/wrk.txt")
limited=$(awk '$1 == "status" && $2 == 429 { n += $3 } END { print n + 0 }' "$work/wrk.txt")
server_errors=$(awk '$1 == "status" && $2 >= 500 { n += $3 } END { print n + 0 }' "$work/wrk.txt")
unexpected=$(awk '$1 == "status" && ($2 < 200 || $2 >= 300) && $2 != 429 { n += $3 } END { print n + 0 }' "$work/wrk.txt")
socket_errors=$(awk '/^socket_errors/ { n = 0; for (i = 2; i <= NF; i++) { split($i, kv, "="); n += kv[2] } print n }' "$work/wrk.txt")

echo
echo "Soak report ($(date -u +%Y-%m-%dT%H:%MZ), $minutes min, $threads threads x $connections connections, $(nproc) cores)"
printf '  requests      %d (%.0f/s)\n' "$total" "$(awk -v n="$total" -v d="$duration_us" 'BEGIN { print n / (d / 1e6) }')"
printf '  2xx           %d\n' "$ok"
printf '  429           %d (%.1f%%; the hammered free account: hour window used %s of 60)\n' "$limited" \
  "$(awk -v a="$limited" -v n="$total" 'BEGIN { print 100 * a / n }')" "$hammered_usage"
printf '  5xx           %d\n' "$server_errors"
printf '  other non-2xx %d\n' "$((unexpected - server_errors))"
echo "  by status     $(awk '$1 == "status" { printf "%s×%s  ", $2, $3 }' "$work/wrk.txt")"
echo "  socket errors $(awk '/^socket_errors/ { $1 = ""; print }' "$work/wrk.txt")"
echo "  latency       $(awk '/^latency_ms/ { $1 = ""; print }' "$work/wrk.txt")"
echo "  admin API     $admin_calls reads alongside, $admin_failures failed"
echo
printf '  %-10s %12s %12s %12s\n' process "RSS start" "RSS end" growth
for name in gateway admin-api upstream redis; do
  s=${rss_start[$name]}; e=${rss_end[$name]}
  printf '  %-10s %9d kB %9d kB %+9d kB (%+.1f%%)\n' "$name" "$s" "$e" "$((e - s))" "$(awk -v s="$s" -v e="$e" 'BEGIN { print s ? 100 * (e - s) / s : 0 }')"
done
printf '  %-10s %12s %12s %+12d B\n' "redis used_memory" "$redis_start" "$redis_end" "$((redis_end - redis_start))"
echo
echo "  RSS along the way:"
sed 's/^/    /' "$samples"

status=0
if (( unexpected > 0 || socket_errors > 0 || admin_failures > 0 )); then
  echo
  echo "FAILED: $unexpected unexpected answers, $socket_errors socket errors, $admin_failures admin API failures. Logs: $work/logs (kept)." >&2
  keep=true
  status=1
fi
exit "$status"
