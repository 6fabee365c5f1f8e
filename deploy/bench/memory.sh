#!/usr/bin/env bash
# Redis memory per account (BENCHMARKS.md, "Memory per account"): one command reproduces the table.
#
#   bash deploy/bench/memory.sh
#
# Runs core/Limiting/Scripts/sliding_window.lua itself (EVALSHA, as the gateway does) against a throwaway Redis
# (deploy/redis.conf without persistence, 127.0.0.1:36479) with a simulated clock: for each tier of the root
# appsettings.json, a whole 30-day month at the tier's monthly limit, spread evenly over the days and, within a
# day, over the minutes (so no hour or day limit is crossed). It then sums MEMORY USAGE over the account's keys
# (SCAN tg:{account}:*), extrapolates the per-day usage hashes to the 90 days they are kept, cross-checks with
# used_memory over copies of the account, and projects 100,000 and 1,000,000 accounts.
#
# Knobs (environment): BENCH_MEMORY_CLONES (1000 copies for the used_memory cross-check),
# BENCH_OUTPUT (BENCHMARKS.md at the repository root).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
# shellcheck source=deploy/bench/lib.sh
source deploy/bench/lib.sh

port=36479
clones=${BENCH_MEMORY_CLONES:-1000}
output=${BENCH_OUTPUT:-$root/BENCHMARKS.md}
script_file=core/Limiting/Scripts/sliding_window.lua
# 2026-01-01T00:00:00Z: the simulated month starts at midnight UTC, so each simulated day is one usage key.
start_ms=1767225600000
usage_ttl=$((90 * 86400))

ensure_commands redis-server:redis-server redis-cli:redis-server
port_free $port || die "port $port is in use; stop what uses it first"

work=$(mktemp -d /tmp/tollgate-memory.XXXXXX)
redis_group=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n "$redis_group" ]]; then
    kill -TERM -- "-$redis_group" 2>/dev/null || true
    wait 2>/dev/null || true
  fi
  if [[ $status -ne 0 ]]; then echo "Work files kept in $work" >&2; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

setsid redis-server deploy/redis.conf --port $port --bind 127.0.0.1 --protected-mode yes --save '' \
  --appendonly no --dir "$work" --daemonize no > "$work/redis.log" 2>&1 < /dev/null &
redis_group=$!
R() { redis-cli -p $port "$@"; }
for _ in $(seq 1 50); do R ping > /dev/null 2>&1 && break; sleep 0.2; done
R ping > /dev/null || die "Redis did not start: $(tail -n 5 "$work/redis.log")"
# ARGV layout (see the script's header): usage ttl, enforce, deadline, window count, limit/length/bucket per
# window, then the requests as runs of one key (key id, count).
grep -q 'ARGV: \[1\] usage ttl (s),' "$script_file" || die "$script_file: unexpected argument layout; update memory.sh"
# The script's clock is Redis TIME; the simulated month reads it from a key set before each call instead (one line
# changed, the rest of the script as the gateway runs it).
clock_line="local clock = redis.call('TIME')"
grep -qxF "$clock_line" "$script_file" || die "$script_file: no line '$clock_line'; update memory.sh"
sed "s/^local clock = redis.call('TIME')\$/local clock = { redis.call('GET', 'bench:now'), '0' }/" "$script_file" > "$work/sliding_window.lua"
sha=$(R -x script load < "$work/sliding_window.lua")

