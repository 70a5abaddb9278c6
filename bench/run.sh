#!/usr/bin/env bash
# Side-by-side benchmark, one run on this machine: starts its own Redis (AOF everysec) and
# RabbitMQ node on free loopback ports, then runs
#   redis-benchmark -P 16 XADD (1 KiB)      vs  loadtest against Redis (publish only, end to end;
#                                                one message per entry, then packed, pack=64),
#                                                the same number of entries as the run it is set against
#   RabbitMQ PerfTest 2.22.1 (persistent 1 KiB, confirms, manual acks, 1 producer / 3 consumers)
#                                            vs  loadtest against RabbitMQ, same settings
#   a plain-client reference (bench/PlainRedisReference.java on Jedis: pipelined XADD, 3 consumers
#   on XREADGROUP COUNT 100 + XACK per batch)
#                                            vs  loadtest against Redis at fixed 1,000 and 10,000
#                                                msg/s (p99, p99.9) and end to end flat out
# plus loadtest with 100 KiB payloads, and prints one table with each figure and its ratio to the
# reference, then every run's lost and out-of-order counts (a figure counts only from a run with 0
# of both). Stops by itself; servers and temp files are removed on exit, also on Ctrl-C.
#
#   bash bench/run.sh                     # ~24 minutes
#   BENCH_ROUNDS=1 bash bench/run.sh      # one round of the throughput comparisons, ~8 minutes
#   BENCH_SECONDS=30 bash bench/run.sh    # longer measured windows
#   BENCH_LONG=1 bash bench/run.sh        # adds the 10-minute, 1,000 msg/s runs (0 lost wanted)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source bench/lib.sh

SECONDS_PER_RUN=${BENCH_SECONDS:-15}
# The JVM compiles its hot paths for the first 5 to 10 s of a run, and on 2 cores that compiler
# competes with the broker for CPU; the measured window starts after it (steady state, as JMH does).
WARMUP=${BENCH_WARMUP:-10s}
LONG=${BENCH_LONG:-0}
ROUNDS=${BENCH_ROUNDS:-3}
PACK=${BENCH_PACK:-64} # messages per stream entry in the packed Redis runs
PERFTEST_VERSION=2.22.1
JEDIS_VERSION=8.0.2
HDR_VERSION=2.2.2
RABBIT_SERVER=/usr/lib/rabbitmq/bin/rabbitmq-server

need redis-server redis-server
need redis-benchmark redis-tools
need redis-cli redis-tools
need "$RABBIT_SERVER" rabbitmq-server
need jq jq
need chrt util-linux

