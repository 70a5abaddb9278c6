#!/usr/bin/env bash
# What each message costs Redis itself: CPU time of a private redis-server (AOF everysec) per
# stream entry, for the reference clients doing one part of the work each, and for the loadtest.
# On a machine where Redis's core is the limit, throughput is inversely proportional to this cost,
# so the ratios it prints are the throughput ratios a client can reach against redis-benchmark
# when Redis is equally busy in both runs (the bench's goals, see bench/README.md):
#
#   redis-benchmark -P 16, 50 clients: XADD key * payload <1 KiB>            (the reference)
#   redis-benchmark -P 16, 50 clients: XADD with the loadtest's fields       (payload, h:published-at)
#   redis-benchmark, 3 clients: XREADGROUP ... COUNT 400 over those entries  (delivery, pending list)
#   redis-cli --pipe: XACK of 64 ids per command over those entries          (acknowledgement)
#   loadtest, 1 producer, publish only; loadtest, 1 producer and 3 consumers (--prefetch 400),
#   and the same with pack=64 (per message, --prefetch 16)
#
#   bash bench/redis-cost.sh                  # ~2 minutes
#   COST_SECONDS=30s bash bench/redis-cost.sh # longer loadtest runs, as many entries per reference
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source bench/lib.sh

SECONDS_PER_RUN=${COST_SECONDS:-10s} # each loadtest run, after a 5 s warm-up

need redis-server redis-server
need redis-benchmark redis-tools
need redis-cli redis-tools
need jq jq

WORK=$(mktemp -d /tmp/detektr-cost.XXXXXX)
REDIS_PID=""
cleanup() {
  set +e
  [ -n "$REDIS_PID" ] && kill -9 "$REDIS_PID" 2>/dev/null
  sleep 0.5
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

JAR=$(build_loadtest)

start_redis
HZ=$(getconf CLK_TCK)
PAYLOAD_1K=$(head -c 1024 /dev/zero | tr '\0' 'x')
rc() { redis-cli -p "$REDIS_PORT" "$@"; }
# User and system time of Redis's main thread, which runs every command. Not the whole process:
# jemalloc's background thread returns the memory of the stream the last reset dropped, for seconds
# after it, and would charge that to whatever runs next.
ticks() { awk '{ print $14 + $15 }' "/proc/$REDIS_PID/task/$REDIS_PID/stat"; }

declare -A COST COUNT
measure() { # measure NAME ENTRIES-OR-STREAM CMD...: Redis CPU microseconds per entry of CMD
  local name=$1 count=$2 before after
  shift 2
  before=$(ticks)
  "$@" >"$WORK/$name.out" 2>&1 || { tail -20 "$WORK/$name.out" >&2; exit 1; }
  after=$(ticks)
  case $count in
    [0-9]*) ;;
    *.json) count=$(jq -r .sent "$count") ;; # messages, where an entry may hold several
    *) count=$(rc XLEN "$count") ;;
  esac
  COUNT[$name]=$count
  COST[$name]=$(awk -v t=$((after - before)) -v hz="$HZ" -v n="$count" \
    'BEGIN { printf "%.2f", t * 1e6 / hz / n }')
  log "$name: ${COST[$name]} us of Redis CPU per message ($count messages; one entry each unless packed)"
}
expect() { # expect WHAT ACTUAL WANTED
  [ "$2" = "$3" ] || { echo "$1 was $2, expected $3: the measurement is void" >&2; exit 1; }
}
group_field() { rc XINFO GROUPS "$1" | tr -d '\r' | awk -v f="$2" 'p { print; exit } $0 == f { p = 1 }'; }

loadtest() { # loadtest STREAM [options...] (LOADTEST_QUERY: URI options, e.g. ?pack=64)
  local stream=$1
  shift
  java -Xmx512m -jar "$JAR" --quiet --broker "redis://127.0.0.1:$REDIS_PORT${LOADTEST_QUERY:-}" \
    --topic "$stream" --rate 0 --producers 1 --payload-size 1KB --duration "$SECONDS_PER_RUN" \
    --warmup 5s "$@"
}

# Redis costs more per entry as its stream and AOF grow, so each reference writes as many entries
# as the loadtest run it is set against.
measure loadtest-publish cost-pub loadtest cost-pub --consumers 0
redis_reset cost-pub
measure xadd cost-ref redis-benchmark -p "$REDIS_PORT" -P 16 -n "${COUNT[loadtest-publish]}" -q \
  XADD cost-ref '*' payload "$PAYLOAD_1K"
redis_reset cost-ref

