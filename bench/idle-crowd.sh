#!/usr/bin/env bash
# Idle-socket crowd: does a server with its default connection limits keep serving normal clients
# while a crowd of plain TCP connections (no TLS, no bytes: free for an attacker) holds every slot
# it can and reopens each one the moment the server closes it?
#
# Goal: with 1,024 idle connections from 40 addresses held and reopened, ≥ 95 % of normal requests
# succeed (a 2x answer, closed cleanly).
#
#   bench/idle-crowd.sh [--duration S] [--warmup S] [--idle N] [--sources K] [--concurrency C]
#                       [--min-ratio R] [--debug] [--keep] [--no-build] [--json-out FILE]
#
#   --duration S     measured seconds (default 20; env BENCH_DURATION)
#   --warmup S       unmeasured load first, with the crowd already held (default 2)
#   --idle N         idle plain TCP connections (default 1024)
#   --sources K      source addresses 127.0.0.2 … 127.0.0.(K+1) they come from (default 40)
#   --concurrency C  normal clients, from 127.0.0.1, each a fresh TLS connection per request (default 16)
#   --min-ratio R    the goal: successes / attempts of normal requests (default 0.95)
#   --debug          run the server at Debug level and summarise from its log why connections closed
#                    (the log itself costs CPU under this load: a diagnostic, not a measurement)
#   --keep           keep the temp folder (server log, data) for a look afterwards
#   --no-build       use the existing Release build
#   --json-out FILE  also copy the generator's JSON to FILE
#
# Exit 0 when the goal is met, 1 when it is not, 2 for bad usage or a missing tool, 3 when the run
# itself failed. Everything goes to loopback (the generator refuses anything else), the run is
# bounded by its duration, and a trap stops the server this script started.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${BENCH_DURATION:-20}"
WARMUP=2
IDLE=1024
SOURCES=40
CONCURRENCY=16
MIN_RATIO=0.95
DEBUG=0
KEEP=0
BUILD=1
JSON_OUT=""

while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --idle) IDLE="$2"; shift 2 ;;
    --sources) SOURCES="$2"; shift 2 ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --min-ratio) MIN_RATIO="$2"; shift 2 ;;
    --debug) DEBUG=1; shift ;;
    --keep) KEEP=1; shift ;;
    --no-build) BUILD=0; shift ;;
    --json-out) JSON_OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "idle-crowd.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