WORK=$(mktemp -d /tmp/detektr-bench.XXXXXX)
# one HTML page per loadtest run (loadtest --report), kept after the run
REPORTS=${BENCH_REPORTS:-/tmp/detektr-bench-reports/$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$REPORTS"
REDIS_PID=""
RABBIT_PID=""
cleanup() {
  set +e
  [ -n "$REDIS_PID" ] && kill -9 "$REDIS_PID" 2>/dev/null
  # rabbitmq-server runs in its own session: kill the whole process group (the Erlang VM and
  # its helpers), nothing else.
  [ -n "$RABBIT_PID" ] && kill -9 -- "-$RABBIT_PID" 2>/dev/null
  sleep 0.5
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build and fetch -------------------------------------------------------------------------
JAR=$(build_loadtest)
# maven_jars DIR GROUP:ARTIFACT:VERSION...: the artifacts and their runtime dependencies in DIR/lib
# (Maven Central, cached in ~/.m2)
maven_jars() {
  local dir=$1 deps="" coordinates
  shift
  for coordinates in "$@"; do
    IFS=: read -r g a v <<<"$coordinates"
    deps="$deps<dependency><groupId>$g</groupId><artifactId>$a</artifactId><version>$v</version></dependency>"
  done
  mkdir -p "$dir"
  cat >"$dir/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>$(basename "$dir")</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>$deps</dependencies>
  <build><plugins><plugin>
    <groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId>
    <version>3.8.1</version>
  </plugin></plugins></build>
</project>
EOF
  ./mvnw -B -q -f "$dir/pom.xml" dependency:copy-dependencies -DoutputDirectory="$dir/lib" \
    -DincludeScope=runtime
}
log "fetching RabbitMQ PerfTest $PERFTEST_VERSION"
maven_jars "$WORK/perftest" "com.rabbitmq:perf-test:$PERFTEST_VERSION"
log "fetching Jedis $JEDIS_VERSION and HdrHistogram $HDR_VERSION for the plain-client reference"
maven_jars "$WORK/plain" "redis.clients:jedis:$JEDIS_VERSION" \
  "org.hdrhistogram:HdrHistogram:$HDR_VERSION"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg) # other work on the machine skews every figure

# --- servers ---------------------------------------------------------------------------------
start_redis

REDIS_URI="redis://127.0.0.1:$REDIS_PORT"
PAYLOAD_1K=$(head -c 1024 /dev/zero | tr '\0' 'x')

# --- runs ------------------------------------------------------------------------------------
loadtest() { # loadtest NAME [options...]: runs the CLI with a 512 MB heap, keeps its JSON
  local name=$1
  shift
  log "loadtest $name: $*"
  java -Xmx512m -jar "$JAR" --quiet --warmup "$WARMUP" --json "$WORK/$name.json" \
    --report "$REPORTS/$name.html" "$@" \
    | sed 's/^/    /' >&2 || log "loadtest $name exited with $? (figures kept)"
  if [ ! -s "$WORK/$name.json" ]; then
    echo "loadtest $name produced no report (see its output above); stopping" >&2
    exit 1
  fi
}
figure() { jq -r "$2" "$WORK/$1.json"; }
plain() { # plain NAME RATE SECONDS: the plain-client reference, 3 consumers; keeps its JSON
  local name=$1 rate=$2
  log "plain-client reference $name: Jedis, 1 producer, 3 consumers, rate $rate"
  java -Xmx512m -cp "$WORK/plain/lib/*" bench/PlainRedisReference.java "$REDIS_PORT" \
    "bench-plain" "$rate" "$3" "${WARMUP%s}" 3 2>/dev/null | tail -1 >"$WORK/ref-$name.json"
  jq -c . "$WORK/ref-$name.json" | sed 's/^/    /' >&2
  redis_reset bench-plain
}
refig() { jq -r "$2" "$WORK/ref-$1.json"; }

# The latency runs first, while the server and its AOF are fresh (later runs write gigabytes), and
# before the RabbitMQ node starts: only Redis and the loadtest run on the machine. In rounds like
# the throughput runs: one stall of the shared host in a 20 s run moves its p99 by a millisecond,
# so the table shows the median of the rounds' p99s (each round's under the table).
# Each loadtest run right next to the plain-client reference at the same rate.
FIXED_SECONDS=$((SECONDS_PER_RUN > 20 ? SECONDS_PER_RUN : 20))
for r in $(seq 1 "$ROUNDS"); do
  for rate in 1000 10000; do
    loadtest "redis-$rate-$r" --broker "$REDIS_URI" --topic bench-fixed --rate "$rate" \
      --producers 1 --consumers 3 --payload-size 1KB --duration "${FIXED_SECONDS}s"
    redis_reset bench-fixed
    plain "$rate-$r" "$rate" "$FIXED_SECONDS"
  done
done

AMQP_PORT=$(free_port)
DIST_PORT=$(free_port)
mkdir -p "$WORK/rabbit"
cat >"$WORK/rabbit/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:$AMQP_PORT
loopback_users = none
disk_free_limit.absolute = 50MB
EOF
echo "[]." >"$WORK/rabbit/enabled_plugins"
log "starting RabbitMQ node bench-$AMQP_PORT on 127.0.0.1:$AMQP_PORT"
RABBITMQ_NODENAME="bench-$AMQP_PORT@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
  RABBITMQ_NODE_PORT="$AMQP_PORT" RABBITMQ_DIST_PORT="$DIST_PORT" \
  RABBITMQ_MNESIA_BASE="$WORK/rabbit/mnesia" RABBITMQ_LOG_BASE="$WORK/rabbit/log" \
  RABBITMQ_CONFIG_FILE="$WORK/rabbit/rabbitmq.conf" \
  RABBITMQ_ENABLED_PLUGINS_FILE="$WORK/rabbit/enabled_plugins" \
  RABBITMQ_PLUGINS_EXPAND_DIR="$WORK/rabbit/plugins-expand" \
  RABBITMQ_PID_FILE="$WORK/rabbit/rabbit.pid" \
  setsid "$RABBIT_SERVER" >"$WORK/rabbit.log" 2>&1 &
RABBIT_PID=$!
disown "$RABBIT_PID"
wait_port "$AMQP_PORT" 120 rabbit

AMQP_URI="amqp://guest:guest@127.0.0.1:$AMQP_PORT"

# The loadtest's flat-out runs use SCHED_BATCH (a reply that wakes it never preempts the server on
# this host; its fixed-rate run keeps Linux's default, for latency); each reference runs under both
# that policy and Linux's default, and the better figure is the one compared with: the reference at
# its best.
POLICIES="other batch"
better() { awk -v a="$1" -v b="$2" 'BEGIN { print (b + 0 > a + 0 ? b : a) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# The reference is timed over the same stretch of the stream's growth as the loadtest run it is set
# against, in a fresh stream: it first writes, untimed, as many entries as that run sent in its
# warm-up, then, timed, as many as it confirmed in its measured window. Redis pays more per entry as
# its stream and AOF grow (on this VM, memory not touched lately costs two to three times more to
# fill, see bench/README.md), and the loadtest's window comes after its warm-up: a reference timed
# from an empty stream would be measured on cheaper entries.
xadd() { # xadd POLICY CLIENTS PIPELINE COUNT [FIELD VALUE...]: redis-benchmark's output
  chrt "--$1" 0 redis-benchmark -h 127.0.0.1 -p "$REDIS_PORT" -c "$2" -P "$3" -n "$4" -q \
    XADD bench-reference '*' payload "$PAYLOAD_1K" "${@:5}"
}
redis_benchmark() { # redis_benchmark RUN [CLIENTS PIPELINE [FIELD VALUE...]]: XADD/s
  local run=$1 clients=${2:-50} pipeline=${3:-16}
  shift $(($# < 3 ? $# : 3))
  local fields=("$@") measured warm best=0 rate policy
  measured=$(figure "$run" '.publishRate * .measuredSeconds | floor')
  warm=$(($(figure "$run" .sent) - measured))
  for policy in $POLICIES; do
    log "redis-benchmark ($policy): $warm x XADD untimed, then $measured timed, 1 KiB payload $*," \
      "pipeline $pipeline, $clients client(s)"
    if [ "$warm" -gt 0 ]; then
      xadd "$policy" "$clients" "$pipeline" "$warm" "${fields[@]}" >/dev/null
    fi
    rate=$(xadd "$policy" "$clients" "$pipeline" "$measured" "${fields[@]}" | tr '\r' '\n' \
      | grep -o '[0-9.]* requests per second' | tail -1 | cut -d' ' -f1)
    log "  $rate XADD/s"
    redis_reset bench-reference
    best=$(better "$best" "$rate")
  done
  echo "$best"
}

# Warm the server first: the first run to grow Redis to gigabytes pays the page faults for memory
# that later runs find ready; this way no measured run is that first one.
log "warming Redis: 4,000,000 x XADD of 1 KiB, then reset (not measured)"
redis-benchmark -h 127.0.0.1 -p "$REDIS_PORT" -P 16 -n 4000000 -q \
  XADD bench-warm '*' payload "$PAYLOAD_1K" >/dev/null
redis_reset bench-warm

# A publisher keeps its order on one connection, where redis-benchmark spreads its pipelines over
# 50 connections. Redis reads a connection's pipeline 16 to 32 KiB per turn of its event loop,
# unless the client enlarged that connection's query buffer, as the broker's publisher does under
# load: the publish run is set against both that reference and, like for like, redis-benchmark on
# one connection with the fields of the loadtest's messages (payload, published-at).
#
# Identical runs on a shared 2-core machine differ by up to 15%: the throughput comparisons run in
# rounds, each loadtest run right next to its references, and the table shows the median of the
# rounds' ratios (each round's ratios are printed under it).
median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END {
  print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
declare -A FIG # FIG[name]="round1 round2 ...": figures and ratios per round
add() { FIG[$1]="${FIG[$1]:-}$2 "; }
for r in $(seq 1 "$ROUNDS"); do
  for rate in 1000 10000; do
    add "fixed-$rate-p99" "$(figure "redis-$rate-$r" .latency.endToEnd.p99)"
    add "fixed-$rate-p999" "$(figure "redis-$rate-$r" .latency.endToEnd.p999)"
    add "plain-$rate-p99" "$(refig "$rate-$r" .p99)"
    add "plain-$rate-p999" "$(refig "$rate-$r" .p999)"
  done
  add fixed-pub-p99 "$(figure "redis-1000-$r" .latency.publish.p99)"
done
for r in $(seq 1 "$ROUNDS"); do
  log "round $r of $ROUNDS"
  loadtest "redis-publish-$r" --broker "$REDIS_URI" --topic bench-pub --rate 0 --producers 1 \
    --consumers 0 --payload-size 1KB --duration "${SECONDS_PER_RUN}s"
  redis_reset bench-pub
  lt=$(figure "redis-publish-$r" .publishRate)
  ref=$(redis_benchmark "redis-publish-$r")
  one=$(redis_benchmark "redis-publish-$r" 1 64 h:published-at 1764210000123456)
  add redis-pub "$lt"; add redis-pub-ref "$ref"; add redis-pub-ratio "$(ratio "$lt" "$ref")"
  add redis-one-ref "$one"; add redis-one-ratio "$(ratio "$lt" "$one")"

  loadtest "redis-e2e-$r" --broker "$REDIS_URI" --topic bench-e2e --rate 0 --producers 1 \
    --consumers 3 --prefetch 400 --payload-size 1KB --duration "${SECONDS_PER_RUN}s"
  redis_reset bench-e2e
  lt=$(figure "redis-e2e-$r" .receiveRate)
  ref=$(redis_benchmark "redis-e2e-$r")
  add redis-e2e "$lt"; add redis-e2e-ref "$ref"; add redis-e2e-ratio "$(ratio "$lt" "$ref")"
  plain "e2e-$r" 0 "$SECONDS_PER_RUN"
  ref=$(refig "e2e-$r" .receiveRate)
  add redis-e2e-plain "$ref"; add redis-e2e-plain-ratio "$(ratio "$lt" "$ref")"

  # The same two runs with pack=64: up to 64 messages per stream entry (see README, "Packed
  # entries"), set against the same references (as many 1 KiB entries as it sent messages).
  loadtest "redis-publish-pack-$r" --broker "$REDIS_URI?pack=$PACK" --topic bench-pub-pack \
    --rate 0 --producers 1 --consumers 0 --payload-size 1KB --duration "${SECONDS_PER_RUN}s"
  redis_reset bench-pub-pack
  lt=$(figure "redis-publish-pack-$r" .publishRate)
  ref=$(redis_benchmark "redis-publish-pack-$r")
  add redis-pub-pack "$lt"; add redis-pub-pack-ref "$ref"
  add redis-pub-pack-ratio "$(ratio "$lt" "$ref")"

  loadtest "redis-e2e-pack-$r" --broker "$REDIS_URI?pack=$PACK" --topic bench-e2e-pack \
    --rate 0 --producers 1 --consumers 3 --prefetch 16 --payload-size 1KB \
    --duration "${SECONDS_PER_RUN}s"
  redis_reset bench-e2e-pack
  lt=$(figure "redis-e2e-pack-$r" .receiveRate)
  ref=$(redis_benchmark "redis-e2e-pack-$r")
  add redis-e2e-pack "$lt"; add redis-e2e-pack-ref "$ref"
  add redis-e2e-pack-ratio "$(ratio "$lt" "$ref")"

  send=0
  recv=0
  for policy in $POLICIES; do
    log "PerfTest ($policy): 1 producer, 3 consumers, persistent 1 KiB, confirms"\
" (10,000 in flight), manual acks, prefetch 100, durable queue"
    out="$WORK/perftest-$r-$policy.out"
    chrt "--$policy" 0 java -Xmx512m -cp "$WORK/perftest/lib/*" com.rabbitmq.perf.PerfTest \
      -h "$AMQP_URI" -x 1 -y 3 -s 1024 -f persistent -c 10000 -q 100 -z "$SECONDS_PER_RUN" \
      -e "bench-perftest-$r-$policy" -t topic -k "#" -u "bench-perftest-$r-$policy.q" -ad false \
      >"$out" 2>&1 || { tail -20 "$out" >&2; exit 1; }
    grep -E 'rate avg|consumer latency' "$out" | sed 's/^/    /' >&2 || true
    send=$(better "$send" "$(grep -o 'sending rate avg: [0-9]*' "$out" | grep -o '[0-9]*$')")
    recv=$(better "$recv" "$(grep -o 'receiving rate avg: [0-9]*' "$out" | grep -o '[0-9]*$')")
  done
  loadtest "rabbit-e2e-$r" --broker "$AMQP_URI" --topic "bench-e2e-$r" --rate 0 --producers 1 \
    --consumers 3 --payload-size 1KB --prefetch 100 --max-in-flight 10000 \
    --duration "${SECONDS_PER_RUN}s"
  lt=$(figure "rabbit-e2e-$r" .publishRate)
  add rabbit-pub "$lt"; add rabbit-pub-ref "$send"; add rabbit-pub-ratio "$(ratio "$lt" "$send")"
  lt=$(figure "rabbit-e2e-$r" .receiveRate)
  add rabbit-e2e "$lt"; add rabbit-e2e-ref "$recv"; add rabbit-e2e-ratio "$(ratio "$lt" "$recv")"
done

loadtest redis-100k --broker "$REDIS_URI" --topic bench-frames --rate 0 --producers 1 \
  --consumers 3 --payload-size 100KB --max-in-flight 500 --duration "${SECONDS_PER_RUN}s"
redis_reset bench-frames
loadtest rabbit-100k --broker "$AMQP_URI" --topic bench-frames --rate 0 --producers 1 \
  --consumers 3 --payload-size 100KB --prefetch 100 --max-in-flight 500 \
  --duration "${SECONDS_PER_RUN}s"

if [ "$LONG" = 1 ]; then
  loadtest redis-long --broker "$REDIS_URI" --topic bench-long --rate 1000 --duration 10m
  loadtest rabbit-long --broker "$AMQP_URI" --topic bench-long --rate 1000 --duration 10m
fi

# --- table -----------------------------------------------------------------------------------
num() { LC_ALL=C.UTF-8 awk -v a="$1" 'BEGIN { printf "%.0f", a }' | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
ms() { awk -v a="$1" 'BEGIN { printf "%.2f ms", a / 1000 }'; }
row() { printf '| %-46s | %12s | %-28s | %6s | %-7s |\n' "$@"; }

m() { median <<<"${FIG[$1]}"; }
mr() { m "$1" | awk '{ printf "%.2f", $1 }'; } # a median ratio
rounds() { echo "${FIG[$1]% }"; }
RUNS=$(ls "$WORK"/*.json | grep -v '/ref-')
LOST=0
DISORDER=0
for f in $RUNS; do
  LOST=$((LOST + $(jq -r .lost "$f")))
  DISORDER=$((DISORDER + $(jq -r .outOfOrder "$f")))
done
HEAP=$(for f in $RUNS; do jq -r .jvm.peakHeapMb "$f"; done | sort -n | tail -1)
LIVE=$(for f in $RUNS; do jq -r .jvm.peakLiveHeapMb "$f"; done | sort -n | tail -1)

echo
echo "detektr broker benchmark, $(date -u +%Y-%m-%d), $(nproc) cores (load average before/after:" \
  "$LOAD_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg))," \
  "$(redis-server --version | grep -o 'v=[0-9.]*' | tr -d v=) Redis (AOF everysec)," \
  "RabbitMQ $(dpkg-query -W -f '${Version}' rabbitmq-server 2>/dev/null | cut -d- -f1)," \
  "${SECONDS_PER_RUN} s runs after ${WARMUP} warm-up, throughput the median of $ROUNDS rounds;" \
  "loadtest flat out as SCHED_BATCH, each reference the better of SCHED_OTHER and SCHED_BATCH"
echo
row "figure (1 KiB unless noted)" "loadtest" "reference" "ratio" "goal"
row "----------------------------------------------" "------------" \
  "----------------------------" "------" "-------"
row "Redis publish only, msg/s" "$(num "$(m redis-pub)")" \
  "$(num "$(m redis-pub-ref)") redis-benchmark" "$(mr redis-pub-ratio)" ">= 0.80"
row "  like for like: 1 connection, same fields" "$(num "$(m redis-pub)")" \
  "$(num "$(m redis-one-ref)") redis-benchmark -c 1" "$(mr redis-one-ratio)" "report"
row "Redis end to end (1 prod, 3 cons, ack), msg/s" "$(num "$(m redis-e2e)")" \
  "$(num "$(m redis-e2e-ref)") redis-benchmark" "$(mr redis-e2e-ratio)" ">= 0.50"
row "Redis publish only, pack=$PACK, msg/s" "$(num "$(m redis-pub-pack)")" \
  "$(num "$(m redis-pub-pack-ref)") redis-benchmark" "$(mr redis-pub-pack-ratio)" ">= 0.80"
row "Redis end to end, pack=$PACK, msg/s" "$(num "$(m redis-e2e-pack)")" \
  "$(num "$(m redis-e2e-pack-ref)") redis-benchmark" "$(mr redis-e2e-pack-ratio)" ">= 0.50"
row "RabbitMQ publish (confirmed), msg/s" "$(num "$(m rabbit-pub)")" \
  "$(num "$(m rabbit-pub-ref)") PerfTest send" "$(mr rabbit-pub-ratio)" ">= 1.00"
row "RabbitMQ end to end (1 prod, 3 cons), msg/s" "$(num "$(m rabbit-e2e)")" \
  "$(num "$(m rabbit-e2e-ref)") PerfTest receive" "$(mr rabbit-e2e-ratio)" ">= 1.00"
row "  plain client (Jedis), one message per entry" "$(num "$(m redis-e2e)")" \
  "$(num "$(m redis-e2e-plain)") Jedis reference" "$(mr redis-e2e-plain-ratio)" ">= 1.00"
row "Redis at 1,000 msg/s: end-to-end p99" "$(ms "$(m fixed-1000-p99)")" \
  "$(ms "$(m plain-1000-p99)") Jedis" "$(ratio "$(m fixed-1000-p99)" "$(m plain-1000-p99)")" \
  "<= 1.00"
row "Redis at 1,000 msg/s: end-to-end p99.9" "$(ms "$(m fixed-1000-p999)")" \
  "$(ms "$(m plain-1000-p999)") Jedis" "$(ratio "$(m fixed-1000-p999)" "$(m plain-1000-p999)")" \
  "<= 1.00"
row "Redis at 10,000 msg/s: end-to-end p99" "$(ms "$(m fixed-10000-p99)")" \
  "$(ms "$(m plain-10000-p99)") Jedis" "$(ratio "$(m fixed-10000-p99)" "$(m plain-10000-p99)")" \
  "<= 1.00"
row "Redis at 10,000 msg/s: end-to-end p99.9" "$(ms "$(m fixed-10000-p999)")" \
  "2 ms goal ($(ms "$(m plain-10000-p999)") Jedis)" "$(ratio "$(m fixed-10000-p999)" 2000)" \
  "< 1.00"
row "Redis at 1,000 msg/s: publish p99" "$(ms "$(m fixed-pub-p99)")" \
  "-" "-" "-"
row "Redis 100 KiB end to end, msg/s" "$(num "$(figure redis-100k .receiveRate)")" \
  "$(printf '%.0f MB/s' "$(figure redis-100k .receiveMegabytesPerSecond)")" "-" "report"
row "RabbitMQ 100 KiB end to end, msg/s" "$(num "$(figure rabbit-100k .receiveRate)")" \
  "$(printf '%.0f MB/s' "$(figure rabbit-100k .receiveMegabytesPerSecond)")" "-" "report"
row "loadtest JVM heap, -Xmx512m: peak used, MB" "$HEAP" "512 MB limit" "$(ratio "$HEAP" 512)" \
  "< 1.00"
row "loadtest JVM heap: peak live after GC, MB" "$LIVE" "512 MB limit" "$(ratio "$LIVE" 512)" \
  "< 1.00"
row "lost messages, all loadtest runs" "$LOST" "0" "-" "0"
row "out-of-order messages, all loadtest runs" "$DISORDER" "0" "-" "0"
if [ "$LONG" = 1 ]; then
  row "10 min at 1,000 msg/s, Redis: lost" "$(figure redis-long .lost)" "0" "-" "0"
  row "10 min at 1,000 msg/s, RabbitMQ: lost" "$(figure rabbit-long .lost)" "0" "-" "0"
fi
echo
echo "ratios per round, their median above: Redis publish $(rounds redis-pub-ratio) (like for" \
  "like $(rounds redis-one-ratio)), Redis end to end $(rounds redis-e2e-ratio), pack=$PACK:" \
  "publish $(rounds redis-pub-pack-ratio), end to end $(rounds redis-e2e-pack-ratio), RabbitMQ publish" \
  "$(rounds rabbit-pub-ratio), RabbitMQ end to end $(rounds rabbit-e2e-ratio); Redis at 1,000" \
  "msg/s, end-to-end p99 per round (us): $(rounds fixed-1000-p99) (Jedis $(rounds plain-1000-p99));" \
  "at 10,000 msg/s: p99 $(rounds fixed-10000-p99), p99.9 $(rounds fixed-10000-p999) (Jedis p99.9" \
  "$(rounds plain-10000-p999)); Jedis end to end flat out $(rounds redis-e2e-plain) msg/s"
echo
echo "one HTML report per loadtest run: $REPORTS"
echo
echo "every run: lost and out of order next to its throughput (a figure counts only with 0 and 0)"
printf '| %-24s | %12s | %12s | %6s | %10s | %6s |\n' run "publish/s" "receive/s" lost \
  "outOfOrder" failed
for f in "$WORK"/*.json; do
  n=$(basename "$f" .json)
  printf '| %-24s | %12.0f | %12.0f | %6s | %10s | %6s |\n' "$n" "$(jq -r .publishRate "$f")" \
    "$(jq -r .receiveRate "$f")" "$(jq -r .lost "$f")" "$(jq -r .outOfOrder "$f")" \
    "$(jq -r '.failed // 0' "$f")"
done