measure loadtest-e2e cost-e2e loadtest cost-e2e --consumers 3 --prefetch 400
redis_reset cost-e2e
LOADTEST_QUERY="?pack=64" measure loadtest-e2e-pack "$WORK/pack.json" \
  loadtest cost-e2e-pack --consumers 3 --prefetch 16 --json "$WORK/pack.json"
redis_reset cost-e2e-pack
N=${COUNT[loadtest-e2e]}
measure xadd-same cost-fields redis-benchmark -p "$REDIS_PORT" -P 16 -n "$N" -q \
  XADD cost-fields '*' payload "$PAYLOAD_1K"
redis_reset cost-fields
measure xadd-fields cost-fields redis-benchmark -p "$REDIS_PORT" -P 16 -n "$N" -q \
  XADD cost-fields '*' payload "$PAYLOAD_1K" h:published-at 1764210000123456
N=$(rc XLEN cost-fields) # redis-benchmark may write a few more than asked
rc XGROUP CREATE cost-fields g 0 >/dev/null
# Each reply holds 400 entries; the last, short call finds the stream read to its end.
measure xreadgroup "$N" redis-benchmark -p "$REDIS_PORT" -c 3 -P 1 \
  -n $((N / 400 + 3)) -q XREADGROUP GROUP g c COUNT 400 STREAMS cost-fields '>'
expect "pending after XREADGROUP" "$(group_field cost-fields pending)" "$N"
rc XPENDING cost-fields g - + "$N" | awk 'NR % 4 == 1' >"$WORK/ids"
awk 'function bulk(s) { return "$" length(s) "\r\n" s "\r\n" }
  { ids[n++] = $0 }
  END {
    for (i = 0; i < n; i += 64) {
      k = (n - i < 64) ? n - i : 64
      printf "*%d\r\n%s%s%s", k + 3, bulk("XACK"), bulk("cost-fields"), bulk("g")
      for (j = i; j < i + k; j++) printf "%s", bulk(ids[j])
    }
  }' "$WORK/ids" >"$WORK/xack.resp"
measure xack "$N" redis-cli -p "$REDIS_PORT" --pipe <"$WORK/xack.resp"
expect "pending after XACK" "$(group_field cost-fields pending)" 0
redis_reset cost-fields

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
sum() { awk -v a="$1" -v b="$2" -v c="$3" 'BEGIN { printf "%.2f", a + b + c }'; }
IDEAL_E2E=$(sum "${COST[xadd-fields]}" "${COST[xreadgroup]}" "${COST[xack]}")
row() { printf '| %-58s | %8s | %-26s |\n' "$@"; }
echo
echo "Redis CPU per 1 KiB entry, $(date -u +%Y-%m-%d), $(nproc) cores, Redis" \
  "$(redis-server --version | grep -o 'v=[0-9.]*' | tr -d v=) (AOF everysec); ratio = the" \
  "reference's cost / this cost, i.e. the throughput ratio when Redis is equally busy"
echo
row "work (client)" "us/entry" "ratio to the reference"
row "----------------------------------------------------------" "--------" \
  "--------------------------"
row "publish, ${COUNT[xadd]} entries each:" "" ""
row "XADD payload (redis-benchmark -P 16, 50 clients)" "${COST[xadd]}" "1.00 (reference)"
row "loadtest: 1 producer, publish only" "${COST[loadtest-publish]}" \
  "$(ratio "${COST[xadd]}" "${COST[loadtest-publish]}")"
row "end to end, ${COUNT[xadd-same]} entries each:" "" ""
row "XADD payload (redis-benchmark -P 16, 50 clients)" "${COST[xadd-same]}" "1.00 (reference)"
row "XADD payload, h:published-at (same client)" "${COST[xadd-fields]}" \
  "$(ratio "${COST[xadd-same]}" "${COST[xadd-fields]}")"
row "XREADGROUP COUNT 400 of those (redis-benchmark, 3 clients)" "${COST[xreadgroup]}" "-"
row "XACK of those, 64 ids per command (redis-cli --pipe)" "${COST[xack]}" "-"
row "  publish, consume, ack: the three above" "$IDEAL_E2E" \
  "$(ratio "${COST[xadd-same]}" "$IDEAL_E2E") (best case)"
row "loadtest: 1 producer, 3 consumers (--prefetch 400)" "${COST[loadtest-e2e]}" \
  "$(ratio "${COST[xadd-same]}" "${COST[loadtest-e2e]}")"
row "the same, pack=64 (--prefetch 16), per message" "${COST[loadtest-e2e-pack]}" \
  "$(ratio "${COST[xadd-same]}" "${COST[loadtest-e2e-pack]}")"
