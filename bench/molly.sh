#!/usr/bin/env bash
# GeminiWiki against molly-brown (Go) in one run (issue #10): both serve the same small capsule with
# the same kind of certificate (ECDSA P-256), inside one network namespace of their own, and the
# same load generator runs against each in turn, interleaved (A B A B A B), so both see the same
# machine load. Prints req/s, p99 and server CPU per request side by side, with ratios.
#
#   bench/molly.sh [--rounds N] [--duration S] [--warmup S] [--prime S] [--concurrency C] [--scenarios LIST]
#                  [--alt-dll DLL] [--alt-env VAR=VALUE]... [--no-molly] [--keep] [--no-build]
#
#   --rounds N        interleaved rounds (default 3)
#   --duration S      measured seconds per run (default 5)
#   --warmup S        unmeasured load before each run (default 1)
#   --prime S         unmeasured load of every scenario on every server before round 1 (default 10)
#   --concurrency C   clients, each a fresh TCP+TLS connection per request (default 16)
#   --scenarios LIST  comma-separated, from: plain (no client certificate), cert (a client
#                     certificate), resume (TLS session resumption, no certificate), cert-resume
#                     (a client certificate and resumption). Default plain,cert,resume
#   --alt-dll DLL     a third contender: another build of GeminiWiki.Server.dll (say, the build before
#                     a change), run in the same rounds, so a change is measured A/B in one run
#   --alt-env VAR=VAL the third contender runs with this environment (repeatable; with or without
#                     --alt-dll): how the JIT settings (DOTNET_TieredPGO, DOTNET_ReadyToRun,
#                     DOTNET_TieredCompilation, …) were measured
#   --no-molly        leave molly-brown out (A/B of two GeminiWiki builds only)
#   --keep            keep the temp folder (logs, JSON of every run)
#   --no-build        use the existing Release build
#
# Needs root for the namespace (unshare --net); installs molly-brown with apt-get when it is missing.
# Nothing leaves the namespace: it has only a loopback interface. Server CPU per request is
# utime+stime from /proc/PID/stat over the run (warm-up included) divided by the requests attempted
# (warm-up included); on a shared machine it moves less than req/s does, so compare it first.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=3
DURATION=5
WARMUP=1
PRIME=10
CONCURRENCY=16
SCENARIOS="plain,cert,resume"
ALT_DLL=""
ALT_ENV=()
MOLLY=1
KEEP=0
BUILD=1
ARGS=("$@")

while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --prime) PRIME="$2"; shift 2 ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --scenarios) SCENARIOS="$2"; shift 2 ;;
    --alt-dll) ALT_DLL="$(realpath "$2")"; shift 2 ;;
    --alt-env) ALT_ENV+=("$2"); shift 2 ;;
    --no-molly) MOLLY=0; shift ;;
    --keep) KEEP=1; shift ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "molly.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

SERVER_DLL="$ROOT/src/GeminiWiki.Server/bin/Release/net10.0/GeminiWiki.Server.dll"
LOADGEN_DLL="$ROOT/bench/GeminiWiki.LoadGen/bin/Release/net10.0/GeminiWiki.LoadGen.dll"

# ---------------------------------------------------------------- outside the namespace
# Building and installing need the network, so they happen before the script enters its namespace.
if [[ -z "${MOLLY_SH_IN_NAMESPACE:-}" ]]; then
  for tool in dotnet openssl jq awk unshare ip; do
    command -v "$tool" >/dev/null || { echo "molly.sh: needs $tool" >&2; exit 2; }
  done
  [[ "$(id -u)" == 0 ]] || { echo "molly.sh: needs root for unshare --net" >&2; exit 2; }
  if [[ "$MOLLY" == 1 ]] && ! command -v molly-brown >/dev/null; then
    echo "== Installing molly-brown" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq molly-brown; } >&2 \
      || { echo "molly.sh: cannot install molly-brown" >&2; exit 2; }
  fi
  if [[ "$BUILD" == 1 ]]; then
    echo "== Building Release" >&2
    for project in src/GeminiWiki.Server bench/GeminiWiki.LoadGen; do
      dotnet build -c Release --nologo -v q "$ROOT/$project" >/tmp/molly-sh-build.$$.log 2>&1 \
        || { cat /tmp/molly-sh-build.$$.log >&2; rm -f /tmp/molly-sh-build.$$.log; echo "molly.sh: build of $project failed" >&2; exit 1; }
    done
    rm -f /tmp/molly-sh-build.$$.log
  fi
  for dll in "$SERVER_DLL" "$LOADGEN_DLL" ${ALT_DLL:+"$ALT_DLL"}; do
    [[ -f "$dll" ]] || { echo "molly.sh: $dll missing (run without --no-build)" >&2; exit 1; }
  done
  exec env MOLLY_SH_IN_NAMESPACE=1 unshare --net -- "$0" "${ARGS[@]}"
fi

