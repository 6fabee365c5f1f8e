#!/usr/bin/env bash
# Throughput benchmark of the gateway (BENCHMARKS.md, "Throughput"): one command reproduces the table.
#
#   bash deploy/bench/run.sh
#
# Builds Release, starts a throwaway Redis (no persistence), the sample upstream, the admin API, the gateway
# (Production, logging at Warning) and nginx as a plain reverse proxy, all on 127.0.0.1 ports 38000-38080 and
# 36379, then measures with wrk, one case at a time, interleaved over rounds (round 1: a b c d e f, round 2: ...):
#   a  the upstream directly            d  the full pipeline, enterprise key (limits raised, see below)
#   b  nginx in front of the upstream   e  a free account whose hour is used up: every request is 429
#   c  the gateway on a no-key route    f  a malformed key: every request is 401
#   g  the full pipeline with the load spread over 64 enterprise accounts (a key per account, rotated per
#      request): no two requests of one account in flight at once, so no burst shares a limiter call
# and counts the Redis commands of d, e and f. Everything it starts is stopped on exit, Ctrl-C or failure.
#
# plus c1 and d1: c and d again with one connection (latency without queueing; the issue's "added p50" target).
#
# Knobs (environment): BENCH_ROUNDS (3), BENCH_DURATION (10s, for a-d), BENCH_SHORT_DURATION (5s, for e, f, c1, d1),
# BENCH_WARMUP (2s), BENCH_THREADS (2), BENCH_CONNECTIONS (32), BENCH_OUTPUT (BENCHMARKS.md at the repository
# root), BENCH_KEEP=1 keeps the temp dir with the raw wrk output and logs.
#
# A/B: BENCH_COMPARE=/path/to/another/checkout also builds that checkout's gateway, runs it on :38010 beside this
# one (same Redis, upstream, settings and keys) and adds cases cB and dB (c and d against it) to every round, so a
# change is compared with its baseline interleaved, on the same noise. Write such runs elsewhere, e.g.
#   BENCH_COMPARE=/tmp/my-change BENCH_OUTPUT=/tmp/ab.md bash deploy/bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
# shellcheck source=deploy/bench/lib.sh
source deploy/bench/lib.sh

rounds=${BENCH_ROUNDS:-3}
duration=${BENCH_DURATION:-10s}
short_duration=${BENCH_SHORT_DURATION:-5s}
warmup=${BENCH_WARMUP:-2s}
threads=${BENCH_THREADS:-2}
connections=${BENCH_CONNECTIONS:-32}
compare=${BENCH_COMPARE:-}
output=${BENCH_OUTPUT:-$root/BENCHMARKS.md}

gateway_port=38000
admin_port=38001
upstream_port=38002
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
for port in $gateway_port $admin_port $upstream_port $nginx_port $redis_port $compare_port; do
  port_free "$port" || die "port $port is in use; stop what uses it first"
done

work=$(mktemp -d /tmp/tollgate-bench.XXXXXX)
logs=$work/logs
mkdir -p "$logs" "$work/redis" "$work/nginx"

