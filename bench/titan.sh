#!/usr/bin/env bash
# Titan saves against page views (issue #10), and a kill -9 in the middle of saving.
#
# 1. Interleaved rounds (A B A B …): page views of one wiki page (16 clients, fresh TLS each) and
#    Titan saves of 10 KB to one page (8 writers, a client certificate). Prints req/s, p99 and
#    server CPU per request of each, and saves as a share of page views (goal: ≥ 50 %).
# 2. Crash: 8 writers save for a while, the server gets SIGKILL in the middle, is started again on
#    the same data, and the page's newest revision number must be at least the number of saves the
#    clients were told succeeded. (Revisions of a page are numbered one after another and LiteDB's
#    log is replayed in order, so a lost acknowledged save would leave the newest number short.)
#
#   bench/titan.sh [--rounds N] [--duration S] [--warmup S] [--prime S] [--server-dll DLL] [--no-crash] [--keep] [--no-build]
#
# Runs in a network namespace of its own (unshare --net, loopback only), like molly.sh; needs root.
# The data folder is in $TMPDIR (default /tmp): fsync costs what that file system makes it cost.
# Exit 0 when every acknowledged save survived the kill, 1 when one did not, 2 for bad usage.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=3
DURATION=5
WARMUP=1
PRIME=8
SERVER_DLL="$ROOT/src/GeminiWiki.Server/bin/Release/net10.0/GeminiWiki.Server.dll"
LOADGEN_DLL="$ROOT/bench/GeminiWiki.LoadGen/bin/Release/net10.0/GeminiWiki.LoadGen.dll"
CRASH=1
KEEP=0
BUILD=1
ARGS=("$@")

while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --prime) PRIME="$2"; shift 2 ;;
    --server-dll) SERVER_DLL="$(realpath "$2")"; shift 2 ;;
    --no-crash) CRASH=0; shift ;;
    --keep) KEEP=1; shift ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "titan.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

if [[ -z "${TITAN_SH_IN_NAMESPACE:-}" ]]; then
  for tool in dotnet openssl jq awk unshare ip; do
    command -v "$tool" >/dev/null || { echo "titan.sh: needs $tool" >&2; exit 2; }
  done
  [[ "$(id -u)" == 0 ]] || { echo "titan.sh: needs root for unshare --net" >&2; exit 2; }
  if [[ "$BUILD" == 1 ]]; then
    echo "== Building Release" >&2
    for project in src/GeminiWiki.Server bench/GeminiWiki.LoadGen; do
      dotnet build -c Release --nologo -v q "$ROOT/$project" >/tmp/titan-sh-build.$$.log 2>&1 \
        || { cat /tmp/titan-sh-build.$$.log >&2; rm -f /tmp/titan-sh-build.$$.log; echo "titan.sh: build of $project failed" >&2; exit 2; }
    done
    rm -f /tmp/titan-sh-build.$$.log
  fi
  for dll in "$SERVER_DLL" "$LOADGEN_DLL"; do
    [[ -f "$dll" ]] || { echo "titan.sh: $dll missing (run without --no-build)" >&2; exit 2; }
  done
  exec env TITAN_SH_IN_NAMESPACE=1 unshare --net -- "$0" "${ARGS[@]}"
fi

ip link set lo up || { echo "titan.sh: cannot bring loopback up in the namespace" >&2; exit 2; }
WORK="$(mktemp -d "${TMPDIR:-/tmp}/geminiwiki-titan.XXXXXX")"
CLK_TCK="$(getconf CLK_TCK)"
PORT=1965
SERVER_PID=""

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

cleanup() {
  [[ "$BASHPID" == "$$" ]] || return 0
  stop_pid "$SERVER_PID"
  if [[ "$KEEP" == 1 ]]; then echo "Kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$WORK/content" "$WORK/results"
echo "# Titan bench" >"$WORK/content/index.gmi"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 365 -subj "/CN=bench" \
  -keyout "$WORK/client.key" -out "$WORK/client.crt" >/dev/null 2>&1
CERT=(--cert "$WORK/client.crt" --key "$WORK/client.key")
S="gemini://localhost:$PORT"

cpu_ms() {
  [[ -r "/proc/$1/stat" ]] || { echo 0; return; }
  awk -v tck="$CLK_TCK" '{ sub(/^.*\) /, ""); print ($12 + $13) * 1000 / tck }' "/proc/$1/stat"
}
calc() { awk "BEGIN { printf \"%.4g\", $* }"; }
loadgen() { dotnet "$LOADGEN_DLL" "$@"; }

start_server() {
  (cd "$WORK" && exec dotnet "$SERVER_DLL" \
    --Gemini:Port "$PORT" --Gemini:Hostname localhost --Gemini:ListenAddresses:0 127.0.0.1 \
    --Gemini:DataDirectory "$WORK/data" --Gemini:CertificateDirectory "$WORK/certs" \
    --Gemini:ContentDirectory "$WORK/content" --Gemini:MaxConnections 4096 --Gemini:MaxConnectionsPerIp 4096 \
    --Gemini:MaxConnectionsPerNetwork 4096) >>"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  loadgen --url "$S/" --wait-up 30 --resume off >/dev/null 2>&1 \
    || { echo "titan.sh: the server did not answer; its log:" >&2; tail -20 "$WORK/server.log" >&2; exit 2; }
}

status_of() {
  local json="$WORK/probe.json"
  rm -f "$json"
  loadgen --requests 1 --duration 15 --timeout 10 --json-out "$json" "$@" >/dev/null 2>&1 || true
  [[ -f "$json" ]] && jq -r '(.status | keys | first) // "none"' "$json" || echo none
}

# Saves the clients were told succeeded: Titan answers a save with a redirect to the page.
acknowledged() { jq '[.status | to_entries[] | select((.key | tonumber) >= 20 and (.key | tonumber) < 40) | .value] | add // 0' "$1"; }

newest_revision() { # PAGE: the highest revision number /history/PAGE links to
  printf '%s\r\n' "$S/history/$1" | timeout 15 openssl s_client -quiet -connect "127.0.0.1:$PORT" -servername localhost \
    -cert "$WORK/client.crt" -key "$WORK/client.key" 2>/dev/null | grep -oE "$1/[0-9]+" | sed 's/.*\///' | sort -n | tail -1
}

start_server
echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); data on $(df -T "$WORK" | awk 'NR == 2 { print $2 }')" >&2
echo "  /register?bench: $(status_of --url "$S/register?bench" "${CERT[@]}")" >&2
echo "  seed bench-home: $(status_of --url "titan://localhost:$PORT/raw/bench-home" --titan-body 2k "${CERT[@]}")" >&2
[[ "$(status_of --url "$S/page/bench-home")" == 20 ]] || { echo "titan.sh: /page/bench-home does not answer 20" >&2; exit 2; }

