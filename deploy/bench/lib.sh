# Helpers shared by the benchmark scripts in deploy/bench/. Sourced, not run.
# shellcheck shell=bash

# Sourced at the start of each script, so this is the load the measurements started under.
bench_load_at_start=$(cut -d' ' -f1-3 < /proc/loadavg)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

die() { echo "error: $*" >&2; exit 1; }

# ensure_commands COMMAND:PACKAGE ... installs the Debian packages of the commands that are missing.
ensure_commands() {
  local pair missing=()
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
  done
  ((${#missing[@]})) || return 0
  [[ $(id -u) -eq 0 ]] || die "please install: ${missing[*]} (apt-get install -y ${missing[*]}), or run this as root"
  say "Installing ${missing[*]} from the OS packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
}

# port_free PORT: true when nothing listens on 127.0.0.1:PORT.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_http URL NAME LOG: waits up to 60 s for URL to answer 2xx.
wait_http() {
  local _
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.5
  done
  echo "$2 did not come up; the end of its log ($3):" >&2
  tail -n 30 "$3" >&2 || true
  return 1
}

# machine_info: a markdown list describing this machine and the tool versions.
machine_info() {
  local cpu mem
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  echo "- Machine: $(nproc) cores ($cpu), $mem RAM, kernel $(uname -r)"
  echo "- .NET SDK $(dotnet --version 2>/dev/null || echo '?'); $(redis-server --version | awk '{ print "Redis", substr($3, 3) }')$(
    command -v nginx >/dev/null && nginx -v 2>&1 | awk -F/ '{ print "; nginx " $2 }')$(
    command -v wrk >/dev/null && wrk -v 2>&1 | awk 'NR == 1 { print "; wrk " $2 }')"
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); load average when the script started: $bench_load_at_start (1, 5, 15 min;"
  echo "  above 2 means other work was competing for the two cores)"
}

# code_info: a markdown list item naming the commit measured and any uncommitted product changes
# (BENCH_CODE overrides it, e.g. for a tree exported with git archive). Read-only: no index refresh is written.
code_info() {
  local rev changed
  if [[ -n "${BENCH_CODE:-}" ]]; then echo "- Code: $BENCH_CODE"; return 0; fi
  rev=$(git rev-parse --short HEAD 2>/dev/null) || { echo "- Code: not a git checkout"; return 0; }
  changed=$(GIT_OPTIONAL_LOCKS=0 git status --porcelain -- core gateway admin-api samples service-defaults appsettings.json 2>/dev/null |
    awk '{ print $NF }' | head -n 8 | paste -sd' ' -)
  echo "- Code: commit $rev${changed:+, plus uncommitted changes in: $changed}"
}

# update_section FILE NAME CONTENT_FILE: replaces the text between the markers
# <!-- bench:NAME:begin --> and <!-- bench:NAME:end --> in FILE (appended when the markers are missing).
update_section() {
  local file=$1 name=$2 content=$3
  local begin="<!-- bench:$name:begin -->" end="<!-- bench:$name:end -->"
  [[ -f "$file" ]] || printf '# Benchmarks\n' > "$file"
  if grep -qxF "$begin" "$file" && grep -qxF "$end" "$file"; then
    awk -v b="$begin" -v e="$end" -v c="$content" '
      $0 == b { print; while ((getline line < c) > 0) print line; skip = 1; next }
      $0 == e { skip = 0 }
      !skip { print }
    ' "$file" > "$file.tmp"
    mv "$file.tmp" "$file"
  else
    { echo; echo "$begin"; cat "$content"; echo "$end"; } >> "$file"
  fi
}
