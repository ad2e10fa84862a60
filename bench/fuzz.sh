#!/usr/bin/env bash
# The long run of the property tier (issue 9): every CsCheck property of the test suite, each for a
# fixed time instead of its fixed number of inputs, then one table: property, inputs tried, seconds,
# result. Pure in-process checks: no server, no network. Bounded by the time per property.
#
#   bench/fuzz.sh [--seconds S] [--no-build]
#
#   --seconds S   time per property (default 30; env FUZZ_SECONDS)
#   --no-build    use the existing Release build
#
# A failing property prints CsCheck's report: the seed to replay (CsCheck_Seed=...) and the shrunk input.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_PROPERTY="${FUZZ_SECONDS:-30}"
BUILD=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) SECONDS_PER_PROPERTY="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

PROJECTS=(tests/GeminiWiki.Protocol.Tests tests/GeminiWiki.Domain.Tests)
REPORT="$(mktemp "${TMPDIR:-/tmp}/geminiwiki-fuzz.XXXXXX")"
LOG="$(mktemp "${TMPDIR:-/tmp}/geminiwiki-fuzz-log.XXXXXX")"
trap 'rm -f "$REPORT"' EXIT

if [[ "$BUILD" == 1 ]]; then
  for project in "${PROJECTS[@]}"; do
    dotnet build -c Release --nologo -v q "$ROOT/$project" >"$LOG" 2>&1 \
      || { cat "$LOG" >&2; echo "fuzz.sh: build of $project failed" >&2; exit 1; }
  done
fi

START="$(date +%s)"
status=0
for project in "${PROJECTS[@]}"; do
  # One property at a time (no parallel test collections): each gets the machine for its time.
  GEMINIWIKI_FUZZ_SECONDS="$SECONDS_PER_PROPERTY" GEMINIWIKI_FUZZ_REPORT="$REPORT" \
    dotnet test "$ROOT/$project" -c Release --no-build --nologo --filter "Category=Property" \
    -- xUnit.ParallelizeTestCollections=false >>"$LOG" 2>&1 || status=1
done
ELAPSED=$(( $(date +%s) - START ))

if [[ "$status" != 0 ]]; then
  grep -E -A12 '\[FAIL\]|CsCheckException' "$LOG" >&2
fi

{
  echo "GeminiWiki property long run, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, ${SECONDS_PER_PROPERTY} s per property"
  echo
  echo "| property | inputs | seconds | result |"
  echo "| --- | ---: | ---: | --- |"
  sort "$REPORT" | awk -F'\t' '{ printf "| %s | %d | %s | %s |\n", $1, $2, $3, $4 }'
  awk -F'\t' '{ n += $2; f += ($4 != "ok") } END { printf "\n%d properties, %d inputs, %d failed", NR, n, f }' "$REPORT"
  echo ", ${ELAPSED} s in all"
} | tee "${TMPDIR:-/tmp}/geminiwiki-fuzz-summary.md"
echo "Test log: $LOG" >&2
exit "$status"