run() { # NAME loadgen-args...
  local name="$1"
  shift
  local json="$WORK/results/$name.json" before after
  before="$(cpu_ms "$SERVER_PID")"
  loadgen --label "$name" --warmup "$WARMUP" --duration "$DURATION" --timeout 10 --resume off --json-out "$json" "$@" >"${json%.json}.txt" 2>&1 \
    || { echo "  $name: the load generator failed" >&2; sed 's/^/    /' "${json%.json}.txt" >&2; rm -f "$json"; return 1; }
  after="$(cpu_ms "$SERVER_PID")"
  jq --argjson cpu "$(calc "$after - $before")" '. + {server_cpu_ms: $cpu}' "$json" >"$json.tmp" && mv "$json.tmp" "$json"
  printf '  %-12s %8.1f req/s  p99 %7.2f ms  CPU %6.3f ms/req  errors %s  statuses %s\n' "$name" \
    "$(jq .requests_per_second "$json")" "$(jq .latency_ms.p99 "$json")" \
    "$(jq '.server_cpu_ms / (.attempted + .warmup_attempted)' "$json")" "$(jq .errors_total "$json")" "$(jq -c .status "$json")" >&2
}

# Unmeasured first: the JIT tiers up the save path under load (it was a third of the server's CPU
# in the first seconds of saving), and a long-running server does not pay that per save.
loadgen --url "$S/page/bench-home" --concurrency 16 --duration "$PRIME" --resume off >/dev/null 2>&1
loadgen --url "titan://localhost:$PORT/raw/bench-prime" --titan-body 10k --concurrency 8 --duration "$PRIME" --resume off "${CERT[@]}" >/dev/null 2>&1
for round in $(seq 1 "$ROUNDS"); do
  run "view-$round" --url "$S/page/bench-home" --concurrency 16
  run "save-$round" --url "titan://localhost:$PORT/raw/bench-titan" --titan-body 10k --concurrency 8 "${CERT[@]}"
done

summary() { # PREFIX -> "req/s cpu p99"
  jq -s -r '(map(.completed) | add) as $n | (map(.elapsed_s) | add) as $t | (map(.server_cpu_ms) | add) as $cpu
    | (map(.attempted + .warmup_attempted) | add) as $all | (map(.latency_ms.p99) | sort) as $p | $p[($p | length) / 2 | floor] as $p99
    | "\($n / $t * 10 | round / 10) \($cpu / $all * 1000 | round / 1000) \($p99 * 100 | round / 100)"' "$WORK/results/$1"-*.json
}
read -r vr vc vp <<<"$(summary view)"
read -r sr sc sp <<<"$(summary save)"
echo
echo "Titan vs page views, $(date -u '+%Y-%m-%d %H:%M UTC'), $ROUNDS interleaved rounds of ${DURATION} s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| scenario | req/s | p99 ms | server CPU ms/req |"
echo "| --- | --- | --- | --- |"
echo "| page view, 16 clients | $vr | $vp | $vc |"
echo "| Titan save 10 KB, 8 writers | $sr | $sp | $sc |"
echo
echo "Saves at $(calc "$sr / $vr * 100") % of the page-view rate (goal ≥ 50 %)."

[[ "$CRASH" == 1 ]] || exit 0
echo
echo "== kill -9 while 8 writers save" >&2
before="$(newest_revision bench-crash)"
before="${before:-0}"
loadgen --label crash --url "titan://localhost:$PORT/raw/bench-crash" --titan-body 10k --concurrency 8 --duration 8 --timeout 5 \
  --resume off "${CERT[@]}" --json-out "$WORK/results/crash.json" >"$WORK/results/crash.txt" 2>&1 &
CRASH_LOAD=$!
sleep 4
kill -KILL "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null
SERVER_PID=""
wait "$CRASH_LOAD"
acked="$(acknowledged "$WORK/results/crash.json")"
start_server
after="$(newest_revision bench-crash)"
after="${after:-0}"
echo "Crash: $acked saves acknowledged before the SIGKILL; after a restart bench-crash's newest revision is $after (was $before)."
if (( after - before >= acked && acked > 0 )); then
  echo "PASS: every acknowledged save survived."
else
  echo "FAIL: $((acked - (after - before))) acknowledged saves are missing (or none were made)."
  exit 1
fi