for tool in dotnet jq awk; do
  command -v "$tool" >/dev/null || { echo "idle-crowd.sh: needs $tool" >&2; exit 2; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/geminiwiki-idlecrowd.XXXXXX")"
mkdir -p "$WORK/data" "$WORK/certs" "$WORK/content"
SERVER_PID=""

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

cleanup() {
  # Only the script itself stops what it started and removes its folder, never a subshell.
  [[ "$BASHPID" == "$$" ]] || return 0
  stop_pid "$SERVER_PID" 15
  if [[ "$KEEP" == 1 ]]; then
    echo "Kept $WORK (server.log, loadgen.txt, result.json)" >&2
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '\n== %s\n' "$*" >&2; }

if [[ "$BUILD" == 1 ]]; then
  log "Building Release"
  for project in src/GeminiWiki.Server bench/GeminiWiki.LoadGen; do
    dotnet build -c Release --nologo -v q "$ROOT/$project" >"$WORK/build.log" 2>&1 \
      || { cat "$WORK/build.log" >&2; echo "idle-crowd.sh: build of $project failed" >&2; exit 3; }
  done
fi
SERVER_DLL="$ROOT/src/GeminiWiki.Server/bin/Release/net10.0/GeminiWiki.Server.dll"
LOADGEN_DLL="$ROOT/bench/GeminiWiki.LoadGen/bin/Release/net10.0/GeminiWiki.LoadGen.dll"
for dll in "$SERVER_DLL" "$LOADGEN_DLL"; do
  [[ -f "$dll" ]] || { echo "idle-crowd.sh: $dll missing (run without --no-build)" >&2; exit 3; }
done

{
  echo "# Idle-crowd capsule"
  echo
  for i in $(seq 1 12); do echo "Static line $i: the quick brown fox jumps over the lazy dog."; done
} >"$WORK/content/index.gmi"

# Default limits on purpose: MaxConnections, MaxConnectionsPerIp and MaxConnectionsPerNetwork are
# what is under test. Port 0: the server picks a free port and logs it.
# Without a gemini.json (the server runs in the temp folder) it logs to the console at Information;
# a Serilog section given on the command line replaces that whole default, sink included.
LEVEL=()
if [[ "$DEBUG" == 1 ]]; then
  LEVEL=(--Serilog:MinimumLevel:Default Debug --Serilog:MinimumLevel:Override:Microsoft Warning
    --Serilog:WriteTo:0:Name Console
    --Serilog:WriteTo:0:Args:outputTemplate '[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}')
fi
log "Starting the server (default connection limits$([[ "$DEBUG" == 1 ]] && echo ', Debug log'))"
(cd "$WORK" && exec dotnet "$SERVER_DLL" \
  --Gemini:Port 0 --Gemini:Hostname localhost --Gemini:ListenAddresses:0 127.0.0.1 \
  --Web:Enabled false --Gemini:DataDirectory "$WORK/data" --Gemini:CertificateDirectory "$WORK/certs" \
  --Gemini:ContentDirectory "$WORK/content" ${LEVEL[@]+"${LEVEL[@]}"}) >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
PORT=""
for _ in $(seq 1 300); do
  PORT="$(sed -n 's/.*Listening on 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$WORK/server.log" | head -1)"
  [[ -n "$PORT" ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.1
done
if [[ -z "$PORT" ]]; then
  echo "idle-crowd.sh: the server did not start listening within 30 s; its log:" >&2
  tail -30 "$WORK/server.log" >&2
  exit 3
fi
if ! dotnet "$LOADGEN_DLL" --url "gemini://localhost:$PORT/" --wait-up 20 --resume off >/dev/null 2>&1; then
  echo "idle-crowd.sh: the server on port $PORT did not answer within 20 s; its log:" >&2
  tail -30 "$WORK/server.log" >&2
  exit 3
fi
echo "  listening on 127.0.0.1:$PORT (pid $SERVER_PID)" >&2

log "$IDLE idle TCP connections from $SOURCES addresses, held and reopened, while $CONCURRENCY clients load / for ${DURATION} s (after ${WARMUP} s warm-up)"
RESULT="$WORK/result.json"
if ! dotnet "$LOADGEN_DLL" --label idle-crowd --url "gemini://localhost:$PORT/" \
  --concurrency "$CONCURRENCY" --duration "$DURATION" --warmup "$WARMUP" --timeout 10 --resume off \
  --idle-tcp "$IDLE" --idle-sources "$SOURCES" --json-out "$RESULT" >"$WORK/loadgen.txt" 2>&1; then
  echo "idle-crowd.sh: the load generator failed:" >&2
  sed 's/^/    /' "$WORK/loadgen.txt" >&2
  exit 3
fi
sed 's/^/  /' "$WORK/loadgen.txt" >&2
[[ -n "$JSON_OUT" ]] && cp "$RESULT" "$JSON_OUT"
kill -0 "$SERVER_PID" 2>/dev/null || echo "  the server exited during the run; see its log" >&2

if [[ "$DEBUG" == 1 ]]; then
  log "Server Debug log: why connections ended (normal clients are 127.0.0.1, the crowd 127.0.0.2 onwards)"
  # The remote address leads each Debug line; count reasons per side.
  awk '
    match($0, /\] 127\.0\.0\.[0-9]+/) {
      who = (substr($0, RSTART + 2, RLENGTH - 2) == "127.0.0.1") ? "normal" : "crowd"
      reason = $0
      sub(/^\[[^]]*\] 127\.0\.0\.[0-9]+(:[0-9]+)? /, "", reason)
      if (match(reason, /^"[^"]*" [0-9][0-9] /)) reason = "answered " substr(reason, RLENGTH - 2, 2)
      gsub(/"[^"]*"/, "\"…\"", reason)
      gsub(/[0-9]+ bytes/, "N bytes", reason)
      gsub(/\([0-9]+ live\)/, "(N live)", reason)
      count[who ": " reason]++
    }
    END { for (k in count) printf "  %8d  %s\n", count[k], k }
  ' "$WORK/server.log" | sort -k2,2 -k1,1nr | head -40 >&2
fi

ATTEMPTED="$(jq -r '.attempted' "$RESULT")"
SUCCEEDED="$(jq -r '.succeeded' "$RESULT")"
RATIO="$(jq -r '.success_ratio' "$RESULT")"
ERRORS="$(jq -c '.errors | with_entries(select(.value > 0))' "$RESULT")"
STATUSES="$(jq -c '.status' "$RESULT")"
HELD="$(jq -r '"\(.idle_tcp.open_at_end)/\(.idle_tcp.target) open at the end (mean \(.idle_tcp.open_mean), min \(.idle_tcp.open_min)); \(.idle_tcp.reopens) reopens after \(.idle_tcp.closed_by_server) closes by the server; \(.idle_tcp.connect_failures) failed connects"' "$RESULT")"
VERDICT="$(awk -v r="$RATIO" -v m="$MIN_RATIO" 'BEGIN { print (r >= m) ? "PASS" : "FAIL" }')"

echo
echo "Idle-socket crowd, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  crowd:    $HELD"
echo "  normal:   $SUCCEEDED of $ATTEMPTED requests succeeded = $(awk -v r="$RATIO" 'BEGIN { printf "%.1f", r * 100 }') %; statuses $STATUSES; errors $ERRORS"
echo "  goal:     ≥ $(awk -v m="$MIN_RATIO" 'BEGIN { printf "%g", m * 100 }') % → $VERDICT"
[[ "$VERDICT" == PASS ]]
