#!/usr/bin/env bash
# Throughput benchmark of the gateway (BENCHMARKS.md, "Throughput"): one command reproduces the table.
#
#   bash deploy/bench/run.sh
#
# Publishes Release builds and starts a throwaway Redis (no persistence), a static upstream (nginx `return 200`
# with a fixed 116-byte JSON body), plain YARP (deploy/bench/plain-yarp: the gateway's YARP version, one route,
# nothing else), the admin API, the gateway (Production, logging at Warning, enterprise limits raised out of
# reach) and nginx as a plain reverse proxy, all on 127.0.0.1 ports 38000-38080 and 36379, then measures with wrk
# (1 thread, 32 connections), one case at a time, interleaved over rounds (round 1: a b y c d ..., round 2: ...):
#   a  the static upstream directly (reference)    d  the full pipeline, one hot enterprise account
#   b  nginx in front of it (reference)            g  the full pipeline, load spread over 64 enterprise accounts
#   y  plain YARP in front of it (the baseline)    k  the full pipeline over 1,000 enterprise accounts, a random
#   c  the gateway on a no-key, no-limits route       key per request (a few requests per account per second)
#   e  an exhausted free account (every request 429)   f  a malformed key (every request 401)
#   yk plain YARP driven by k's wrk script (what that script costs the client, in the baseline too)
#   y1, c1, d1  y, c and d with one connection: the added median latency, without queueing
# Every throughput is reported as a ratio to y of the same round. Then, untimed: Redis round trips per request
# (MONITOR), bytes allocated per request by plain YARP and the gateway (dotnet-counters), and the cold start of a
# freshly started gateway (its first seconds under load over 200 accounts, as a share of its warm throughput).
# Everything it starts is stopped on exit, Ctrl-C or failure.
#
# Knobs (environment): BENCH_ROUNDS (3), BENCH_DURATION (8s, for a-d, g, k), BENCH_SHORT_DURATION (4s, for e, f
# and the one-connection cases), BENCH_WARMUP (1s, before each run), BENCH_INITIAL_WARMUP
# (3s, each case once before round 1), BENCH_THREADS (1), BENCH_CONNECTIONS (32), BENCH_OUTPUT
# (BENCHMARKS.md at the repository root), BENCH_KEEP=1 keeps the temp dir with the raw wrk output and logs,
# BENCH_COLD_VARIANTS (the cold start's variants, ';'-separated: environment assignments such as DOTNET_TieredPGO=0
# and/or jit; default "as-published;Gateway__WarmUp__MaxDurationMs=0": as shipped, and without the start-up warm-up), BENCH_TOOLS (where dotnet-counters is installed when it is not on PATH),
# BENCH_HOLD=1 (start everything, create the keys, print how to reach them and wait for Ctrl-C: for
# profiling with dotnet-trace / dotnet-counters).
#
# A/B: BENCH_COMPARE=/path/to/another/checkout also publishes that checkout's gateway, runs it on :38010 beside this
# one (same Redis, upstream, settings and keys) and adds cases cB and dB (c and d against it) to every round, so a
# change is compared with its baseline interleaved, on the same noise. Write such runs elsewhere, e.g.
#   BENCH_COMPARE=/tmp/my-change BENCH_OUTPUT=/tmp/ab.md bash deploy/bench/run.sh
# BENCH_COMPARE_ENV (';'-separated environment assignments) starts the compared gateway with those settings, so a
# setting is A/B-tested on the same code: BENCH_COMPARE=. BENCH_COMPARE_ENV='Limits__Leases__Enabled=true'.
# With a compare, gB and kB (g and k against it) run in every round as well.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
# shellcheck source=deploy/bench/lib.sh
source deploy/bench/lib.sh

rounds=${BENCH_ROUNDS:-3}
duration=${BENCH_DURATION:-8s}
short_duration=${BENCH_SHORT_DURATION:-4s}
warmup=${BENCH_WARMUP:-1s}
initial_warmup=${BENCH_INITIAL_WARMUP:-3s}
threads=${BENCH_THREADS:-1}
connections=${BENCH_CONNECTIONS:-32}
compare=${BENCH_COMPARE:-}
IFS=';' read -r -a compare_env <<< "${BENCH_COMPARE_ENV:-}"
output=${BENCH_OUTPUT:-$root/BENCHMARKS.md}
spread_accounts=64
many_accounts=1000
cold_accounts=200

gateway_port=38000
admin_port=38001
upstream_port=38002
yarp_port=38003
cold_port=38004
nginx_port=38080
redis_port=36379
compare_port=38010
host=127.0.0.1

ensure_commands curl:curl wrk:wrk nginx:nginx redis-server:redis-server redis-cli:redis-server
command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK is needed (dotnet on PATH)"
if [[ -n "$compare" ]]; then
  compare=$(cd "$compare" && pwd)
  [[ -f "$compare/gateway/Tollgate.Gateway.csproj" ]] || die "BENCH_COMPARE=$compare has no gateway/Tollgate.Gateway.csproj"
fi
for port in $gateway_port $admin_port $upstream_port $yarp_port $cold_port $nginx_port $redis_port $compare_port \
  $((gateway_port + 100)) $((admin_port + 100)) $((cold_port + 100)) $((compare_port + 100)); do
  port_free "$port" || die "port $port is in use; stop what uses it first"
done

work=$(mktemp -d /tmp/tollgate-bench.XXXXXX)
logs=$work/logs
mkdir -p "$logs" "$work/redis" "$work/nginx" "$work/upstream"