# name hour day month max_keys, per tier, from the root appsettings.json (the catalogue is config, not code).
tiers=$(awk '
  /"Tiers"[[:space:]]*:/ { in_tiers = 1; next }
  in_tiers && match($0, /^    "[A-Za-z0-9-]+"[[:space:]]*:[[:space:]]*\{/) { name = tolower(substr($0, 6, index(substr($0, 6), "\"") - 1)); order[++n] = name }
  in_tiers && name != "" {
    if (match($0, /"RequestsPerHour"[[:space:]]*:[[:space:]]*[0-9]+/)) { h[name] = digits($0) }
    if (match($0, /"RequestsPerDay"[[:space:]]*:[[:space:]]*[0-9]+/)) { d[name] = digits($0) }
    if (match($0, /"RequestsPerMonth"[[:space:]]*:[[:space:]]*[0-9]+/)) { m[name] = digits($0) }
    if (match($0, /"MaxKeys"[[:space:]]*:[[:space:]]*[0-9]+/)) { k[name] = digits($0) }
  }
  function digits(line,    s) { s = substr(line, RSTART, RLENGTH); sub(/.*:[[:space:]]*/, "", s); return s }
  END { for (i = 1; i <= n; i++) print order[i], h[order[i]], d[order[i]], m[order[i]], k[order[i]] }
' appsettings.json)
[[ -n "$tiers" ]] || die "no tiers found in appsettings.json"

# simulate_day ACCOUNT HOUR DAY MONTH KEYS DAY_INDEX CALLS_SO_FAR: EVALSHA lines for one simulated day.
# Each minute with traffic is one call whose cost is that minute's share of the day: memory depends on the buckets
# that hold requests, not on how many requests a bucket counts (the gateway sends a burst of one account in one call too).
simulate_day() {
  awk -v sha="$sha" -v acc="$1" -v H="$2" -v D="$3" -v M="$4" -v K="$5" -v day="$6" -v calls="$7" \
      -v start="$start_ms" -v ttl="$usage_ttl" '
    BEGIN {
      daily = int(M * (day + 1) / 30) - int(M * day / 30)
      base = start + day * 86400000
      epoch_day = int(base / 86400000)
      p = "tg:{" acc "}:"
      for (minute = 0; minute < 1440; minute++) {
        cost = int(daily * (minute + 1) / 1440) - int(daily * minute / 1440)
        if (cost <= 0) continue
        now = base + minute * 60000 + 30000
        # As long as a real key id (key_ and 16 characters), and not all digits, so Redis stores it as a string.
        key_id = sprintf("key_bench%011d", calls++ % K)
        printf "SET bench:now %.0f\n", now / 1000
        printf "EVALSHA %s 7 %sw:hour:buckets %sw:hour:counts %sw:day:buckets %sw:day:counts %sw:month:buckets %sw:month:counts %susage:%.0f %d 1 0 3 %d 3600000 60000 %d 86400000 900000 %d 2592000000 21600000 %s %d\n",
          sha, p, p, p, p, p, p, p, epoch_day, ttl, H, D, M, key_id, cost
      }
      print calls > "/dev/stderr"
    }'
}

# measure ACCOUNT: "keys total_bytes window_bytes usage_keys usage_bytes" from MEMORY USAGE ... SAMPLES 0
measure() {
  R --scan --pattern "tg:{$1}:*" | sort > "$work/keys.txt"
  awk '{ print "MEMORY USAGE", $0, "SAMPLES 0" }' "$work/keys.txt" | R > "$work/sizes.txt"
  paste -d' ' "$work/keys.txt" "$work/sizes.txt" | awk '
    { n++; total += $2; if ($1 ~ /:usage:/) { uk++; ub += $2 } else wb += $2 }
    END { printf "%d %d %d %d %d\n", n, total, wb, uk, ub }'
}

used_memory() { R info memory | tr -d '\r' | awk -F: '$1 == "used_memory" { print $2 }'; }

results=$work/results.txt
: > "$results"
while read -r tier hour day month max_keys; do
  for keys in 1 "$max_keys"; do
    # As long as a real account id (acc_ and 16 characters): key names count in MEMORY USAGE.
    acc="acc_$(printf '%s-%s' "$tier" "$keys" | md5sum | cut -c1-16)"
    say "Simulating 30 days of $tier ($hour/$day/$month) over $keys key(s)"
    calls=0
    for ((d = 0; d < 30; d++)); do
      simulate_day "$acc" "$hour" "$day" "$month" "$keys" "$d" "$calls" > "$work/day.txt" 2> "$work/calls.txt"
      calls=$(cat "$work/calls.txt")
      R < "$work/day.txt" > "$work/replies.txt"
      if grep -qE '^(ERR|NOSCRIPT|WRONGTYPE)' "$work/replies.txt"; then
        die "Redis refused a call: $(grep -m1 -E '^(ERR|NOSCRIPT|WRONGTYPE)' "$work/replies.txt")"
      fi
    done
    # Admitted requests: the per-day usage hashes add up every admitted request.
    admitted=$(R --scan --pattern "tg:{$acc}:usage:*" | while read -r k; do R hvals "$k"; done | awk '{ s += $1 } END { print s + 0 }')
    read -r nkeys total wbytes ukeys ubytes < <(measure "$acc")

    empirical=""
    if [[ $keys == 1 ]]; then
      # used_memory over copies of the account: adds what MEMORY USAGE leaves out (the keyspace and expires
      # dictionaries' entries, allocator rounding), so the projection can be checked against it.
      before=$(used_memory)
      awk -v acc="$acc" -v n="$clones" '{ for (i = 1; i <= n; i++) { k = $0; sub("{" acc "}", "{" acc "-copy" i "}", k); print "COPY", $0, k } }' \
        "$work/keys.txt" | R > /dev/null
      after=$(used_memory)
      empirical=$(((after - before) / clones))
    fi
    echo "$tier $hour $day $month $keys $calls $admitted $nkeys $total $wbytes $ukeys $ubytes ${empirical:--}" >> "$results"
    echo "    $calls calls, $admitted requests admitted, $nkeys keys, $total bytes (windows $wbytes, $ukeys usage days $ubytes)${empirical:+, used_memory/account $empirical}" >&2
    R flushall sync > /dev/null
  done
done <<< "$tiers"

report=$work/report.md
{
  echo "## Memory per account"
  echo
  echo "One run of \`bash deploy/bench/memory.sh\` (deterministic: it does not depend on the machine's load)."
  echo
  machine_info
  code_info
  echo "- Method: \`$script_file\` run by EVALSHA against a throwaway Redis (\`deploy/redis.conf\` without persistence)"
  echo "  with a simulated clock (its Redis TIME read from a key set before each call): for each tier, 30 days from 2026-01-01T00:00Z at the tier's"
  echo "  monthly limit, spread evenly over the days and, within each day, over the minutes (a day's share ÷ 1440"
  echo "  per minute; every hour and day stays under its limit). A minute's requests go in one call as one run (key, count = that"
  echo "  minute's count: memory depends on which buckets hold requests, not on how many each counts (the gateway"
  echo "  sends a burst of an account in one call too). Usage is attributed to 1 key, or rotated over the tier's maximum number of keys."
  echo "  Account and key ids have their real lengths (20 characters), since names count in MEMORY USAGE."
  echo "- Measured after the last simulated minute: \`MEMORY USAGE key SAMPLES 0\` summed over \`SCAN tg:{account}:*\`"
  echo "  (the six window keys and the 30 per-day usage hashes). Key TTLs run on Redis' real clock, so nothing"
  echo "  expired during the simulation: the 30 usage days are all there, as in a real month."
  echo "- **90 days**: usage hashes are kept 90 days (\`EXPIRE\` 90 d at each write), so a long-lived account holds ~90"
  echo "  of them: windows + usage × 90 ⁄ 30."
  echo "- **used_memory / account**: $clones \`COPY\`s of the 1-key account (same keys, other hash tags), growth of"
  echo "  \`INFO memory\` used_memory ÷ $clones. It adds the keyspace and expires dictionary entries and allocator size"
  echo "  classes that MEMORY USAGE leaves out; the projection scales the 90-day figure by that ratio."
  echo
  echo "| tier | limits h/d/m | keys used | requests admitted in 30 d | window keys (bytes) | usage: days, bytes | account, 30 d (bytes) | account, 90 d (bytes) | used_memory / account, 30 d | ≤ 64 KiB (90 d)? |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
  awk '{
    tier = $1; h = $2; d = $3; m = $4; keys = $5; adm = $7; total = $9; wb = $10; uk = $11; ub = $12; emp = $13
    d90 = wb + ub * 90 / 30
    printf "| %s | %d/%d/%d | %d | %d | %d | %d, %d | %d | **%.0f** | %s | %s |\n", tier, h, d, m, keys, adm, wb, uk, ub, total, d90,
      (emp == "-" ? "—" : emp), (d90 <= 65536 ? "yes" : "**no**")
  }' "$results"
  echo
  echo "Projection (1 key per account; the 90-day figure × the used_memory ⁄ MEMORY USAGE ratio of the same tier):"
  echo
  echo "| tier | per account, 90 d (MEMORY USAGE) | used_memory ratio | per account, projected | 100,000 accounts | 1,000,000 accounts |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  awk '$5 == 1 {
    d90 = $10 + $12 * 90 / 30; ratio = $13 / $9; per = d90 * ratio
    printf "| %s | %.0f B (%.1f KiB) | %.2f | %.1f KiB | %.2f GiB | %.1f GiB |\n", $1, d90, d90 / 1024, ratio, per / 1024,
      per * 100000 / 1073741824, per * 1000000 / 1073741824
  }' "$results"
  echo
  echo "Caveats: the process needs more than used_memory: jemalloc fragmentation (\`mem_fragmentation_ratio\`, often"
  echo "1.1–1.5 on a long-running instance), the AOF rewrite / RDB fork's copy-on-write (up to 2× under heavy writes"
  echo "during a rewrite), replica and client output buffers. Not counted here: the account hash, its key indexes"
  echo "(\`tg:{account}:keys\`, \`:keys:active\`), the per-key records \`tg:apikey:<hmac>\` (outside the account's hash"
  echo "tag) and the account index entries — a few hundred bytes per key. Keys rotated over the tier's maximum show"
  echo "what usage attribution per key costs: each usage day is a hash with one field per key used that day."
} > "$report"

update_section "$output" memory "$report"
cat "$report"
