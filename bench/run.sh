#!/usr/bin/env bash
# GeminiWiki performance run (issue #5): builds Release, starts the server on a temp data folder and
# a free port, seeds pages, runs every scenario against the server and the bare-TLS baseline in the
# same run, reads RSS and CPU time from /proc, stops everything it started, and prints one table of
# targets, what was measured and whether each is met.
#
#   bench/run.sh [--quick] [--duration S] [--warmup S] [--pages N] [--port N] [--soak S] [--keep] [--no-build]
#
#   --quick       short smoke run: 3 s scenarios, 1 s warm-up, 300-page "large" wiki
#   --duration S  measured seconds per scenario (default 8; env BENCH_DURATION)
#   --warmup S    unmeasured load before each scenario (default 2; env BENCH_WARMUP)
#   --pages N     pages in the large wiki, seeded through Titan (default 10000; env BENCH_PAGES)
#   --port N      server port (default: a free one; env BENCH_PORT)
#   --soak S      also run an S-second soak and report RSS growth (default 0 = skip; env BENCH_SOAK)
#   --keep        keep the temp folder (server log, data) for a look afterwards
#   --no-build    use the existing Release build
#   --profile     also sample server and baseline CPU with perf during a static-page run (needs perf;
#                 starts both with DOTNET_PerfMapEnabled=1 so JIT-compiled frames have names)
#
# All load goes to loopback only (the generator refuses anything else). Every scenario is bounded
# by its duration; a trap stops the server and the baseline on any exit.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${BENCH_DURATION:-8}"
WARMUP="${BENCH_WARMUP:-2}"
PAGES="${BENCH_PAGES:-10000}"
PORT="${BENCH_PORT:-}"
SOAK="${BENCH_SOAK:-0}"
READ_TIMEOUT="${BENCH_READ_TIMEOUT:-10}"
IDLE="${BENCH_IDLE:-1000}"
KEEP=0
BUILD=1
PROFILE=0
PERF_ENV=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) DURATION=3; WARMUP=1; PAGES=300; shift ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --pages) PAGES="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --soak) SOAK="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --no-build) BUILD=0; shift ;;
    --profile) PROFILE=1; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