# ---------------------------------------------------------------- inside the namespace
ip link set lo up || { echo "molly.sh: cannot bring loopback up in the namespace" >&2; exit 1; }
# 127.0.0.1 as well as localhost: .NET resumes sessions only for a host name (SNI).
WORK="$(mktemp -d "${TMPDIR:-/tmp}/geminiwiki-molly.XXXXXX")"
CLK_TCK="$(getconf CLK_TCK)"
PIDS=()

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

cleanup() {
  [[ "$BASHPID" == "$$" ]] || return 0
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  if [[ "$KEEP" == 1 ]]; then
    echo "Kept $WORK" >&2
  else
    local out="${TMPDIR:-/tmp}/geminiwiki-molly-results-$(date -u +%Y%m%dT%H%M%SZ)"
    cp -r "$WORK/results" "$out" 2>/dev/null && echo "Results (JSON per run, summary.md): $out" >&2
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$WORK/capsule" "$WORK/results" "$WORK/data-ours" "$WORK/data-alt"
{
  echo "# Benchmark capsule"
  echo
  for i in $(seq 1 12); do echo "Static line $i: the quick brown fox jumps over the lazy dog."; done
} >"$WORK/capsule/index.gmi"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 365 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost" -keyout "$WORK/server.key" -out "$WORK/server.crt" >/dev/null 2>&1
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 365 -subj "/CN=bench" \
  -keyout "$WORK/client.key" -out "$WORK/client.crt" >/dev/null 2>&1

cpu_ms() {
  [[ -r "/proc/$1/stat" ]] || { echo 0; return; }
  awk -v tck="$CLK_TCK" '{ sub(/^.*\) /, ""); print ($12 + $13) * 1000 / tck }' "/proc/$1/stat"
}
calc() { awk "BEGIN { printf \"%.4g\", $* }"; }
loadgen() { dotnet "$LOADGEN_DLL" "$@"; }

declare -A PID_OF PORT_OF
CONTENDERS=(ours)

start_ours() { # NAME PORT DLL ENV...
  local name="$1" port="$2" dll="$3"
  shift 3
  (cd "$WORK" && exec env "$@" dotnet "$dll" \
    --Gemini:Port "$port" --Gemini:Hostname localhost --Gemini:ListenAddresses:0 127.0.0.1 \
    --Gemini:DataDirectory "$WORK/data-$name" --Gemini:CertificatePath "$WORK/server.crt" --Gemini:KeyPath "$WORK/server.key" \
    --Gemini:ContentDirectory "$WORK/capsule" --Gemini:MaxConnections 4096 --Gemini:MaxConnectionsPerIp 4096 \
    --Gemini:MaxConnectionsPerNetwork 4096) >"$WORK/$name.log" 2>&1 &
  PID_OF[$name]=$!
  PORT_OF[$name]=$port
  PIDS+=($!)
}

start_ours ours 1965 "$SERVER_DLL"
if [[ -n "$ALT_DLL" || ${#ALT_ENV[@]} -gt 0 ]]; then
  start_ours alt 1967 "${ALT_DLL:-$SERVER_DLL}" "${ALT_ENV[@]}"
  CONTENDERS+=(alt)
fi
if [[ "$MOLLY" == 1 ]]; then
  cat >"$WORK/molly.conf" <<EOF
Port = 1966
Hostname = "localhost"
CertPath = "$WORK/server.crt"
KeyPath = "$WORK/server.key"
DocBase = "$WORK/capsule"
AccessLog = "$WORK/molly-access.log"
ErrorLog = "$WORK/molly-error.log"
EOF
  (exec molly-brown -c "$WORK/molly.conf") >"$WORK/molly.log" 2>&1 &
  PID_OF[molly]=$!
  PORT_OF[molly]=1966
  PIDS+=($!)
  CONTENDERS+=(molly)
fi

for name in "${CONTENDERS[@]}"; do
  if ! loadgen --url "gemini://localhost:${PORT_OF[$name]}/" --wait-up 30 --resume off >/dev/null 2>&1; then
    echo "molly.sh: $name did not answer on port ${PORT_OF[$name]}; its log:" >&2
    tail -20 "$WORK/$name.log" "$WORK/molly-error.log" 2>/dev/null >&2
    exit 1
  fi
done
echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); ${CONTENDERS[*]}; $ROUNDS rounds of ${DURATION} s after ${WARMUP} s warm-up, $CONCURRENCY clients" >&2
[[ ${#ALT_ENV[@]} -gt 0 || -n "$ALT_DLL" ]] && echo "   alt: ${ALT_DLL:-same build} ${ALT_ENV[*]}" >&2

scenario_args() {
  case "$1" in
    plain) echo "--resume off" ;;
    cert) echo "--resume off --cert $WORK/client.crt --key $WORK/client.key" ;;
    resume) echo "--resume on" ;;
    cert-resume) echo "--resume on --cert $WORK/client.crt --key $WORK/client.key" ;;
    *) echo "molly.sh: unknown scenario $1" >&2; exit 2 ;;
  esac
}

IFS=',' read -r -a SCENARIO_LIST <<<"$SCENARIOS"
# Every contender runs every scenario once, unmeasured, before round 1: the .NET servers' JIT tiers
# up under load, and that one-off cost is not what a long-running server pays per request.
echo "  priming: ${PRIME} s of each scenario on each server, not measured" >&2
for scenario in "${SCENARIO_LIST[@]}"; do
  read -r -a extra <<<"$(scenario_args "$scenario")"
  for name in "${CONTENDERS[@]}"; do
    loadgen --url "gemini://localhost:${PORT_OF[$name]}/" --concurrency "$CONCURRENCY" --duration "$PRIME" --timeout 10 "${extra[@]}" >/dev/null 2>&1
  done
done
for round in $(seq 1 "$ROUNDS"); do
  for scenario in "${SCENARIO_LIST[@]}"; do
    # shellcheck disable=SC2046
    read -r -a extra <<<"$(scenario_args "$scenario")"
    for name in "${CONTENDERS[@]}"; do
      pid="${PID_OF[$name]}"
      json="$WORK/results/$scenario-$name-$round.json"
      before="$(cpu_ms "$pid")"
      if ! loadgen --label "$scenario-$name-$round" --url "gemini://localhost:${PORT_OF[$name]}/" --concurrency "$CONCURRENCY" \
        --warmup "$WARMUP" --duration "$DURATION" --timeout 10 --json-out "$json" "${extra[@]}" >"${json%.json}.txt" 2>&1; then
        echo "  $scenario $name round $round: the load generator failed:" >&2
        sed 's/^/    /' "${json%.json}.txt" >&2
        rm -f "$json"
        continue
      fi
      after="$(cpu_ms "$pid")"
      jq --argjson cpu "$(calc "$after - $before")" '. + {server_cpu_ms: $cpu}' "$json" >"$json.tmp" && mv "$json.tmp" "$json"
      printf '  round %s %-7s %-6s %8.1f req/s  p99 %7.2f ms  CPU %6.3f ms/req  errors %s  resumed %s\n' "$round" "$scenario" "$name" \
        "$(jq .requests_per_second "$json")" "$(jq .latency_ms.p99 "$json")" \
        "$(jq '.server_cpu_ms / (.attempted + .warmup_attempted)' "$json")" "$(jq .errors_total "$json")" "$(jq .resumed_handshakes "$json")" >&2
    done
  done
done

# Totals over the rounds: req/s and CPU/request from summed counts, p99 as the median of the rounds.
summary() { # SCENARIO NAME -> "reqs cpu p99 errors"
  local files=("$WORK/results/$1-$2-"*.json)
  [[ -f "${files[0]}" ]] || { echo "n/a n/a n/a n/a"; return; }
  jq -s -r '
    (map(.completed) | add) as $n | (map(.elapsed_s) | add) as $t
    | (map(.server_cpu_ms) | add) as $cpu | (map(.attempted + .warmup_attempted) | add) as $all
    | (map(.latency_ms.p99) | sort) as $p | $p[($p | length) / 2 | floor] as $p99
    | "\($n / $t * 10 | round / 10) \($cpu / $all * 1000 | round / 1000) \($p99 * 100 | round / 100) \(map(.errors_total) | add)"' "${files[@]}"
}

{
  echo "GeminiWiki vs molly-brown, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $ROUNDS interleaved rounds of ${DURATION} s, $CONCURRENCY clients, / of a one-file capsule, ECDSA P-256"
  [[ ${#ALT_ENV[@]} -gt 0 || -n "$ALT_DLL" ]] && echo "alt = ${ALT_DLL:-the same build} ${ALT_ENV[*]}"
  echo
  header="| scenario | server | req/s | p99 ms | server CPU ms/req | errors |"
  [[ "$MOLLY" == 1 ]] && header+=" req/s ÷ molly | p99 ÷ molly | CPU ÷ molly |"
  echo "$header"
  echo "$header" | sed 's/[^|][^|]*/ --- /g'
  for scenario in "${SCENARIO_LIST[@]}"; do
    read -r mr mc mp _ <<<"$(summary "$scenario" molly)"
    for name in "${CONTENDERS[@]}"; do
      read -r r c p e <<<"$(summary "$scenario" "$name")"
      line="| $scenario | $name | $r | $p | $c | $e |"
      if [[ "$MOLLY" == 1 ]]; then
        if [[ "$name" == molly || "$r" == n/a || "$mr" == n/a ]]; then
          line+=" | | |"
        else
          line+=" $(calc "$r / $mr") | $(calc "$p / $mp") | $(calc "$c / $mc") |"
        fi
      fi
      echo "$line"
    done
  done
} | tee "$WORK/results/summary.md"