# --- process control: each service runs in its own session, so stopping its group stops `dotnet run`'s child too
groups=()
start() { # log command...
  local log=$1
  shift
  setsid "$@" > "$log" 2>&1 < /dev/null &
  groups+=($!)
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
say "Building Release (log: $logs/build.log)"
for project in samples/weather-upstream admin-api gateway; do
  # No build servers left behind: this machine is shared, and the benchmark should leave nothing running.
  dotnet build "$project" -c Release -nologo -v quiet -nodeReuse:false -p:UseSharedCompilation=false \
    >> "$logs/build.log" 2>&1 || { tail -n 30 "$logs/build.log" >&2; exit 1; }
done
if [[ -n "$compare" ]]; then
  compare_code=$(cd "$compare" && BENCH_CODE="${BENCH_COMPARE_CODE:-}" code_info 2>/dev/null || true)
  dotnet build "$compare/gateway" -c Release -nologo -v quiet -nodeReuse:false -p:UseSharedCompilation=false \
    >> "$logs/build.log" 2>&1 || { tail -n 30 "$logs/build.log" >&2; exit 1; }
fi

# --- services ---------------------------------------------------------------------------------------------------
hash_secret=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')
admin_token=$(head -c 32 /dev/urandom | base64 | tr -d '\n/+=')
R() { redis-cli -h $host -p $redis_port "$@"; }

say "Starting Redis :$redis_port (no persistence), upstream :$upstream_port, admin API :$admin_port, gateway :$gateway_port, nginx :$nginx_port"
# The deployed configuration (deploy/redis.conf) minus persistence, on a throwaway port and directory.
start "$logs/redis.log" redis-server deploy/redis.conf --port $redis_port --bind $host --protected-mode yes \
  --save '' --appendonly no --dir "$work/redis" --daemonize no
for _ in $(seq 1 50); do R ping > /dev/null 2>&1 && break; sleep 0.2; done
R ping > /dev/null || die "Redis did not start; see $logs/redis.log"

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
run_service() { # project port log [extra env...]
  local project=$1 port=$2 log=$3
  shift 3
  start "$log" env "${common_env[@]}" "$@" \
    dotnet run --no-build -c Release --no-launch-profile --project "$project" --urls "http://$host:$port"
}
run_service samples/weather-upstream $upstream_port "$logs/upstream.log"
# Each service's /metrics listener (Management:Urls) on a port of the benchmark's own, beside its public port.
run_service admin-api $admin_port "$logs/admin-api.log" "Admin__Tokens__0=$admin_token" "Management__Urls=http://$host:$((admin_port + 100))"
# Route (c): the same upstream call through YARP and the gateway's pipeline, with no key and no limits.
gateway_env=(
  "ReverseProxy__Clusters__weather__Destinations__primary__Address=http://$host:$upstream_port/"
  ReverseProxy__Routes__bench-open__ClusterId=weather
  ReverseProxy__Routes__bench-open__Match__Path=/open/api/v3/weather/current
  ReverseProxy__Routes__bench-open__Metadata__RequiresKey=false
  ReverseProxy__Routes__bench-open__Transforms__0__PathRemovePrefix=/open
)
run_service gateway $gateway_port "$logs/gateway.log" "${gateway_env[@]}" "Management__Urls=http://$host:$((gateway_port + 100))"
[[ -z "$compare" ]] || run_service "$compare/gateway" $compare_port "$logs/gateway-compare.log" "${gateway_env[@]}" \
  "Management__Urls=http://$host:$((compare_port + 100))"

cat > "$work/nginx/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/client_body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  upstream weather {
    server $host:$upstream_port;
    keepalive 32;
  }
  server {
    listen $host:$nginx_port;
    location / {
      proxy_pass http://weather;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
NGINX
start "$logs/nginx.log" nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" -g 'daemon off;'

wait_http "http://$host:$upstream_port/health" "The weather upstream" "$logs/upstream.log"
wait_http "http://$host:$admin_port/health/ready" "The admin API" "$logs/admin-api.log"
wait_http "http://$host:$gateway_port/health/ready" "The gateway" "$logs/gateway.log"
[[ -z "$compare" ]] || wait_http "http://$host:$compare_port/health/ready" "The compared gateway" "$logs/gateway-compare.log"
wait_http "http://$host:$nginx_port/health" "nginx" "$work/nginx/error.log"

# --- accounts and keys through the admin API --------------------------------------------------------------------
admin="http://$host:$admin_port/admin"
field() { { grep -o "\"$1\":\"[^\"]*\"" || true; } | head -n 1 | cut -d'"' -f4; }
new_key() { # tier -> prints an api key of a new account of that tier
  local tier=$1 account id issued key
  account=$(curl -sS -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
    -d "{\"email\":\"bench-$tier-$RANDOM@bench.example\",\"tier\":\"$tier\"}" "$admin/accounts")
  id=$(printf '%s' "$account" | field id)
  [[ -n "$id" ]] || die "could not create a $tier account: $account"
  issued=$(curl -sS -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
    -d '{"name":"bench"}' "$admin/accounts/$id/keys")
  key=$(printf '%s' "$issued" | field api_key)
  [[ -n "$key" ]] || die "could not issue a key to $id: $issued"
  echo "$key"
}
say "Creating an enterprise and a free account with a key each, and 64 more enterprise accounts for (g)"
enterprise_key=$(new_key enterprise)
free_key=$(new_key free)
spread_keys=()
for _ in $(seq 1 64); do spread_keys+=("$(new_key enterprise)"); done
# (g): each wrk thread walks the keys from its own offset, one key per request, so the requests in flight at any
# moment (32) belong to 32 different accounts of the 64.
{
  printf 'local keys = {'
  printf '"%s",' "${spread_keys[@]}"
  printf '}\n'
  cat <<'LUA'
local threads = 0
function setup(thread) thread:set("offset", threads * 32); threads = threads + 1 end
local i = 0
function request()
  i = i + 1
  return wrk.format(nil, nil, { ["X-API-Key"] = keys[(offset + i) % #keys + 1] })
end
LUA
} > "$work/spread.lua"
# Right length and alphabet, wrong checksum: refused after the full format check, before any lookup.
malformed_key="tg_$(printf 'A%.0s' $(seq 1 32))zzzzzz"

query="/api/v3/weather/current?city=London"
status_of() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
say "Using up the free account's hour (60 requests)"
for _ in $(seq 1 60); do
  s=$(status_of -H "X-API-Key: $free_key" "http://$host:$gateway_port$query")
  [[ "$s" == 200 ]] || die "free account request answered $s, expected 200"
done

declare -A url header expect
cases=(a b c d g e f c1 d1)
url[a]="http://$host:$upstream_port$query";          header[a]="";                       expect[a]=200
url[b]="http://$host:$nginx_port$query";             header[b]="";                       expect[b]=200
url[c]="http://$host:$gateway_port/open$query";      header[c]="";                       expect[c]=200
url[d]="http://$host:$gateway_port$query";           header[d]="X-API-Key: $enterprise_key"; expect[d]=200
url[e]="http://$host:$gateway_port$query";           header[e]="X-API-Key: $free_key";   expect[e]=429
url[f]="http://$host:$gateway_port$query";           header[f]="X-API-Key: $malformed_key"; expect[f]=401
# wrk's script sets (g)'s key per request; the header here is for the spot checks with curl only.
url[g]="http://$host:$gateway_port$query";           header[g]="X-API-Key: ${spread_keys[0]}"; expect[g]=200
url[c1]=${url[c]};  header[c1]=${header[c]};  expect[c1]=200
url[d1]=${url[d]};  header[d1]=${header[d]};  expect[d1]=200
if [[ -n "$compare" ]]; then
  cases=(a b c cB d dB g e f c1 d1)
  url[cB]="http://$host:$compare_port/open$query";   header[cB]="";                         expect[cB]=200
  url[dB]="http://$host:$compare_port$query";        header[dB]="X-API-Key: $enterprise_key"; expect[dB]=200
fi
declare -A title=(
  [a]="upstream directly"
  [b]="nginx reverse proxy (1 worker, keepalive 32)"
  [c]="gateway, no-key route (YARP + pipeline, no Redis)"
  [d]="gateway, full pipeline, enterprise key"
  [e]="gateway, exhausted free account (all 429)"
  [f]="gateway, malformed key (all 401)"
  [g]="gateway, full pipeline, load spread over 64 enterprise accounts"
  [c1]="gateway, no-key route, 1 connection"
  [d1]="gateway, enterprise key, 1 connection"
  [cB]="compared gateway ($compare), no-key route"
  [dB]="compared gateway ($compare), enterprise key"
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
  if [[ $c == g ]]; then h=(-s "$work/spread.lua"); else mapfile -t h < <(header_args "$c"); fi
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
for c in d g e f; do : > "$work/redis-$c.txt"; done

started=$(date +%s)
for ((round = 1; round <= rounds; round++)); do
  for c in "${cases[@]}"; do
    say "Round $round/$rounds, case $c: ${title[$c]}"
    run_wrk "$c" "$warmup" "$work/warmup-$round-$c.txt"
    [[ $c == [defg] ]] && commandstats > "$work/before.txt"
    run_wrk "$c" "$([[ $c == [ef] || $c == ?1 ]] && echo "$short_duration" || echo "$duration")" "$work/wrk-$round-$c.txt"
    if [[ $c == [defg] ]]; then
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
for c in d g e f; do
  mapfile -t h < <(header_args "$c")
  s=$(status_of "${h[@]}" "${url[$c]}")
  [[ "$s" == "${expect[$c]}" ]] || echo "- after the runs, case $c answered $s instead of ${expect[$c]}." >> "$anomalies"
done

# Client-issued commands (round trips) per request: a short, untimed pass per case under MONITOR, which marks
# the commands a script runs as "[0 lua]" and every other command with the client's address. Only the gateway's
# own connections (CLIENT LIST name=Tollgate.Gateway) are counted.
say "Counting client-issued Redis commands per request (MONITOR, untimed)"
gateway_addrs=$(R client list | awk '/ name=Tollgate.Gateway / { for (i = 1; i <= NF; i++) if ($i ~ /^addr=/) print substr($i, 6) }' | paste -sd' ')
for c in d g e f; do
  setsid redis-cli -h $host -p $redis_port monitor > "$work/monitor-$c.txt" 2>&1 < /dev/null &
  monitor=$!
  groups+=("$monitor")
  sleep 0.3
  run_wrk "$c" 3s "$work/wrk-monitor-$c.txt"
  sleep 0.5
  kill -TERM -- "-$monitor" 2>/dev/null || true
  wait "$monitor" 2>/dev/null || true
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

# --- report -----------------------------------------------------------------------------------------------------
say "Writing $output"
report=$work/report.md
command_line="bash deploy/bench/run.sh"
[[ $rounds != 3 || $duration != 10s || $short_duration != 5s || $warmup != 2s || $threads != 2 || $connections != 32 ]] &&
  command_line="BENCH_ROUNDS=$rounds BENCH_DURATION=$duration BENCH_SHORT_DURATION=$short_duration BENCH_WARMUP=$warmup BENCH_THREADS=$threads BENCH_CONNECTIONS=$connections $command_line"
{
  echo "## Throughput"
  echo
  echo "One run of \`$command_line\` on a **noisy, shared 2-core machine** (other engineers' builds and tests"
  echo "ran beside it). wrk, Redis, nginx, the upstream and the gateway all share the same cores, so absolute numbers"
  echo "mean little; only the ratios of cases measured side by side, interleaved in one run, do."
  echo
  machine_info
  echo "$code"
  echo "- wrk: \`wrk --latency -t$threads -c$connections -d$duration\` (e and f: \`-d$short_duration\`), each after a $warmup"
  echo "  warm-up of the same case; $rounds rounds, cases interleaved (round 1: ${cases[*]}; round 2: the same; …);"
  echo "  measuring took ${measured_seconds} s."
  echo "- c1 and d1 are c and d with \`-t1 -c1 -d$short_duration\`: one request at a time, so latency is service time, not"
  echo "  queueing. With 32 connections on 2 saturated cores, p50 ≈ 32 ÷ throughput, so d − c at 32 connections mostly"
  echo "  restates the throughput gap; the issue's \"added p50 ≤ 0.5 ms\" is compared with d1 − c1."
  echo "- Services: Release build, \`dotnet run --no-build -c Release --no-launch-profile\`, \`ASPNETCORE_ENVIRONMENT=Production\`,"
  echo "  \`Logging__LogLevel__Default=Warning\`, so the gateway's per-request access log (Information) is **off**;"
  echo "  key cache lifetime at its default (5 s). Redis $(redis-server --version | awk '{ print substr($3, 3) }') with"
  echo "  \`deploy/redis.conf\` but no persistence, on a throwaway port (production runs AOF; that costs more per write)."
  echo "- (d) uses an enterprise key with the enterprise limits raised to 1,000,000,000 per hour/day/month through"
  echo "  \`Tiers__enterprise__RequestsPer{Hour,Day,Month}\`: at the real 10,000 an hour, wrk would exhaust the hour in"
  echo "  seconds and measure 429s. The limiter still runs its full script on every request."
  echo "- (c) is route \`bench-open\` added through environment variables: \`Match:Path=/open/api/v3/weather/current\`,"
  echo "  \`Metadata:RequiresKey=false\`, \`Transforms:0:PathRemovePrefix=/open\`, cluster \`weather\`."
  if [[ -n "$compare" ]]; then
    echo "- **A/B**: cB and dB are c and d against the gateway of \`$compare\` on :$compare_port (same Redis, upstream,"
    echo "  settings and keys), interleaved in every round. Its code: ${compare_code#- Code: }"
  fi
  echo "- (g) is (d) with the load spread over 64 enterprise accounts, one key each, rotated per request by a wrk"
  echo "  script, so the 32 requests in flight belong to 32 different accounts: what the limiter costs when no burst of"
  echo "  one account can share a call (see \"Bursts\" in README.md)."
  echo "- (e) is a free account whose 60 requests of the hour were used just before; (f) sends"
  echo "  \`tg_AAAA…AAAzzzzzz\` (right shape, wrong checksum)."
  echo
  awk -F'\t' -v rounds="$rounds" -v cases="${cases[*]}" -v compare="$compare" '
    function median(list,    v, n, i, j, t) {
      n = split(list, v, " ")
      for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] + 0 > t + 0; j--) v[j + 1] = v[j]; v[j + 1] = t }
      return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    { rps[$1, $2] = $3; p50[$1, $2] = $4; p99[$1, $2] = $5; reqs[$1, $2] = $6; non[$1, $2] = $7 }
    END {
      ncases = split(cases, cs, " ")
      t["a"] = "(a) upstream directly"; t["b"] = "(b) nginx reverse proxy"; t["c"] = "(c) gateway, no-key route"
      t["d"] = "(d) gateway, enterprise key"; t["g"] = "(g) gateway, 64 enterprise accounts"; t["e"] = "(e) gateway, exhausted account (429)"; t["f"] = "(f) gateway, malformed key (401)"
      t["c1"] = "(c1) gateway, no-key route, 1 connection"; t["d1"] = "(d1) gateway, enterprise key, 1 connection"
      t["cB"] = "(cB) compared gateway, no-key route"; t["dB"] = "(dB) compared gateway, enterprise key"
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
      # Ratios: the median of the per-round ratios, so a noisy round moves one sample, not both sides.
      print ""
      print "| ratio (median of per-round ratios) | measured | per round (min–max) | target / reference |"
      print "| --- | ---: | ---: | --- |"
      npairs = split("d c|g c|d b|c a|b a|e c|f c|d1 c1" (compare != "" ? "|cB c|dB d|dB cB" : ""), pairs, "|")
      ref["d c"] = "issue 5 target **≥ 0.75** (stretch ≥ 0.90); measured elsewhere: YARP + one Redis round trip ≈ 0.73 of plain YARP"
      ref["g c"] = "the same, with no burst of one account to share a limiter call: one round trip per request"
      ref["d b"] = "—"
      ref["c a"] = "measured elsewhere: plain YARP ≈ 0.40 of direct"
      ref["b a"] = "measured elsewhere: nginx ≈ 0.58 of direct"
      ref["e c"] = "refusals should cost no more than a no-key pass-through"
      ref["f c"] = "refusals should cost no more than a no-key pass-through"
      ref["d1 c1"] = "one connection: the same ratio without queueing"
      ref["cB c"] = "compared gateway ÷ this one, no key"; ref["dB d"] = "compared gateway ÷ this one, with key"
      ref["dB cB"] = "the d/c ratio of the compared gateway"
      for (k = 1; k <= npairs; k++) {
        split(pairs[k], ab, " "); list = ""
        lo = ""; hi = ""
        for (r = 1; r <= rounds; r++) {
          v = rps[r, ab[1]] / rps[r, ab[2]]; list = list " " v
          if (lo == "" || v < lo) lo = v; if (hi == "" || v > hi) hi = v
        }
        printf "| %s/%s throughput | **%.2f** | %.2f–%.2f | %s |\n", ab[1], ab[2], median(list), lo, hi, ref[pairs[k]]
      }
      list = ""
      for (r = 1; r <= rounds; r++) list = list " " (p50[r, "d"] - p50[r, "c"])
      printf "| added p50 latency d − c (32 connections, saturated) | %.2f ms | | mostly the throughput gap (see above) |\n", median(list)
      list = ""
      for (r = 1; r <= rounds; r++) list = list " " (p50[r, "d1"] - p50[r, "c1"])
      printf "| added p50 latency d1 − c1 (1 connection) | **%.2f ms** | | issue 5 target **≤ 0.5 ms** |\n", median(list)
      list = ""
      for (r = 1; r <= rounds; r++) list = list " " (p99[r, "d1"] - p99[r, "c1"])
      printf "| added p99 latency d1 − c1 (1 connection) | %.2f ms | | — |\n", median(list)
    }
  ' "$results"
  echo
  echo "### Redis commands per request"
  echo
  echo "Two counts, because Redis $(R info server | tr -d '\r' | awk -F: '$1 == "redis_version" { print $2 }') counts the"
  echo "commands a Lua script runs in \`INFO commandstats\` and \`total_commands_processed\` as well as the \`EVALSHA\` itself"
  echo "(checked at the start of this run: one \`EVALSHA\` of a script calling \`HGET\` moved \`cmdstat_hget\`:"
  echo "**$script_commands_counted**). So those counters give the *work* Redis does per request, not the round trips."
  echo
  echo "- **client commands** = round trips: a separate untimed 3 s wrk pass per case under \`MONITOR\`, which tags"
  echo "  commands run by a script as \`[0 lua]\` and all others with the client's address; only the gateway's own"
  echo "  connections (\`CLIENT LIST\`, \`name=Tollgate.Gateway\`) are counted, divided by wrk's completed requests"
  echo "  (requests still in flight when wrk stops add at most $connections to the numerator: < 1 %)."
  echo "- **scripts** = \`cmdstat_evalsha\` + \`cmdstat_eval\` deltas around the measured runs (client-only: a script"
  echo "  cannot call EVALSHA), divided by the requests wrk completed; **all commands** = every \`cmdstat_*\` delta"
  echo "  except our own \`INFO\`, i.e. including the commands run inside the script; **Redis µs** = the \`usec\` of"
  echo "  \`cmdstat_evalsha\` + \`cmdstat_eval\` (the script's whole run inside Redis, its commands included) ÷ requests:"
  echo "  Redis CPU per request, on the same two cores as everything else."
  echo
  echo "| case | client commands / request | by command | scripts (EVALSHA+EVAL) / request | all commands incl. inside Lua / request | Redis µs / request in scripts | issue 5 target |"
  echo "| --- | ---: | --- | ---: | ---: | ---: | --- |"
  for c in d g e f; do
    total_requests=$(awk -F'\t' -v c="$c" '$2 == c { s += $6 } END { print s + 0 }' "$results")
    read -r _ client_per breakdown < <(awk '{ n = $1; p = $2; $1 = ""; $2 = ""; gsub(/^ +| +$/, ""); print n, p, ($0 == "" ? "none" : $0) }' "$work/client-$c.txt")
    scripts_per=$(awk -v n="$total_requests" '$1 == "evalsha" || $1 == "eval" { s += $2 } END { printf "%.3f", s / (n ? n : 1) }' "$work/redis-$c.txt")
    all_per=$(awk -v n="$total_requests" '{ s += $2 } END { printf "%.2f", s / (n ? n : 1) }' "$work/redis-$c.txt")
    usec_per=$(awk -v n="$total_requests" '$1 == "evalsha" || $1 == "eval" { s += $3 } END { printf "%.1f", s / (n ? n : 1) }' "$work/redis-$c.txt")
    case $c in
      d) target="≤ 1 (one round trip for an admitted request; a burst of one account shares one)";;
      g) target="1 (no bursts to share)";;
      e) target="0 (refused while exhausted, no Redis)";;
      f) target="0 (malformed: never touches Redis)";;
    esac
    echo "| ($c) | **$client_per** | $(sed 's/ \([a-z]\)/, \1/g; s/[=_]/ /g' <<< "$breakdown") | $scripts_per | $all_per | $usec_per | $target |"
  done
  echo
  echo "All commands by name, per request (sum over the measured runs ÷ requests):"
  echo
  for c in d g e f; do
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
    echo "No anomalies: every run of (a)–(d), (g), (c1) and (d1) answered only 2xx (wrk's \"Non-2xx or 3xx responses\" absent), every run"
    echo "of (e) only non-2xx (429) and of (f) only non-2xx (401), with no socket errors; spot checks after the runs"
    echo "still answered 200 / 429 / 401."
  fi
} > "$report"

update_section "$output" throughput "$report"
cat "$report"
