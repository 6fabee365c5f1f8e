#!/usr/bin/env bash
# Hot-path micro-benchmarks (BENCHMARKS.md, "Hot-path micro-benchmarks"): one command refreshes the table.
#
#   bash deploy/bench/micro.sh
#
# Builds deploy/bench/Tollgate.Benchmarks in Release and runs every benchmark with a short in-process job
# (3 warm-up and 3 measured iterations, memory diagnoser), about two minutes. The gateway's internal types
# (rate-limit headers, credential reading) are benchmarked only when Tollgate.Gateway.csproj has
# <InternalsVisibleTo Include="Tollgate.Benchmarks" />; without it they are left out and said to be.
#
# Knobs (environment): BENCH_FILTER (BenchmarkDotNet --filter, default '*'),
# BENCH_OUTPUT (BENCHMARKS.md at the repository root), BENCH_NOTE (a line added to the results, e.g. where the
# tree measured came from).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
# shellcheck source=deploy/bench/lib.sh
source deploy/bench/lib.sh

output=${BENCH_OUTPUT:-$root/BENCHMARKS.md}
filter=${BENCH_FILTER:-*}
project=deploy/bench/Tollgate.Benchmarks

command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK is needed (dotnet on PATH)"
work=$(mktemp -d /tmp/tollgate-micro.XXXXXX)
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ $status -ne 0 ]]; then echo "Logs kept in $work" >&2; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

code=$(code_info)
say "Building $project (Release)"
# No build servers left behind on a shared machine.
dotnet build "$project" -c Release -nologo -v quiet -nodeReuse:false -p:UseSharedCompilation=false \
  > "$work/build.log" 2>&1 || { tail -n 30 "$work/build.log" >&2; exit 1; }

say "Running the benchmarks (short in-process job; log: $work/run.log)"
started=$(date +%s)
dotnet run -c Release --no-build --project "$project" -- --filter "$filter" --artifacts "$work/artifacts" \
  > "$work/run.log" 2>&1 || { tail -n 40 "$work/run.log" >&2; exit 1; }
seconds=$(($(date +%s) - started))
table=$(find "$work/artifacts/results" -name '*-report-github.md' | head -n 1)
[[ -n "$table" ]] || { tail -n 40 "$work/run.log" >&2; die "BenchmarkDotNet wrote no GitHub markdown report"; }

if grep -qF 'Include="Tollgate.Benchmarks"' gateway/Tollgate.Gateway.csproj; then
  internals="included (Tollgate.Gateway.csproj has \`<InternalsVisibleTo Include=\"Tollgate.Benchmarks\" />\`)"
else
  internals="**left out**: Tollgate.Gateway.csproj lacks \`<InternalsVisibleTo Include=\"Tollgate.Benchmarks\" />\`, so
  \`RateLimitHeadersBenchmarks\`, \`ApiKeyCredentialsBenchmarks\`, \`TracingBenchmarks\` and \`PipelineBenchmarks\` were not compiled"
fi

report=$work/report.md
{
  echo "## Hot-path micro-benchmarks"
  echo
  echo "One run of \`bash deploy/bench/micro.sh\` ($seconds s) on the same noisy, shared 2-core machine: BenchmarkDotNet"
  echo "with a short in-process job (3 warm-up + 3 measured iterations) and the memory diagnoser, so means can be off by"
  echo "tens of percent; **Allocated** (bytes per operation) is exact and is what to compare between versions."
  echo
  machine_info
  echo "$code"
  echo "- Gateway-internal benchmarks: $internals."
  [[ -z "${BENCH_NOTE:-}" ]] || echo "- Note: $BENCH_NOTE"
  echo "- What each measures: \`ApiKeyBenchmarks\` — key shape + checksum (every keyed request, no I/O), HMAC of the key"
  echo "  (the key-cache lookup key, every keyed request), key generation (admin only). \`LimiterCallBenchmarks\` — the"
  echo "  7 key names and 14 arguments built for the one EVALSHA per counted request (a line-for-line copy of"
  echo "  \`RedisSlidingWindowLimiter.RunAsync\`, which is internal to core). \`RateLimitHeadersBenchmarks\` — the five"
  echo "  rate-limit headers of every counted response into a \`HeaderDictionary\`. \`ApiKeyCredentialsBenchmarks\` — reading"
  echo "  the key from header or query on a fresh request; the baseline is building the request alone. \`TracingBenchmarks\` —"
  echo "  one gateway span with the limiter's attributes, without a tracer (no OTLP endpoint) and with one recording all."
  echo "  \`PipelineBenchmarks\` — the gateway's outer middleware (request telemetry, exception handler, status-code pages)"
  echo "  over a fresh \`DefaultHttpContext\` and a terminal step answering 200, with and without the OpenTelemetry exporter."
  echo
  sed -e 's/\r$//' "$table"
} > "$report"

update_section "$output" micro "$report"
cat "$report"