for tool in dotnet openssl jq awk ss; do
  command -v "$tool" >/dev/null || { echo "run.sh: needs $tool" >&2; exit 2; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/geminiwiki-bench.XXXXXX")"
RESULTS="$WORK/results"
mkdir -p "$WORK/data" "$WORK/certs" "$WORK/content" "$RESULTS"
CLK_TCK="$(getconf CLK_TCK)"
SERVER_PID=""
BASELINE_PID=""
PROBE_PID=""
QUIET_PID=""

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

cleanup() {
  # A background subshell signalled between fork and exec would inherit this trap: only the script
  # itself may stop processes and remove the work folder.
  [[ "$BASHPID" == "$$" ]] || return 0
  stop_pid "$PROBE_PID"
  stop_pid "$QUIET_PID"
  stop_pid "$BASELINE_PID"
  stop_pid "$SERVER_PID"
  # perf maps written by the processes this run started (DOTNET_PerfMapEnabled).
  for pid in $SERVER_PID $BASELINE_PID; do rm -f "/tmp/perf-$pid.map" "/tmp/perfinfo-$pid.map"; done
  if [[ "$KEEP" == 1 ]]; then
    echo "Kept $WORK (server.log, baseline.log, data, results)" >&2
  else
    # The JSON of every scenario outlives the temp folder.
    local out="${TMPDIR:-/tmp}/geminiwiki-bench-results-$(date -u +%Y%m%dT%H%M%SZ)"
    cp -r "$RESULTS" "$out" 2>/dev/null && echo "Results (JSON per scenario, summary.md): $out" >&2
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '\n== %s\n' "$*" >&2; }

# ---------------------------------------------------------------- build
if [[ "$BUILD" == 1 ]]; then
  log "Building Release"
  for project in src/GeminiWiki.Server bench/GeminiWiki.BareTls bench/GeminiWiki.LoadGen; do
    dotnet build -c Release --nologo -v q "$ROOT/$project" >"$WORK/build.log" 2>&1 \
      || { cat "$WORK/build.log" >&2; echo "run.sh: build of $project failed" >&2; exit 1; }
  done
fi
SERVER_DLL="$ROOT/src/GeminiWiki.Server/bin/Release/net10.0/GeminiWiki.Server.dll"
BASELINE_DLL="$ROOT/bench/GeminiWiki.BareTls/bin/Release/net10.0/GeminiWiki.BareTls.dll"
LOADGEN_DLL="$ROOT/bench/GeminiWiki.LoadGen/bin/Release/net10.0/GeminiWiki.LoadGen.dll"
for dll in "$SERVER_DLL" "$BASELINE_DLL" "$LOADGEN_DLL"; do
  [[ -f "$dll" ]] || { echo "run.sh: $dll missing (run without --no-build)" >&2; exit 1; }
done

# ---------------------------------------------------------------- helpers
free_port() {
  # Below the kernel's ephemeral range: a client probing a port there before the server binds it can
  # be handed that very port as its source and connect to itself, and then the server cannot bind.
  local low port
  low="$(awk '{ print $1 }' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)"
  [[ "$low" -gt 12000 ]] || low=32768
  for _ in $(seq 1 200); do
    port=$((10000 + RANDOM % (low - 10000)))
    if [[ -z "$(ss -Htln "sport = :$port" 2>/dev/null)" ]]; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

cpu_ms() { # utime+stime of a process in ms, from /proc/<pid>/stat (fields after the ")" of comm)
  [[ -r "/proc/$1/stat" ]] || { echo 0; return; }
  awk -v tck="$CLK_TCK" '{ sub(/^.*\) /, ""); print ($12 + $13) * 1000 / tck }' "/proc/$1/stat"
}

rss_mb() { # $1 pid, $2 VmRSS or VmHWM
  awk -v key="$2:" '$1 == key { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0
}

calc() { awk "BEGIN { printf \"%.4g\", $* }"; }

loadgen() { dotnet "$LOADGEN_DLL" "$@"; }

# run NAME PID_TO_CHARGE loadgen-args...: one measured scenario; its JSON gains the server CPU per request.
run() {
  local name="$1" pid="$2"
  shift 2
  local before after
  before="$(cpu_ms "$pid")"
  if ! loadgen --label "$name" --warmup "$WARMUP" --duration "$DURATION" --timeout 10 --json-out "$RESULTS/$name.json" "$@" >"$RESULTS/$name.txt" 2>&1; then
    echo "  $name: load generator failed:" >&2
    sed 's/^/    /' "$RESULTS/$name.txt" >&2
    rm -f "$RESULTS/$name.json"
    return 1
  fi
  after="$(cpu_ms "$pid")"
  local total
  total="$(jq '.attempted + .warmup_attempted' "$RESULTS/$name.json")"
  jq --argjson cpu "$(calc "$after - $before")" --argjson n "$total" \
    '. + {server_cpu_ms: $cpu, server_cpu_ms_per_request: (if $n > 0 then ($cpu / $n * 1000 | round) / 1000 else null end)}' \
    "$RESULTS/$name.json" >"$RESULTS/$name.tmp" && mv "$RESULTS/$name.tmp" "$RESULTS/$name.json"
  printf '  %-22s %8.1f req/s  p99 %7.2f ms  errors %s  server CPU %s ms/req\n' "$name" \
    "$(jq '.requests_per_second' "$RESULTS/$name.json")" "$(jq '.latency_ms.p99' "$RESULTS/$name.json")" \
    "$(jq '.errors_total' "$RESULTS/$name.json")" "$(jq '.server_cpu_ms_per_request' "$RESULTS/$name.json")" >&2
}

have() { [[ -f "$RESULTS/$1.json" ]]; }
val() { have "$1" && jq -r "$2" "$RESULTS/$1.json" || echo "n/a"; }

# One request with openssl (the generator reads bodies but does not keep them); prints the response.
gemini_get() {
  local url="$1"
  shift
  printf '%s\r\n' "$url" | timeout 15 openssl s_client -quiet -connect "127.0.0.1:$PORT" -servername localhost "$@" 2>/dev/null
}

status_of() { # a single request through the generator; prints the status code or "none"
  local json="$WORK/probe.json"
  rm -f "$json"
  loadgen --requests 1 --duration 15 --timeout 10 --json-out "$json" "$@" >/dev/null 2>&1 || true
  if [[ -f "$json" ]]; then
    jq -r '(.status | keys | first) // "none"' "$json"
  else
    echo none
  fi
}

# ---------------------------------------------------------------- fixtures
if [[ "$PROFILE" == 1 ]]; then
  command -v perf >/dev/null || { echo "run.sh: --profile needs perf (apt-get install linux-perf)" >&2; exit 2; }
  # W^X off: JIT code then lives in anonymous memory that perf resolves through the perf map.
  PERF_ENV=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0)
fi

log "Fixtures in $WORK"
# A static page about the size of a wiki page.
{
  echo "# GeminiWiki benchmark capsule"
  echo
  for i in $(seq 1 12); do echo "Static line $i: the quick brown fox jumps over the lazy dog."; done
  echo "=> /page/bench-home The wiki"
} >"$WORK/content/index.gmi"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 365 -subj "/CN=bench" \
  -keyout "$WORK/client.key" -out "$WORK/client.crt" >/dev/null 2>&1 \
  || { echo "run.sh: openssl could not make a client certificate" >&2; exit 1; }
CERT=(--cert "$WORK/client.crt" --key "$WORK/client.key")
PAGE_BODY="$WORK/page.gmi"
cp "$WORK/content/index.gmi" "$PAGE_BODY"

# ---------------------------------------------------------------- server start-up
[[ -n "$PORT" ]] || PORT="$(free_port)" || { echo "run.sh: no free port" >&2; exit 1; }
# The server listens on loopback only (BENCH_LISTEN overrides); the load goes to loopback only.
LISTEN=(--Gemini:ListenAddresses:0 "${BENCH_LISTEN:-127.0.0.1}")
log "Starting the server on port $PORT"
# The probe starts first, so its own start-up does not compete with the server's for the two cores;
# until the server listens its connects are refused at once and it retries every 10 ms.
loadgen --url "gemini://localhost:$PORT/" --wait-up 25 --resume off >"$WORK/first-answer.txt" 2>&1 &
PROBE_PID=$!
sleep 1
START_MS="$(date +%s%3N)"
(cd "$WORK" && exec env "${PERF_ENV[@]}" dotnet "$SERVER_DLL" \
  --Gemini:Port "$PORT" --Gemini:Hostname localhost "${LISTEN[@]}" \
  --Web:Enabled false --Gemini:DataDirectory "$WORK/data" --Gemini:CertificateDirectory "$WORK/certs" \
  --Gemini:ContentDirectory "$WORK/content" --Gemini:RequestTimeoutSeconds "$READ_TIMEOUT" \
  --Gemini:MaxConnections 4096 --Gemini:MaxConnectionsPerIp 4096) >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
while kill -0 "$PROBE_PID" 2>/dev/null; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    stop_pid "$PROBE_PID"
    break
  fi
  sleep 0.05
done
wait "$PROBE_PID" 2>/dev/null
PROBE_RC=$?
PROBE_PID=""
if [[ "$PROBE_RC" != 0 ]] || ! kill -0 "$SERVER_PID" 2>/dev/null; then
  echo "run.sh: the server did not answer within 20 s; its log:" >&2
  tail -30 "$WORK/server.log" >&2
  exit 1
fi
STARTUP_MS=$(( $(tail -1 "$WORK/first-answer.txt") - START_MS ))
grep -q "Listening on" "$WORK/server.log" || echo "  (no 'Listening on' line in the server log)" >&2
echo "  first answered request after $STARTUP_MS ms (includes the dotnet host start)" >&2
sleep 1
IDLE_RSS="$(rss_mb "$SERVER_PID" VmRSS)"
echo "  idle RSS $IDLE_RSS MB" >&2

log "Starting the bare-TLS baseline with the server's certificate"
(exec env "${PERF_ENV[@]}" dotnet "$BASELINE_DLL" --cert-dir "$WORK/certs" --port 0 --max-seconds 3600) >"$WORK/baseline.log" 2>&1 &
BASELINE_PID=$!
BASELINE_PORT=""
for _ in $(seq 1 200); do
  BASELINE_PORT="$(sed -n 's/^Listening on .*:\([0-9]*\)$/\1/p' "$WORK/baseline.log" | head -1)"
  [[ -n "$BASELINE_PORT" ]] && break
  kill -0 "$BASELINE_PID" 2>/dev/null || break
  sleep 0.1
done
[[ -n "$BASELINE_PORT" ]] || { echo "run.sh: the baseline did not start:" >&2; cat "$WORK/baseline.log" >&2; exit 1; }

S="gemini://localhost:$PORT"
B="gemini://localhost:$BASELINE_PORT"

# ---------------------------------------------------------------- seeding
log "Registering and seeding (wiki and identity routes)"
REGISTER_STATUS="$(status_of --url "$S/register?bench" "${CERT[@]}")"
echo "  /register?bench with a client certificate: $REGISTER_STATUS" >&2
SEED_STATUS="$(status_of --url "titan://localhost:$PORT/raw/bench-home" --titan-body "$PAGE_BODY" "${CERT[@]}")"
for i in $(seq 0 9); do status_of --url "titan://localhost:$PORT/raw/bench-$i" --titan-body 1k "${CERT[@]}" >/dev/null; done
PAGE_STATUS="$(status_of --url "$S/page/bench-home")"
echo "  Titan save of bench-home: $SEED_STATUS; /page/bench-home: $PAGE_STATUS" >&2
WIKI=0
if [[ "$SEED_STATUS" =~ ^[23] && "$PAGE_STATUS" == 20 ]]; then
  WIKI=1
else
  echo "  The wiki routes do not answer (is the wiki merged?): wiki scenarios are reported as not measurable." >&2
fi

# ---------------------------------------------------------------- scenarios
# Full handshakes (--resume off) unless a scenario is about resumption: every request pays the whole cost.
log "Scenarios: ${DURATION} s each after ${WARMUP} s warm-up"
for c in 16 64; do
  run "baseline-c$c" "$BASELINE_PID" --url "$B/" --concurrency "$c" --resume off
  run "static-c$c" "$SERVER_PID" --url "$S/" --concurrency "$c" --resume off
  if [[ "$WIKI" == 1 ]]; then
    run "wiki-c$c" "$SERVER_PID" --url "$S/page/bench-home" --concurrency "$c" --resume off
  fi
done

run "baseline-cert-c16" "$BASELINE_PID" --url "$B/" --concurrency 16 --resume off "${CERT[@]}"
if [[ "$WIKI" == 1 ]]; then
  run "wiki-cert-c16" "$SERVER_PID" --url "$S/page/bench-home" --concurrency 16 --resume off "${CERT[@]}"
fi

run "baseline-resume-c16" "$BASELINE_PID" --url "$B/" --concurrency 16 --resume on
run "static-resume-c16" "$SERVER_PID" --url "$S/" --concurrency 16 --resume on

TITAN_REVISIONS=""
if [[ "$WIKI" == 1 ]]; then
  # No warm-up here: every save must be counted, so every save can be looked for in the history.
  run "titan-10k-w8" "$SERVER_PID" --url "titan://localhost:$PORT/raw/bench-titan" --titan-body 10k --concurrency 8 --resume off --warmup 0 "${CERT[@]}"
  # Every acknowledged save must be in the page's history: count the distinct revisions it links.
  gemini_get "$S/history/bench-titan" -cert "$WORK/client.crt" -key "$WORK/client.key" >"$RESULTS/history-bench-titan.gmi" || true
  TITAN_REVISIONS="$(grep -oE 'bench-titan/[0-9]+' "$RESULTS/history-bench-titan.gmi" | sort -u | wc -l)"
fi

if [[ "$WIKI" == 1 && "$PAGES" -gt 11 ]]; then
  log "Seeding the large wiki to $PAGES pages through Titan"
  SEED_START="$(date +%s)"
  loadgen --label seed --url "titan://localhost:$PORT/raw/seed-{n}" --titan-body 1k --concurrency 8 \
    --requests "$((PAGES - 11))" --duration 900 --timeout 30 --resume on "${CERT[@]}" \
    --json-out "$RESULTS/seed.json" >"$RESULTS/seed.txt" 2>&1 || true
  echo "  seeded $(val seed '.completed') pages in $(( $(date +%s) - SEED_START )) s ($(val seed '.errors_total') errors)" >&2
  run "wiki-large-c16" "$SERVER_PID" --url "$S/page/bench-home" --concurrency 16 --resume off
  run "search-large-c16" "$SERVER_PID" --url "$S/do/search?000000000042" --concurrency 16 --resume off
  run "index-large-c16" "$SERVER_PID" --url "$S/do/index" --concurrency 16 --resume off
fi

profile() { # NAME PID URL: perf samples of PID while 16 clients load URL
  local name="$1" pid="$2" url="$3"
  # System-wide sampling filtered by pid afterwards: "perf record -p" misses thread-pool threads
  # started after it attached, which are the ones doing the handshakes.
  perf record -a -F 499 -g -o "$WORK/perf-$name.data" -- sleep "$DURATION" >/dev/null 2>&1 &
  local perf_pid=$!
  loadgen --label "profile-$name" --duration "$DURATION" --concurrency 16 --resume off --url "$url" >/dev/null 2>&1
  wait "$perf_pid" 2>/dev/null
  {
    echo "# $name (pid $pid): CPU samples by library (self time), 16 clients, full handshakes"
    perf report -i "$WORK/perf-$name.data" --pid "$pid" --percentage relative --stdio --no-children --sort dso -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -25
    echo
    echo "# $name: top functions (self time)"
    perf report -i "$WORK/perf-$name.data" --pid "$pid" --percentage relative --stdio --no-children --sort dso,sym -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -60
  } >"$RESULTS/profile-$name.txt"
  echo "  profile of $name: $RESULTS/profile-$name.txt" >&2
}

if [[ "$PROFILE" == 1 ]]; then
  log "Profiling server and baseline with perf"
  profile server "$SERVER_PID" "$S/"
  profile baseline "$BASELINE_PID" "$B/"
fi

log "1000 idle connections (handshake, then silence) while 16 clients load the static page"
run "idle-static-c16" "$SERVER_PID" --url "$S/" --concurrency 16 --resume off --idle "$IDLE" --idle-hold "$((READ_TIMEOUT + 5))"

LOAD_HWM="$(rss_mb "$SERVER_PID" VmHWM)"
LOAD_RSS="$(rss_mb "$SERVER_PID" VmRSS)"

# The same server with the per-request access line switched off (Serilog at Warning): what the
# console access log costs per request. A second instance, its own data folder, the same certificate.
log "Access-log cost: a second server instance logging at Warning"
QUIET_PORT="$(free_port)"
(cd "$WORK" && exec dotnet "$SERVER_DLL" \
  --Gemini:Port "$QUIET_PORT" --Gemini:Hostname localhost "${LISTEN[@]}" \
  --Web:Enabled false --Gemini:DataDirectory "$WORK/data-quiet" --Gemini:CertificateDirectory "$WORK/certs" \
  --Gemini:ContentDirectory "$WORK/content" --Gemini:MaxConnections 4096 --Gemini:MaxConnectionsPerIp 4096 \
  --Serilog:MinimumLevel:Default Warning --Serilog:WriteTo:0:Name Console) >"$WORK/server-quiet.log" 2>&1 &
QUIET_PID=$!
if loadgen --url "gemini://localhost:$QUIET_PORT/" --wait-up 20 >/dev/null 2>&1; then
  run "static-quietlog-c16" "$QUIET_PID" --url "gemini://localhost:$QUIET_PORT/" --concurrency 16 --resume off
fi
stop_pid "$QUIET_PID"
QUIET_PID=""

# Its own server with the default connection limits (the main one runs with raised limits), started
# and stopped by idle-crowd.sh itself; a failed goal is a row in the table, not a failed run.
log "Idle-socket crowd: 1024 plain TCP connections from 40 addresses, held and reopened, while 16 clients load /"
"$ROOT/bench/idle-crowd.sh" --no-build --duration "$DURATION" --warmup "$WARMUP" \
  --json-out "$RESULTS/idle-crowd.json" >"$RESULTS/idle-crowd.txt" 2>&1
sed -n 's/^  \(crowd\|normal\|goal\): */  \1: /p' "$RESULTS/idle-crowd.txt" >&2

SOAK_GROWTH=""
if [[ "$SOAK" -gt 0 ]]; then
  log "Soak: $SOAK s of static and wiki load"
  SOAK_RSS0="$(rss_mb "$SERVER_PID" VmRSS)"
  loadgen --label soak --url "$S/" --concurrency 16 --duration "$SOAK" --resume off --json-out "$RESULTS/soak.json" >"$RESULTS/soak.txt" 2>&1 || true
  SOAK_RSS1="$(rss_mb "$SERVER_PID" VmRSS)"
  SOAK_GROWTH="$(calc "($SOAK_RSS1 - $SOAK_RSS0) / $SOAK_RSS0 * 100")"
fi

# ---------------------------------------------------------------- the table
ROWS=()
row() { ROWS+=("| $1 | $2 | $3 |"); }
ok() { awk "BEGIN { exit !($1) }" && echo yes || echo no; }
na() { row "$1" "not measurable: $2" "n/a"; }

throughput_row() { # target-name scenario baseline min-ratio
  local name="$1" s="$2" b="$3" min="$4"
  if ! have "$s" || ! have "$b"; then na "$name" "$s or $b did not run"; return; fi
  local rs rb ps pb es ratio p99r
  rs="$(val "$s" .requests_per_second)"; rb="$(val "$b" .requests_per_second)"
  ps="$(val "$s" .latency_ms.p99)"; pb="$(val "$b" .latency_ms.p99)"
  es="$(val "$s" .errors_total)"
  ratio="$(calc "$rs / $rb")"; p99r="$(calc "$ps / $pb")"
  row "$name: ≥ $(calc "$min * 100") % of baseline req/s, 0 errors, p99 ≤ 1.5× baseline" \
    "$rs vs $rb req/s = $(calc "$ratio * 100") %; errors $es; p99 $ps vs $pb ms = ${p99r}×" \
    "$(ok "$ratio >= $min && $es == 0 && $p99r <= 1.5")"
}

for c in 16 64; do
  throughput_row "Static page, $c clients" "static-c$c" "baseline-c$c" 0.85
  if [[ "$WIKI" == 1 ]]; then throughput_row "Wiki page, $c clients" "wiki-c$c" "baseline-c$c" 0.85; else na "Wiki page, $c clients" "wiki routes not answering"; fi
done

if [[ "$WIKI" == 1 ]] && have wiki-cert-c16 && have baseline-cert-c16; then
  r="$(calc "$(val wiki-cert-c16 .requests_per_second) / $(val baseline-cert-c16 .requests_per_second)")"
  row "Wiki page with client certificate: ≥ 80 % of baseline with certificate" \
    "$(val wiki-cert-c16 .requests_per_second) vs $(val baseline-cert-c16 .requests_per_second) req/s = $(calc "$r * 100") %; errors $(val wiki-cert-c16 .errors_total)" \
    "$(ok "$r >= 0.8")"
else
  na "Wiki page with client certificate: ≥ 80 % of baseline with certificate" "wiki routes not answering"
fi

if [[ "$WIKI" == 1 ]] && have titan-10k-w8 && have wiki-c16; then
  acked="$(jq '[.status | to_entries[] | select((.key | tonumber) >= 20 and (.key | tonumber) < 40) | .value] | add // 0' "$RESULTS/titan-10k-w8.json")"
  r="$(calc "$(val titan-10k-w8 .requests_per_second) / $(val wiki-c16 .requests_per_second)")"
  row "Titan 10 KB saves, 8 writers: ≥ 50 % of page-view req/s (16 clients)" \
    "$(val titan-10k-w8 .requests_per_second) vs $(val wiki-c16 .requests_per_second) req/s = $(calc "$r * 100") %; statuses $(jq -c .status "$RESULTS/titan-10k-w8.json")" \
    "$(ok "$r >= 0.5")"
  if [[ "${TITAN_REVISIONS:-0}" -gt 0 ]]; then
    row "Every acknowledged save present (revisions in /history/bench-titan)" "$TITAN_REVISIONS revisions listed for $acked acknowledged saves" "$(ok "$TITAN_REVISIONS >= $acked")"
  else
    na "Every acknowledged save present" "/history/bench-titan lists no bench-titan/<n> revision links ($acked saves acknowledged); see history-bench-titan.gmi"
  fi
else
  na "Titan 10 KB saves, 8 writers: ≥ 50 % of page-view req/s" "wiki routes not answering"
  na "Every acknowledged save present" "wiki routes not answering"
fi

if have wiki-large-c16 && have wiki-c16; then
  pv="$(val wiki-large-c16 .requests_per_second)"
  for s in search index; do
    if have "$s-large-c16" && [[ "$(val "$s-large-c16" '.status["20"] // 0')" -gt 0 ]]; then
      r="$(calc "$pv / $(val "$s-large-c16" .requests_per_second)")"
      row "$PAGES-page wiki: /do/$s costs ≤ 3× a page view" "$(val "$s-large-c16" .requests_per_second) vs $pv req/s: ${r}× the cost; statuses $(jq -c .status "$RESULTS/$s-large-c16.json")" "$(ok "$r <= 3")"
    else
      na "$PAGES-page wiki: /do/$s costs ≤ 3× a page view" "/do/$s did not answer 20 ($(val "$s-large-c16" '.status' | tr -d '\n '))"
    fi
  done
  d="$(calc "($pv / $(val wiki-c16 .requests_per_second) - 1) * 100")"
  row "Page view in a $PAGES-page wiki = in a 10-page wiki ± 10 %" "$pv vs $(val wiki-c16 .requests_per_second) req/s: ${d} %" "$(ok "$d >= -10 && $d <= 10")"
else
  na "Large wiki: search and index ≤ 3× a page view; page view ± 10 %" "wiki routes not answering or --pages ≤ 11"
fi

if have idle-static-c16 && have static-c16; then
  r="$(calc "$(val idle-static-c16 .requests_per_second) / $(val static-c16 .requests_per_second)")"
  row "$IDLE idle connections: normal clients keep ≥ 80 % throughput" \
    "$(val idle-static-c16 .requests_per_second) vs $(val static-c16 .requests_per_second) req/s = $(calc "$r * 100") %; $(val idle-static-c16 .idle.opened) idle opened" \
    "$(ok "$r >= 0.8")"
  cut="$(val idle-static-c16 .idle.cut_by_server)"; opened="$(val idle-static-c16 .idle.opened)"; med="$(val idle-static-c16 .idle.cut_after_median_s)"
  row "Idle connections cut at the read timeout ($READ_TIMEOUT s)" \
    "$cut of $opened cut after $(val idle-static-c16 .idle.cut_after_min_s)/$med/$(val idle-static-c16 .idle.cut_after_max_s) s (min/median/max)" \
    "$(ok "$opened > 0 && $cut == $opened && $med >= $READ_TIMEOUT - 1 && $med <= $READ_TIMEOUT + 2")"
fi

if have idle-crowd; then
  row "1024 idle TCP connections from 40 addresses, held and reopened: ≥ 95 % of normal requests succeed (default limits)" \
    "$(val idle-crowd .succeeded) of $(val idle-crowd .attempted) = $(calc "$(val idle-crowd .success_ratio) * 100") %; errors $(jq -c '.errors | with_entries(select(.value > 0))' "$RESULTS/idle-crowd.json"); crowd open mean $(val idle-crowd .idle_tcp.open_mean), $(val idle-crowd .idle_tcp.reopens) reopens" \
    "$(ok "$(val idle-crowd .success_ratio) >= 0.95")"
else
  na "1024 idle TCP connections from 40 addresses: ≥ 95 % of normal requests succeed" "idle-crowd.sh did not finish; see idle-crowd.txt"
fi
row "Idle RSS ≤ 80 MB" "$IDLE_RSS MB" "$(ok "$IDLE_RSS <= 80")"
row "RSS under load ≤ 250 MB (peak, VmHWM)" "$LOAD_HWM MB peak, $LOAD_RSS MB at the end" "$(ok "$LOAD_HWM <= 250")"
if [[ -n "$SOAK_GROWTH" ]]; then
  row "Soak ($SOAK s): RSS grows ≤ 5 %" "$SOAK_GROWTH % ($SOAK_RSS0 → $SOAK_RSS1 MB)" "$(ok "$SOAK_GROWTH <= 5")"
else
  na "10-minute soak: RSS grows ≤ 5 %" "not run (use --soak 600)"
fi

if have static-c16 && have baseline-c16; then
  row "Server CPU per full handshake (static page; report)" \
    "server $(val static-c16 .server_cpu_ms_per_request) ms/req, bare TLS $(val baseline-c16 .server_cpu_ms_per_request) ms/req; with client cert: server $(val wiki-cert-c16 .server_cpu_ms_per_request) / bare $(val baseline-cert-c16 .server_cpu_ms_per_request)" "report"
fi
if have static-quietlog-c16 && have static-c16; then
  row "Access log cost: static page, console access line on vs off (report)" \
    "$(val static-c16 .server_cpu_ms_per_request) vs $(val static-quietlog-c16 .server_cpu_ms_per_request) ms/req; $(val static-c16 .requests_per_second) vs $(val static-quietlog-c16 .requests_per_second) req/s" "report"
fi
if have static-resume-c16 && have static-c16; then
  row "TLS resumption makes returning clients cheaper" \
    "server $(val static-c16 .server_cpu_ms_per_request) → $(val static-resume-c16 .server_cpu_ms_per_request) ms/req ($(val static-resume-c16 .resumed_handshakes) of $(val static-resume-c16 .attempted) resumed); bare TLS $(val baseline-c16 .server_cpu_ms_per_request) → $(val baseline-resume-c16 .server_cpu_ms_per_request) ms/req; req/s $(val static-c16 .requests_per_second) → $(val static-resume-c16 .requests_per_second)" \
    "$(ok "$(val static-resume-c16 .server_cpu_ms_per_request) < $(val static-c16 .server_cpu_ms_per_request)")"
fi
row "Start-up to first answered request ≤ 1.5 s" "$STARTUP_MS ms" "$(ok "$STARTUP_MS <= 1500")"

{
  echo "GeminiWiki benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo); .NET $(dotnet --version); generator and server on the same machine; ${DURATION} s per scenario after ${WARMUP} s warm-up"
  echo
  echo "| target | measured | met |"
  echo "| --- | --- | --- |"
  printf '%s\n' "${ROWS[@]}"
} | tee "$RESULTS/summary.md"