# --- process control: each service runs in its own session; `start` records its pid (the app itself: `env` and
# `setsid` exec it), so dotnet-counters can attach and the cold-start gateway can be stopped on its own.
groups=()
start() { # log command...
  local log=$1
  shift
  setsid "$@" > "$log" 2>&1 < /dev/null &
  groups+=($!)
  group_logs[$!]=$log
  last_pid=$!
}
declare -A group_logs
# A service's end by a signal other than the TERM it was sent (SIGABRT: a runtime that crashed while stopping; SIGKILL:
# one that did not stop within 10 s) is named, with the end of its log, since the log goes with $work.
report_end() { # pid rc
  if (($2 > 128 && $2 != 143)); then
    echo "A service ended by signal $(($2 - 128)) ($(kill -l "$2" 2>/dev/null || echo "?")): ${group_logs[$1]:-?}; its last lines:" >&2
    tail -n 15 "${group_logs[$1]:-/dev/null}" >&2 2>/dev/null || true
  fi
}
# Stops one group before the end (the MONITOR pass, the cold-start gateway): TERM, KILL after 10 s, reaped, and
# forgotten, so the cleanup never signals its id once the kernel has handed it to another process (bash reaps its
# children as they end, so an id is free for reuse from then on).
stop_group() { # pid
  local pid=$1 g rc kept=()
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rc=0
  wait "$pid" 2>/dev/null || rc=$?   # `|| rc=$?`: under set -e a bare failing wait (143 for a TERM) would end the script
  report_end "$pid" "$rc"
  for g in "${groups[@]}"; do [[ $g == "$pid" ]] || kept+=("$g"); done
  groups=("${kept[@]}")
}
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local g i
  for ((i = ${#groups[@]} - 1; i >= 0; i--)); do kill -TERM -- "-${groups[i]}" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=0
    for g in "${groups[@]}"; do kill -0 -- "-$g" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.2
  done
  for g in "${groups[@]}"; do kill -KILL -- "-$g" 2>/dev/null || true; done
  # The hold's sleep is no service: without this, the wait below would last the rest of its hour.
  [[ -z "${sleeper:-}" ]] || kill "$sleeper" 2>/dev/null || true
  local rc
  for g in "${groups[@]}"; do
    rc=0
    wait "$g" 2>/dev/null || rc=$?
    report_end "$g" "$rc"
  done
  wait 2>/dev/null || true
  if [[ $status -ne 0 || "${BENCH_KEEP:-0}" == 1 ]]; then
    echo "Logs and raw results kept in $work" >&2
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

code=$(code_info)   # before the build: what is measured is what was built
# --- build ------------------------------------------------------------------------------------------------------
# Published as a deployment is (deploy/gateway.Dockerfile runs `dotnet publish`), so project settings that only
# apply to a publish (ReadyToRun) are measured too; each service then runs as `dotnet X.dll` from its folder.
say "Publishing Release (log: $logs/build.log)"
publish() { # project output-dir [msbuild arguments...]
  # No build servers left behind: this machine is shared, and the benchmark should leave nothing running.
  dotnet publish "$1" -c Release -o "$2" "${@:3}" -nologo -v quiet -nodeReuse:false -p:UseSharedCompilation=false -p:UseAppHost=false \
    >> "$logs/build.log" 2>&1 || { tail -n 30 "$logs/build.log" >&2; exit 1; }
}
publish admin-api "$work/bin/admin-api"
# The gateway as the Docker image publishes it: for this machine's runtime identifier, on the shared runtime, which
# makes gateway/Tollgate.Gateway.csproj ship ReadyToRun code (cold start).
rid=$(dotnet --info | awk '$1 == "RID:" { print $2; exit }')
publish gateway "$work/bin/gateway" -r "$rid" --self-contained false
publish deploy/bench/plain-yarp "$work/bin/plain-yarp"
if [[ -n "$compare" ]]; then
  compare_code=$(cd "$compare" && BENCH_CODE="${BENCH_COMPARE_CODE:-}" code_info 2>/dev/null || true)
  publish "$compare/gateway" "$work/bin/gateway-compare" -r "$rid" --self-contained false
fi

# --- services ---------------------------------------------------------------------------------------------------
hash_secret=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')
admin_token=$(head -c 32 /dev/urandom | base64 | tr -d '\n/+=')
R() { redis-cli -h $host -p $redis_port "$@"; }

say "Starting Redis :$redis_port, the static upstream :$upstream_port, plain YARP :$yarp_port, the admin API :$admin_port, the gateway :$gateway_port, nginx :$nginx_port"
# The deployed configuration (deploy/redis.conf) minus persistence, on a throwaway port and directory.
start "$logs/redis.log" redis-server deploy/redis.conf --port $redis_port --bind $host --protected-mode yes \
  --save '' --appendonly no --dir "$work/redis" --daemonize no
for _ in $(seq 1 50); do R ping > /dev/null 2>&1 && break; sleep 0.2; done
R ping > /dev/null || die "Redis did not start; see $logs/redis.log"

# The upstream: as cheap as a server gets (one nginx worker answering a fixed body from memory), so the ratios
# are not compressed by an upstream that spends the shared cores on generating its answer.
upstream_body='{"city":"London","temperature_c":11.5,"humidity":81,"wind_kph":14.0,"condition":"cloudy","observed_at":"2026-01-01T12:00:00Z"}'
nginx_common="
  access_log off;
  client_body_temp_path $work/NAME/client_body;
  proxy_temp_path $work/NAME/proxy;
  fastcgi_temp_path $work/NAME/fastcgi;
  uwsgi_temp_path $work/NAME/uwsgi;
  scgi_temp_path $work/NAME/scgi;"
cat > "$work/upstream/nginx.conf" <<NGINX
worker_processes 1;
pid $work/upstream/nginx.pid;
error_log $work/upstream/error.log warn;
events { worker_connections 1024; }
http {
  ${nginx_common//NAME/upstream}
  server {
    listen $host:$upstream_port;
    keepalive_requests 1000000;
    location / {
      default_type application/json;
      return 200 '$upstream_body';
    }
  }
}
NGINX
cat > "$work/nginx/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  ${nginx_common//NAME/nginx}
  upstream static {
    server $host:$upstream_port;
    keepalive 32;
    keepalive_requests 1000000;
  }
  server {
    listen $host:$nginx_port;
    keepalive_requests 1000000;
    location / {
      proxy_pass http://static;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
NGINX
start "$logs/upstream.log" nginx -p "$work/upstream" -e "$work/upstream/error.log" -c "$work/upstream/nginx.conf" -g 'daemon off;'
start "$logs/nginx.log" nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" -g 'daemon off;'

common_env=(
  ASPNETCORE_ENVIRONMENT=Production
  # The per-request access log is at Information; a benchmark of the proxy should not measure console logging.
  Logging__LogLevel__Default=Warning
  Logging__LogLevel__Microsoft.Hosting.Lifetime=Information
  ConnectionStrings__Redis=$host:$redis_port
  Keys__HashSecret=$hash_secret
  # An enterprise account admits 10,000 requests an hour; wrk sends that in a few seconds and would then
  # measure 429s. The benchmark raises the enterprise windows (hour <= day <= month still holds).
  Tiers__enterprise__RequestsPerHour=1000000000
  Tiers__enterprise__RequestsPerDay=1000000000
  Tiers__enterprise__RequestsPerMonth=1000000000
)
run_service() { # published-dir dll port log [extra env...]; sets last_pid
  local dir=$1 dll=$2 port=$3 log=$4
  shift 4
  start "$log" env -C "$dir" "${common_env[@]}" "$@" dotnet "$dll" --urls "http://$host:$port"
}
# Each service's /metrics listener (Management:Urls) on a port of the benchmark's own, beside its public port.
run_service "$work/bin/admin-api" Tollgate.AdminApi.dll $admin_port "$logs/admin-api.log" \
  "Admin__Tokens__0=$admin_token" "Management__Urls=http://$host:$((admin_port + 100))"
# The static upstream answers any path, so the gateway's routes need no transform. Route (c) is the same upstream
# call through YARP and the gateway's own pipeline, with no key and no limits.
gateway_env=(
  "ReverseProxy__Clusters__weather__Destinations__primary__Address=http://$host:$upstream_port/"
  ReverseProxy__Routes__bench-open__ClusterId=weather
  ReverseProxy__Routes__bench-open__Match__Path=/open/api/v3/weather/current
  ReverseProxy__Routes__bench-open__Metadata__RequiresKey=false
)
run_service "$work/bin/gateway" Tollgate.Gateway.dll $gateway_port "$logs/gateway.log" "${gateway_env[@]}" \
  "Management__Urls=http://$host:$((gateway_port + 100))"
gateway_pid=$last_pid
run_service "$work/bin/plain-yarp" Tollgate.Bench.PlainYarp.dll $yarp_port "$logs/plain-yarp.log" \
  "ReverseProxy__Clusters__upstream__Destinations__primary__Address=http://$host:$upstream_port/"
yarp_pid=$last_pid
if [[ -n "$compare" ]]; then
  run_service "$work/bin/gateway-compare" Tollgate.Gateway.dll $compare_port "$logs/gateway-compare.log" "${gateway_env[@]}" \
    "Management__Urls=http://$host:$((compare_port + 100))" "${compare_env[@]}"
fi

wait_http "http://$host:$upstream_port/health" "The static upstream" "$work/upstream/error.log"
wait_http "http://$host:$nginx_port/health" "nginx" "$work/nginx/error.log"
wait_http "http://$host:$admin_port/health/ready" "The admin API" "$logs/admin-api.log"
wait_http "http://$host:$gateway_port/health/ready" "The gateway" "$logs/gateway.log"
wait_http "http://$host:$yarp_port/api/v3/weather/current" "Plain YARP" "$logs/plain-yarp.log"
[[ -z "$compare" ]] || wait_http "http://$host:$compare_port/health/ready" "The compared gateway" "$logs/gateway-compare.log"

# --- accounts and keys through the admin API --------------------------------------------------------------------
admin="http://$host:$admin_port/admin"
field() { { grep -o "\"$1\":\"[^\"]*\"" || true; } | head -n 1 | cut -d'"' -f4; }
new_key() { # tier index -> prints an api key of a new account of that tier
  local tier=$1 account id issued key
  account=$(curl -sS -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
    -d "{\"email\":\"bench-$tier-$2-$RANDOM@bench.example\",\"tier\":\"$tier\"}" "$admin/accounts")
  id=$(printf '%s' "$account" | field id)
  [[ -n "$id" ]] || die "could not create a $tier account: $account"
  issued=$(curl -sS -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
    -d '{"name":"bench"}' "$admin/accounts/$id/keys")
  key=$(printf '%s' "$issued" | field api_key)
  [[ -n "$key" ]] || die "could not issue a key to $id: $issued"
  echo "$key"
}
say "Creating an enterprise and a free account with a key each, and $many_accounts more enterprise accounts for (g), (k) and the cold start"
enterprise_key=$(new_key enterprise 0)
free_key=$(new_key free 0)
# The accounts in one bulk import (/admin/import/users), their keys in one curl process (4 requests at a time over
# kept-alive connections): a request per account would take minutes on a loaded machine.
{
  echo "email,subscription_tier"
  for ((i = 1; i <= many_accounts; i++)); do echo "bench-many-$i-$RANDOM@bench.example,enterprise"; done
} > "$work/accounts.csv"
curl -sS -H "Authorization: Bearer $admin_token" -H 'Content-Type: text/csv' --data-binary "@$work/accounts.csv" \
  "$admin/import/users" > "$work/import.json"
mapfile -t many_ids < <(grep -o '"account_id":"[^"]*"' "$work/import.json" | cut -d'"' -f4)
((${#many_ids[@]} == many_accounts)) || die "the import created ${#many_ids[@]} of $many_accounts accounts: $(head -c 300 "$work/import.json")"
for id in "${many_ids[@]}"; do
  [[ $id == "${many_ids[0]}" ]] || echo next
  printf 'url = "%s/accounts/%s/keys"\nheader = "Authorization: Bearer %s"\nheader = "Content-Type: application/json"\ndata = "{\\"name\\":\\"bench\\"}"\nwrite-out = "\\n"\n' \
    "$admin" "$id" "$admin_token"
done > "$work/keys.curl"
curl -sS --no-progress-meter --parallel --parallel-max 4 -K "$work/keys.curl" > "$work/keys.json"
mapfile -t many_keys < <(grep -o '"api_key":"[^"]*"' "$work/keys.json" | cut -d'"' -f4)
((${#many_keys[@]} == many_accounts)) || die "$many_accounts keys asked for, ${#many_keys[@]} issued: $(head -c 300 "$work/keys.json")"
# key_script FILE COUNT HOW: a wrk script that sends the first COUNT keys, one per request. HOW=rotate walks them in
# order from each connection's own offset (no two requests of one account in flight at once: (g)); HOW=random picks
# one at random per request (a few requests per account per second, as traffic of many tenants is: (k), cold start).
key_script() {
  {
    printf 'local keys = {'
    printf '"%s",' "${many_keys[@]:0:$2}"
    printf '}\n'
    if [[ $3 == rotate ]]; then
      cat <<'LUA'
local threads = 0
function setup(thread) thread:set("offset", threads * 32); threads = threads + 1 end
local i = 0
function request()
  i = i + 1
  return wrk.format(nil, nil, { ["X-API-Key"] = keys[(offset + i) % #keys + 1] })
end
LUA
    else
      cat <<'LUA'
local threads = 0
function setup(thread) thread:set("seed", threads); threads = threads + 1 end
function init(args) math.randomseed(os.time() + seed) end
function request()
  return wrk.format(nil, nil, { ["X-API-Key"] = keys[math.random(#keys)] })
end
LUA
    fi
  } > "$1"
}
key_script "$work/spread.lua" $spread_accounts rotate
key_script "$work/many.lua" $many_accounts random
key_script "$work/cold.lua" $cold_accounts random
# Right length and alphabet, wrong checksum: refused after the full format check, before any lookup.
malformed_key="tg_$(printf 'A%.0s' $(seq 1 32))zzzzzz"

query="/api/v3/weather/current?city=London"
status_of() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
say "Using up the free account's hour (60 requests)"
for _ in $(seq 1 60); do
  s=$(status_of -H "X-API-Key: $free_key" "http://$host:$gateway_port$query")
  [[ "$s" == 200 ]] || die "free account request answered $s, expected 200"
done

if [[ "${BENCH_HOLD:-0}" == 1 ]]; then
  cat >&2 <<HOLD
Holding (BENCH_HOLD=1); Ctrl-C stops everything. Work dir: $work
  plain YARP   pid $yarp_pid     http://$host:$yarp_port$query
  gateway      pid $gateway_pid  http://$host:$gateway_port/open$query (no key)
                                  http://$host:$gateway_port$query with X-API-Key: $enterprise_key
  wrk scripts  $work/spread.lua ($spread_accounts accounts), $work/many.lua ($many_accounts accounts)
HOLD
  printf '%s\n' "$enterprise_key" > "$work/enterprise.key"
  # In the background and waited for, so Ctrl-C (or a TERM) runs the cleanup at once.
  while true; do sleep 3600 & sleeper=$!; wait $sleeper; done
fi

declare -A url header expect
cases=(a b y yk c d g k e f y1 c1 d1)
url[a]="http://$host:$upstream_port$query";          header[a]="";                       expect[a]=200
url[b]="http://$host:$nginx_port$query";             header[b]="";                       expect[b]=200
url[y]="http://$host:$yarp_port$query";              header[y]="";                       expect[y]=200
url[c]="http://$host:$gateway_port/open$query";      header[c]="";                       expect[c]=200
url[d]="http://$host:$gateway_port$query";           header[d]="X-API-Key: $enterprise_key"; expect[d]=200
url[e]="http://$host:$gateway_port$query";           header[e]="X-API-Key: $free_key";   expect[e]=429
url[f]="http://$host:$gateway_port$query";           header[f]="X-API-Key: $malformed_key"; expect[f]=401
# wrk's scripts set (g)'s and (k)'s key per request; the header here is for the spot checks with curl only.
url[g]="http://$host:$gateway_port$query";           header[g]="X-API-Key: ${many_keys[0]}"; expect[g]=200
url[k]="http://$host:$gateway_port$query";           header[k]="X-API-Key: ${many_keys[$((many_accounts - 1))]}"; expect[k]=200
# (yk) is plain YARP driven by (k)'s wrk script: what that script costs wrk, on the same cores, in the baseline too.
url[yk]="http://$host:$yarp_port$query";             header[yk]=${header[k]};            expect[yk]=200
for c in y c d; do url[${c}1]=${url[$c]}; header[${c}1]=${header[$c]}; expect[${c}1]=200; done
if [[ -n "$compare" ]]; then
  cases=(a b y yk c cB d dB g gB k kB e f y1 c1 d1)
  url[cB]="http://$host:$compare_port/open$query";   header[cB]="";                         expect[cB]=200
  url[dB]="http://$host:$compare_port$query";        header[dB]="X-API-Key: $enterprise_key"; expect[dB]=200
  url[gB]="http://$host:$compare_port$query";        header[gB]=${header[g]};                 expect[gB]=200
  url[kB]="http://$host:$compare_port$query";        header[kB]=${header[k]};                 expect[kB]=200
fi
declare -A title=(
  [a]="static upstream directly"
  [b]="nginx reverse proxy (1 worker, keepalive 32)"
  [y]="plain YARP (one route, nothing else)"
  [yk]="plain YARP, driven by (k)'s wrk script (a random key header per request)"
  [c]="gateway, no-key route (YARP + pipeline, no Redis)"
  [d]="gateway, full pipeline, one hot enterprise account"
  [e]="gateway, exhausted free account (all 429)"
  [f]="gateway, malformed key (all 401)"
  [g]="gateway, full pipeline, load spread over $spread_accounts enterprise accounts"
  [k]="gateway, full pipeline, $many_accounts enterprise accounts, a random one per request"
  [y1]="plain YARP, 1 connection"
  [c1]="gateway, no-key route, 1 connection"
  [d1]="gateway, enterprise key, 1 connection"
  [cB]="compared gateway ($compare), no-key route"
  [dB]="compared gateway ($compare), enterprise key"
  [gB]="compared gateway ($compare), $spread_accounts accounts"
  [kB]="compared gateway ($compare), $many_accounts accounts"
)
header_args() { if [[ -n "${header[$1]}" ]]; then printf '%s\n' -H "${header[$1]}"; fi; }

for c in "${cases[@]}"; do
  mapfile -t h < <(header_args "$c")
  s=$(status_of "${h[@]}" "${url[$c]}")
  [[ "$s" == "${expect[$c]}" ]] || die "case $c (${url[$c]}) answered $s, expected ${expect[$c]}"
done

# --- Redis accounting -------------------------------------------------------------------------------------------
# Redis 7 counts the commands a Lua script runs in INFO commandstats and total_commands_processed as well as the
# EVALSHA itself; check that on this server, so the results say which counters mean what.
R config resetstat > /dev/null
probe_sha=$(R script load "redis.call('HGET', KEYS[1], 'x') return 1")
R evalsha "$probe_sha" 1 'tg:{bench-probe}:x' > /dev/null
probe_hget=$(R info commandstats | tr -d '\r' | awk -F'[=,:]' '$1 == "cmdstat_hget" { print $3 }')
script_commands_counted=$([[ "${probe_hget:-0}" -ge 1 ]] && echo yes || echo no)

# commandstats: "command calls usec" lines.
commandstats() { R info commandstats | tr -d '\r' | awk -F'[=,:]' '/^cmdstat_/ { sub("cmdstat_", "", $1); print $1, $3, $5 }'; }
# stats_delta BEFORE AFTER: "command calls usec" deltas, our own INFO calls left out.
stats_delta() {
  awk 'NR == FNR { calls[$1] = $2; usec[$1] = $3; next }
       $1 != "info" && $2 - calls[$1] > 0 { print $1, $2 - calls[$1], $3 - usec[$1] }' "$1" "$2"
}

# --- wrk --------------------------------------------------------------------------------------------------------
# parse_wrk FILE: requests/s, p50 ms, p99 ms, requests, non-2xx/3xx, socket errors
parse_wrk() {
  awk '
    function ms(v) {
      if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0
      if (v ~ /m$/) return v * 60000; if (v ~ /s$/) return v * 1000; return v
    }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    / requests in / { n = $1 }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    /Socket errors:/ { gsub(",", ""); errors = $4 + $6 + $8 + $10 }
    END { printf "%.2f %.3f %.3f %d %d %d\n", rps, p50, p99, n, non2xx, errors }
  ' "$1"
}
run_wrk() { # case seconds output
  local c=$1 d=$2 out=$3 t=$threads n=$connections
  [[ $c == ?1 ]] && t=1 n=1
  case $c in
    g|gB) h=(-s "$work/spread.lua");;
    k|kB|yk) h=(-s "$work/many.lua");;
    *) mapfile -t h < <(header_args "$c");;
  esac
  wrk --latency -t"$t" -c"$n" -d"$d" "${h[@]}" "${url[$c]}" > "$out" 2>&1
}

# An awk function: "name per-request" with 3 decimals, or "name N calls" when that would round to 0.000.
per_request_awk='function per_request(name, count, n,    v) {
  v = count / (n ? n : 1)
  return v >= 0.0005 ? sprintf("%s=%.3f", name, v) : sprintf("%s=%d_calls", name, count)
}'

results=$work/results.tsv
: > "$results"
anomalies=$work/anomalies.txt
: > "$anomalies"
for c in d g k e f; do : > "$work/redis-$c.txt"; done

# JIT, connection pools and key caches warm before round 1, so the first round measures the same thing as the last.
say "Warming every case up (untimed, ${initial_warmup} each)"
for c in "${cases[@]}"; do run_wrk "$c" "$initial_warmup" /dev/null; done

started=$(date +%s)
for ((round = 1; round <= rounds; round++)); do
  # An A/B pair runs in turns (X then XB in odd rounds, XB then X in even ones): the second of two runs back to back
  # has come out ahead by up to ~1.16 with the same code on both gateways, so one fixed order biases the ratio.
  round_cases=()
  for c in "${cases[@]}"; do
    if [[ $c == ?B ]] && ((round % 2 == 0)); then
      round_cases+=("${round_cases[-1]}"); round_cases[-2]=$c
    else
      round_cases+=("$c")
    fi
  done
  for c in "${round_cases[@]}"; do
    say "Round $round/$rounds, case $c: ${title[$c]}"
    run_wrk "$c" "$warmup" "$work/warmup-$round-$c.txt"
    [[ $c == [defgk] ]] && commandstats > "$work/before.txt"
    run_wrk "$c" "$([[ $c == [ef] || $c == ?1 ]] && echo "$short_duration" || echo "$duration")" "$work/wrk-$round-$c.txt"
    if [[ $c == [defgk] ]]; then
      commandstats > "$work/after.txt"
      stats_delta "$work/before.txt" "$work/after.txt" >> "$work/redis-$c.txt"
    fi
    read -r rps p50 p99 n non2xx errors < <(parse_wrk "$work/wrk-$round-$c.txt")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$c" "$rps" "$p50" "$p99" "$n" "$non2xx" "$errors" >> "$results"
    echo "    $rps req/s, p50 $p50 ms, p99 $p99 ms, $n requests, non-2xx $non2xx, socket errors $errors" >&2
    if [[ ${expect[$c]} == 200 && $non2xx -ne 0 ]]; then
      echo "- round $round, case $c: $non2xx of $n responses were not 2xx/3xx." >> "$anomalies"
    elif [[ ${expect[$c]} != 200 && $non2xx -ne $n ]]; then
      echo "- round $round, case $c: only $non2xx of $n responses were non-2xx (all should be ${expect[$c]})." >> "$anomalies"
    fi
    if [[ $errors -ne 0 ]]; then
      echo "- round $round, case $c: wrk reported $errors socket errors (connect/read/write/timeout)." >> "$anomalies"
    fi
  done
done
measured_seconds=$(($(date +%s) - started))

# Still refused / still admitted after the runs? (A late 429 in d or a 200 in e would change what was measured.)
for c in d g k e f; do
  mapfile -t h < <(header_args "$c")
  s=$(status_of "${h[@]}" "${url[$c]}")
  [[ "$s" == "${expect[$c]}" ]] || echo "- after the runs, case $c answered $s instead of ${expect[$c]}." >> "$anomalies"
done

# Client-issued commands (round trips) per request: a short, untimed pass per case under MONITOR, which marks
# the commands a script runs as "[0 lua]" and every other command with the client's address. Only the gateway's
# own connections (CLIENT LIST name=Tollgate.Gateway) are counted.
say "Counting client-issued Redis commands per request (MONITOR, untimed)"
gateway_addrs=$(R client list | awk '/ name=Tollgate.Gateway / { for (i = 1; i <= NF; i++) if ($i ~ /^addr=/) print substr($i, 6) }' | paste -sd' ')
for c in d g k e f; do
  # Warmed first (as long as the initial warm-up: at the slower pace under MONITOR, 1 s does not reach all 1,000 keys of
  # k): otherwise the pass would count the key-cache misses of a cold cache (one read of each key and account per pass,
  # whatever the cache lifetime), not the steady state.
  run_wrk "$c" "$initial_warmup" /dev/null
  setsid redis-cli -h $host -p $redis_port monitor > "$work/monitor-$c.txt" 2>&1 < /dev/null &
  monitor=$!
  groups+=("$monitor")
  sleep 0.3
  run_wrk "$c" 3s "$work/wrk-monitor-$c.txt"
  sleep 0.5
  stop_group "$monitor"
  read -r _ _ _ n _ _ < <(parse_wrk "$work/wrk-monitor-$c.txt")
  awk -v addrs="$gateway_addrs" -v n="$n" '
    '"$per_request_awk"'
    BEGIN { split(addrs, a, " "); for (i in a) gw[a[i] "]"] = 1 }
    $3 in gw { cmd = $4; gsub("\"", "", cmd); calls[tolower(cmd)]++; total++ }
    END {
      printf "%d %.3f", n, total / (n ? n : 1)
      for (c in calls) printf " %s", per_request(c, calls[c], n)
      printf "\n"
    }' "$work/monitor-$c.txt" > "$work/client-$c.txt"
done

# --- bytes allocated per request (untimed) ----------------------------------------------------------------------
# The runtime's own cumulative counter (System.Runtime dotnet.gc.heap.total_allocated), read by dotnet-counters
# once a second around a 4 s wrk pass, summed and divided by wrk's completed requests. The counter also sees what
# the process allocates between requests (timers, health probes): tens of kB a second, < 1 % here.
counters=$(command -v dotnet-counters || true)
tools=${BENCH_TOOLS:-$HOME/.cache/tollgate-bench/tools}
if [[ -z "$counters" && ! -x "$tools/dotnet-counters" ]]; then
  say "Installing dotnet-counters into $tools (a NuGet dotnet tool)"
  dotnet tool install dotnet-counters --tool-path "$tools" > "$logs/tools.log" 2>&1 || true
fi
[[ -n "$counters" ]] || counters=$tools/dotnet-counters
alloc_cases=(y c d k)
: > "$work/alloc.tsv"
if [[ -x "$counters" ]]; then
  say "Bytes allocated per request (dotnet-counters, untimed): ${alloc_cases[*]}"
  for c in "${alloc_cases[@]}"; do
    pid=$([[ $c == y ]] && echo "$yarp_pid" || echo "$gateway_pid")
    "$counters" collect -p "$pid" --counters 'System.Runtime[dotnet.gc.heap.total_allocated]' --refresh-interval 1 \
      --format csv -o "$work/alloc-$c.csv" --duration 00:00:00:09 > "$logs/counters-$c.log" 2>&1 &
    counters_pid=$!
    # The load starts a second after the session has started (the CSV is only written when it ends), and ends well
    # before the session does.
    for _ in $(seq 1 100); do grep -q Starting "$logs/counters-$c.log" && break; sleep 0.1; done
    sleep 1
    run_wrk "$c" 4s "$work/wrk-alloc-$c.txt"
    wait "$counters_pid" || true
    read -r _ _ _ n _ _ < <(parse_wrk "$work/wrk-alloc-$c.txt")
    awk -F, -v c="$c" -v n="$n" 'NR > 1 && $3 ~ /total_allocated/ { s += $5 }
      END { if (s > 0 && n > 0) printf "%s\t%d\t%.0f\n", c, n, s / n }' "$work/alloc-$c.csv" >> "$work/alloc.tsv" || true
  done
else
  echo "dotnet-counters is not available (see $logs/tools.log): no allocation figures." >&2
fi

# --- cold start --------------------------------------------------------------------------------------------------
# A gateway started fresh (new process, empty key cache, nothing jitted) on :$cold_port, put under the load of (k)
# over $cold_accounts accounts the moment it is ready: five 1 s wrk runs back to back, the ramp to 30 s in three runs, then
# at 40 s three 1 s runs as its warm throughput. Each slice is reported as a share of that warm figure. BENCH_COLD_VARIANTS lists
# variants separated by ';', each a set of environment assignments for that fresh gateway (e.g. DOTNET_TieredPGO=0)
# and optionally the word jit (the gateway published without its ReadyToRun code, JIT only: the cold start before it);
# the default is two variants: the gateway as published (ReadyToRun for this machine's runtime identifier, start-up
# warm-up on) and the same without its warm-up. The time from start to ready is reported too (the warm-up is in it).
IFS=';' read -r -a cold_variants <<< "${BENCH_COLD_VARIANTS-as-published;Gateway__WarmUp__MaxDurationMs=0}"
((${#cold_variants[@]})) || cold_variants=(as-published)
if printf '%s\n' "${cold_variants[@]}" | grep -qw jit; then
  publish gateway "$work/bin/gateway-jit" -r "$rid" --self-contained false -p:PublishReadyToRun=false
fi
: > "$work/cold.tsv"
cold_url="http://$host:$cold_port$query"
for variant in "${cold_variants[@]}"; do
  dir=$work/bin/gateway
  extra=()
  for word in $variant; do
    case $word in
      as-published) ;;
      jit) dir=$work/bin/gateway-jit ;;
      *=*) extra+=("$word") ;;
      *) die "BENCH_COLD_VARIANTS: '$word' is neither jit nor NAME=VALUE" ;;
    esac
  done
  say "Cold start ($variant): a fresh gateway on :$cold_port under load over $cold_accounts accounts"
  cold_started=$(date +%s.%N)
  run_service "$dir" Tollgate.Gateway.dll $cold_port "$logs/gateway-cold.log" "${gateway_env[@]}" \
    "Management__Urls=http://$host:$((cold_port + 100))" "${extra[@]}"
  cold_pid=$last_pid
  wait_http "http://$host:$cold_port/health/ready" "The cold-start gateway" "$logs/gateway-cold.log"
  cold_ready=$(awk -v a="$cold_started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  for s in 1 2 3 4 5; do wrk --latency -t"$threads" -c"$connections" -d1s -s "$work/cold.lua" "$cold_url" > "$work/cold-$s.txt" 2>&1; done
  # The ramp in longer slices (5–10, 10–20, 20–30 s), then load up to 40 s: warm is measured after the gateway's thread-pool
  # warm-up (its first 30 s, gateway/Hosting/ThreadPoolWarmUp.cs) and tiered compilation are over, as the gateway runs for good.
  wrk --latency -t"$threads" -c"$connections" -d5s -s "$work/cold.lua" "$cold_url" > "$work/cold-r10.txt" 2>&1
  wrk --latency -t"$threads" -c"$connections" -d10s -s "$work/cold.lua" "$cold_url" > "$work/cold-r20.txt" 2>&1
  wrk --latency -t"$threads" -c"$connections" -d10s -s "$work/cold.lua" "$cold_url" > "$work/cold-r30.txt" 2>&1
  wrk -t"$threads" -c"$connections" -d10s -s "$work/cold.lua" "$cold_url" > /dev/null 2>&1
  for s in w1 w2 w3; do wrk --latency -t"$threads" -c"$connections" -d1s -s "$work/cold.lua" "$cold_url" > "$work/cold-$s.txt" 2>&1; done
  stop_group "$cold_pid"
  {
    printf '%s' "$variant"
    for s in 1 2 3 4 5 w1 w2 w3 r10 r20 r30; do
      read -r rps p50 p99 n non2xx errors < <(parse_wrk "$work/cold-$s.txt")
      printf '\t%s %s %s %s' "$rps" "$p99" "$non2xx" "$errors"
    done
    printf '\t%s\n' "$cold_ready"
  } >> "$work/cold.tsv"
done

# --- report -----------------------------------------------------------------------------------------------------
load_at_end=$(cut -d' ' -f1-3 < /proc/loadavg)
say "Writing $output"
report=$work/report.md
command_line="bash deploy/bench/run.sh"
[[ $rounds != 3 || $duration != 8s || $short_duration != 4s || $warmup != 1s || $threads != 1 || $connections != 32 ]] &&
  command_line="BENCH_ROUNDS=$rounds BENCH_DURATION=$duration BENCH_SHORT_DURATION=$short_duration BENCH_WARMUP=$warmup BENCH_THREADS=$threads BENCH_CONNECTIONS=$connections $command_line"
[[ "$(IFS=';'; echo "${cold_variants[*]}")" == 'as-published;Gateway__WarmUp__MaxDurationMs=0' ]] || command_line="BENCH_COLD_VARIANTS='$(IFS=';'; echo "${cold_variants[*]}")' $command_line"
{
  echo "## Throughput"
  echo
  echo "One run of \`$command_line\`. wrk, Redis, nginx, the static upstream, plain YARP and the gateway all share"
  echo "the machine's cores, so absolute numbers mean little; the ratios of cases measured side by side, interleaved"
  echo "in one run, do, and every throughput below is divided by **plain YARP's in the same round**."
  echo
  machine_info
  echo "- **Machine load**: $(nproc) cores; load average $bench_load_at_start when the script started and $load_at_end"
  echo "  when the measurements ended (1, 5, 15 min; at the start, above $(nproc) means other work was competing for the"
  echo "  cores; at the end the figure counts the benchmark's own runnable threads too: wrk, servers and their thread pools)."
  echo "$code"
  echo "- wrk: \`wrk --latency -t$threads -c$connections -d$duration\` (e, f: \`-d$short_duration\`), each after a $warmup"
  if [[ -n "$compare" ]]; then
    echo "  warm-up of the same case; $rounds rounds, cases interleaved (round 1: ${cases[*]}; round 2: the same with each"
    echo "  A/B pair in the other order (cB before c, …); …);"
  else
    echo "  warm-up of the same case; $rounds rounds, cases interleaved (round 1: ${cases[*]}; round 2: the same; …);"
  fi
  echo "  measuring took ${measured_seconds} s. y1, c1, d1 are y, c, d with \`-t1 -c1 -d$short_duration\`: one request at a"
  echo "  time, so their p50 is service time, not queueing."
  echo "- Upstream: nginx, 1 worker, \`return 200\` with a fixed $(printf '%s' "$upstream_body" | wc -c)-byte JSON body."
  echo "  Plain YARP (y): \`deploy/bench/plain-yarp\`, the same Yarp.ReverseProxy version (central package management),"
  echo "  one route to the upstream, nothing else."
  echo "- Services: \`dotnet publish -c Release\`, run as \`dotnet X.dll\`, \`ASPNETCORE_ENVIRONMENT=Production\`,"
  echo "  \`Logging__LogLevel__Default=Warning\` (the per-request access log, at Information, is off); key cache at its"
  echo "  default lifetime (30 s). Redis $(redis-server --version | awk '{ print substr($3, 3) }') with \`deploy/redis.conf\`"
  echo "  but no persistence (production runs AOF; that costs more per write)."
  echo "- Keys: enterprise accounts with the enterprise limits raised to 1,000,000,000 per hour/day/month"
  echo "  (\`Tiers__enterprise__RequestsPer{Hour,Day,Month}\`), so nothing is refused; the limiter still runs its full"
  echo "  script. (c) is route \`bench-open\` (\`Match:Path=/open/api/v3/weather/current\`, \`Metadata:RequiresKey=false\`)."
  echo "  (g) rotates $spread_accounts keys per request from each connection's offset (no two requests of one account in"
  echo "  flight: no burst shares a limiter call); (k) picks one of $many_accounts keys at random per request (wrk Lua scripts;"
  echo "  the script costs wrk CPU that y, c, d do not pay; (yk) is plain YARP driven by the same script). (e) is a free account whose 60 requests of the hour"
  echo "  were used just before; (f) sends \`tg_AAAA…AAAzzzzzz\` (right shape, wrong checksum)."
  if [[ -n "$compare" ]]; then
    echo "- **A/B**: cB, dB, gB and kB are c, d, g and k against the gateway of \`$compare\` on :$compare_port (same Redis,"
    echo "  upstream, settings and keys$([[ -n "${BENCH_COMPARE_ENV:-}" ]] && printf ', plus `%s`' "$BENCH_COMPARE_ENV")), interleaved in every round. Its code: ${compare_code#- Code: }"
  fi
  echo
  awk -F'\t' -v rounds="$rounds" -v cases="${cases[*]}" -v compare="$compare" -v spread="$spread_accounts" -v many="$many_accounts" '
    function median(list,    v, n, i, j, t) {
      n = split(list, v, " ")
      for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] + 0 > t + 0; j--) v[j + 1] = v[j]; v[j + 1] = t }
      return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    function ratio_row(label, x, base, target,    list, lo, hi, r, v) {
      list = ""; lo = ""; hi = ""
      for (r = 1; r <= rounds; r++) {
        v = rps[r, base] ? rps[r, x] / rps[r, base] : 0; list = list " " v
        if (lo == "" || v < lo) lo = v; if (hi == "" || v > hi) hi = v
      }
      printf "| %s | **%.2f** | %.2f–%.2f | %s |\n", label, median(list), lo, hi, target
    }
    function latency_row(label, x, base, p, target,    list, r) {
      list = ""
      for (r = 1; r <= rounds; r++) list = list " " ((p == 50 ? p50[r, x] - p50[r, base] : p99[r, x] - p99[r, base]))
      printf "| %s | **%+.2f ms** | | %s |\n", label, median(list), target
    }
    { rps[$1, $2] = $3; p50[$1, $2] = $4; p99[$1, $2] = $5; reqs[$1, $2] = $6; non[$1, $2] = $7 }
    END {
      ncases = split(cases, cs, " ")
      t["a"] = "(a) static upstream directly"; t["b"] = "(b) nginx reverse proxy"; t["y"] = "(y) plain YARP"
      t["yk"] = "(yk) plain YARP, (k)'"'"'s wrk script"
      t["c"] = "(c) gateway, no-key route"; t["d"] = "(d) gateway, one hot account"
      t["g"] = "(g) gateway, " spread " accounts"; t["k"] = "(k) gateway, " many " accounts"
      t["e"] = "(e) gateway, exhausted account (429)"; t["f"] = "(f) gateway, malformed key (401)"
      t["y1"] = "(y1) plain YARP, 1 connection"; t["c1"] = "(c1) gateway, no-key route, 1 connection"; t["d1"] = "(d1) gateway, one account, 1 connection"
      t["cB"] = "(cB) compared gateway, no-key route"; t["dB"] = "(dB) compared gateway, one account"
      t["gB"] = "(gB) compared gateway, " spread " accounts"; t["kB"] = "(kB) compared gateway, " many " accounts"

      print "| ratio to plain YARP (median of per-round ratios) | measured | per round (min–max) | issue 15 target |"
      print "| --- | ---: | ---: | --- |"
      ratio_row("(c) the gateway pipeline alone: no key, no limits", "c", "y", "**≥ 0.90**")
      ratio_row("(d) full pipeline, one hot account", "d", "y", "**≥ 0.85**")
      ratio_row("(g) full pipeline, " spread " accounts", "g", "y", "**≥ 0.75**")
      ratio_row("(k) full pipeline, " many " accounts", "k", "y", "**≥ 0.70**")
      ratio_row("(k) ÷ (yk): the same, against plain YARP driven by the same wrk script", "k", "yk", "—")
      latency_row("added median latency, 1 connection (d1 − y1 p50)", "d1", "y1", 50, "**≤ 0.25 ms**")
      latency_row("added median latency, no key (c1 − y1 p50)", "c1", "y1", 50, "—")
      ratio_row("(e) refusal of an exhausted account (429)", "e", "y", "—")
      ratio_row("(f) refusal of a malformed key (401)", "f", "y", "—")
      ratio_row("(b) nginx reverse proxy (reference)", "b", "y", "—")
      ratio_row("(a) the upstream directly (reference)", "a", "y", "—")
      if (compare != "") {
        ratio_row("(cB) compared gateway, no key", "cB", "y", "—"); ratio_row("(dB) compared gateway, one account", "dB", "y", "—")
        ratio_row("cB ÷ c (compared ÷ this, no key)", "cB", "c", "—"); ratio_row("dB ÷ d (compared ÷ this, one account)", "dB", "d", "—")
        ratio_row("(gB) compared gateway, " spread " accounts", "gB", "y", "—"); ratio_row("(kB) compared gateway, " many " accounts", "kB", "y", "—")
        ratio_row("gB ÷ g (compared ÷ this, " spread " accounts)", "gB", "g", "—"); ratio_row("kB ÷ k (compared ÷ this, " many " accounts)", "kB", "k", "—")
      }
      print ""
      printf "| case | metric |"; for (r = 1; r <= rounds; r++) printf " round %d |", r; printf " **median** |\n"
      printf "| --- | --- |"; for (r = 1; r <= rounds; r++) printf " ---: |"; printf " ---: |\n"
      for (k = 1; k <= ncases; k++) {
        c = cs[k]
        for (m = 1; m <= 4; m++) {
          list = ""
          name = m == 1 ? "req/s" : m == 2 ? "p50 ms" : m == 3 ? "p99 ms" : "non-2xx / requests"
          printf "| %s | %s |", m == 1 ? t[c] : "", name
          for (r = 1; r <= rounds; r++) {
            if (m == 1) { v = rps[r, c]; printf " %.0f |", v }
            else if (m == 2) { v = p50[r, c]; printf " %.2f |", v }
            else if (m == 3) { v = p99[r, c]; printf " %.2f |", v }
            else { printf " %d / %d |", non[r, c], reqs[r, c]; v = 0 }
            list = list " " v
          }
          if (m == 1) printf " **%.0f** |\n", median(list)
          else if (m <= 3) printf " **%.2f** |\n", median(list)
          else printf " |\n"
        }
      }
    }
  ' "$results"
  echo
  echo "### Bytes allocated per request"
  echo
  if [[ -s "$work/alloc.tsv" ]]; then
    echo "\`dotnet-counters collect --counters System.Runtime[dotnet.gc.heap.total_allocated]\` around an untimed 4 s wrk pass"
    echo "of each case (the process's allocations ÷ wrk's completed requests; idle allocations between requests are < 1 %):"
    echo
    echo "| case | requests | bytes allocated / request | ÷ plain YARP |"
    echo "| --- | ---: | ---: | ---: |"
    awk -F'\t' 'NR == FNR { if ($1 == "y") base = $3; next }
      { name = $1 == "y" ? "(y) plain YARP" : $1 == "c" ? "(c) gateway, no key" : $1 == "d" ? "(d) gateway, one hot account" : "(k) gateway, '"$many_accounts"' accounts"
        printf "| %s | %d | **%d** | %.2f |\n", name, $2, $3, base ? $3 / base : 0 }' "$work/alloc.tsv" "$work/alloc.tsv"
  else
    echo "Not measured: dotnet-counters was not available."
  fi
  echo
  echo "### Cold start"
  echo
  echo "A freshly started gateway (new process: nothing jitted, empty key cache, thread pool at its minimum) under the"
  echo "load of (k) over $cold_accounts accounts from the moment \`/health/ready\` answers: five 1 s wrk runs back to back, then"
  echo "runs of 5, 10 and 10 s (the ramp), 10 s more load, and at 40 s three 1 s runs whose median is its warm throughput"
  echo "(after the gateway's 30 s thread-pool warm-up and tiered compilation). Target (issue 15): **≥ 0.8** of warm"
  echo "within 5 s of the first request. *Ready after* is the time from starting the process to \`/health/ready\`"
  echo "answering 200, which includes the gateway's start-up warm-up (\`Gateway:WarmUp\`: it sends itself requests until the"
  echo "runtime has compiled the request path); \`Gateway__WarmUp__MaxDurationMs=0\` is the gateway without it."
  echo
  echo "| variant | ready after | 0–1 s | 1–2 s | 2–3 s | 3–4 s | 4–5 s | 5–10 s | 10–20 s | 20–30 s | warm req/s | p99 ms, 0–1 s → warm | errors / non-2xx |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  awk -F'\t' '
    function median3(a, b, c) { return a > b ? (b > c ? b : (a > c ? c : a)) : (a > c ? a : (b > c ? c : b)) }
    {
      for (i = 2; i <= 12; i++) { split($i, f, " "); rps[i] = f[1]; p99[i] = f[2]; bad += f[3] + f[4] }
      warm = median3(rps[7], rps[8], rps[9])
      printf "| %s | %.1f s |", $1, $13
      for (i = 2; i <= 6; i++) printf " %.2f |", warm ? rps[i] / warm : 0
      for (i = 10; i <= 12; i++) printf " %.2f |", warm ? rps[i] / warm : 0
      printf " %.0f | %.0f → %.1f | %d |\n", warm, p99[2], median3(p99[7], p99[8], p99[9]), bad; bad = 0
    }' "$work/cold.tsv"
  echo
  echo "Shares of warm throughput per second since the first request; \`as-published\` is the gateway as"
  echo "\`dotnet publish -c Release -r <rid> --self-contained false\` builds it (ReadyToRun code, as the Docker image),"
  echo "\`jit\` the same without ReadyToRun (\`-p:PublishReadyToRun=false\`), other variants set the runtime knobs named."
  echo
  echo "### Redis commands per request"
  echo
  echo "Two counts, because Redis $(R info server | tr -d '\r' | awk -F: '$1 == "redis_version" { print $2 }') counts the"
  echo "commands a Lua script runs in \`INFO commandstats\` and \`total_commands_processed\` as well as the \`EVALSHA\` itself"
  echo "(checked at the start of this run: one \`EVALSHA\` of a script calling \`HGET\` moved \`cmdstat_hget\`:"
  echo "**$script_commands_counted**). So those counters give the *work* Redis does per request, not the round trips."
  echo
  echo "- **client commands** = round trips: a separate untimed 3 s wrk pass per case under \`MONITOR\` (after a $initial_warmup warm-up of the case), which tags"
  echo "  commands run by a script as \`[0 lua]\` and all others with the client's address; only the gateway's own"
  echo "  connections (\`CLIENT LIST\`, \`name=Tollgate.Gateway\`) are counted, divided by wrk's completed requests"
  echo "  (requests still in flight when wrk stops add at most $connections to the numerator: < 1 %)."
  echo "- **scripts** = \`cmdstat_evalsha\` + \`cmdstat_eval\` deltas around the measured runs (client-only: a script"
  echo "  cannot call EVALSHA), divided by the requests wrk completed; **all commands** = every \`cmdstat_*\` delta"
  echo "  except our own \`INFO\`, i.e. including the commands run inside the script; **Redis µs** = the \`usec\` of"
  echo "  \`cmdstat_evalsha\` + \`cmdstat_eval\` (the script's whole run inside Redis, its commands included) ÷ requests:"
  echo "  Redis CPU per request, on the same two cores as everything else."
  echo
  echo "| case | client commands / request | by command | scripts (EVALSHA+EVAL) / request | all commands incl. inside Lua / request | Redis µs / request in scripts | target |"
  echo "| --- | ---: | --- | ---: | ---: | ---: | --- |"
  for c in d g k e f; do
    total_requests=$(awk -F'\t' -v c="$c" '$2 == c { s += $6 } END { print s + 0 }' "$results")
    read -r _ client_per breakdown < <(awk '{ n = $1; p = $2; $1 = ""; $2 = ""; gsub(/^ +| +$/, ""); print n, p, ($0 == "" ? "none" : $0) }' "$work/client-$c.txt")
    scripts_per=$(awk -v n="$total_requests" '$1 == "evalsha" || $1 == "eval" { s += $2 } END { printf "%.3f", s / (n ? n : 1) }' "$work/redis-$c.txt")
    all_per=$(awk -v n="$total_requests" '{ s += $2 } END { printf "%.2f", s / (n ? n : 1) }' "$work/redis-$c.txt")
    usec_per=$(awk -v n="$total_requests" '$1 == "evalsha" || $1 == "eval" { s += $3 } END { printf "%.1f", s / (n ? n : 1) }' "$work/redis-$c.txt")
    case $c in
      d) target="≤ 1 (one round trip for an admitted request; a burst of one account shares one)";;
      g) target="1 (no bursts to share)";;
      k) target="1 (no bursts to share)";;
      e) target="0 (refused while exhausted, no Redis)";;
      f) target="0 (malformed: never touches Redis)";;
    esac
    echo "| ($c) | **$client_per** | $(sed 's/ \([a-z]\)/, \1/g; s/[=_]/ /g' <<< "$breakdown") | $scripts_per | $all_per | $usec_per | $target |"
  done
  echo
  echo "All commands by name, per request (sum over the measured runs ÷ requests):"
  echo
  for c in d g k e f; do
    total_requests=$(awk -F'\t' -v c="$c" '$2 == c { s += $6 } END { print s + 0 }' "$results")
    printf -- '- (%s): ' "$c"
    awk -v n="$total_requests" "$per_request_awk"'
      { s[$1] += $2 } END { for (k in s) print s[k], per_request(k, s[k], n) }' "$work/redis-$c.txt" |
      sort -k1,1nr | awk '{ x = $2; sub("=", " ", x); sub("_", " ", x); printf "%s%s", (NR > 1 ? ", " : ""), x } END { if (NR == 0) printf "none"; print "" }'
  done
  echo
  if [[ -s "$anomalies" ]]; then
    echo "**Anomalies in this run** (what was measured differs from what the case intends):"
    echo
    cat "$anomalies"
  else
    echo "No anomalies: every run of (a)–(d), (g), (k), (y), (y1), (c1) and (d1) answered only 2xx (wrk's \"Non-2xx or 3xx responses\" absent), every run"
    echo "of (e) only non-2xx (429) and of (f) only non-2xx (401), with no socket errors; spot checks after the runs"
    echo "still answered 200 / 429 / 401."
  fi
} > "$report"

update_section "$output" throughput "$report"
cat "$report"
