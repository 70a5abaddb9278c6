# Shared by the bench scripts: a private redis-server on a free loopback port, and helpers.
# The caller sets WORK (a temporary directory it removes) before start_redis.
# shellcheck shell=bash

log() { printf '==> %s\n' "$*" >&2; }

free_port() { # a loopback port nobody listens on
  local port
  while :; do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

wait_port() { # wait_port PORT SECONDS NAME
  local deadline=$((SECONDS + $2))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "$3 did not listen on port $1 within $2 s; see its log:" >&2
      tail -30 "$WORK/$3.log" >&2 || true
      exit 1
    fi
    sleep 0.2
  done
}

build_loadtest() { # prints the path of a private copy of the loadtest jar, built unless
  # BENCH_NO_BUILD is set and a jar exists; private, so a build elsewhere in this checkout cannot
  # replace it while the script measures
  local jar=loadtest/target/loadtest.jar
  if [ ! -f "$jar" ] || [ -z "${BENCH_NO_BUILD:-}" ]; then
    log "building $jar"
    ./mvnw -B -q -pl loadtest -am package -DskipTests >&2
  fi
  cp "$jar" "$WORK/loadtest.jar"
  echo "$WORK/loadtest.jar"
}

# No automatic AOF rewrites: the scripts compact the AOF themselves between runs (redis_reset). An
# automatic one forks and serializes the whole stream, up to a core for seconds, at a point set by
# the AOF's growth: late in a loadtest run, whose figure is its last seconds (after the warm-up)
# when its stream is largest, but spread over the whole of a reference run, which has no warm-up.
start_redis() { # sets REDIS_PORT and REDIS_PID: AOF, appendfsync everysec, in $WORK/redis
  REDIS_PORT=$(free_port)
  mkdir -p "$WORK/redis"
  log "starting redis-server on 127.0.0.1:$REDIS_PORT (AOF, appendfsync everysec)"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$WORK/redis" --daemonize no \
    --appendonly yes --appendfsync everysec --auto-aof-rewrite-percentage 0 --save "" \
    --protected-mode no \
    >"$WORK/redis.log" 2>&1 &
  REDIS_PID=$!
  disown "$REDIS_PID" # no "Killed" job notice from bash at clean-up
  wait_port "$REDIS_PORT" 20 redis
}

# Between Redis runs: drop the run's stream and compact the AOF (a rewrite, waited for), so that no
# run pays for the gigabytes of appends the one before it left behind.
redis_reset() { # redis_reset STREAM
  redis-cli -p "$REDIS_PORT" DEL "$1" >/dev/null
  redis-cli -p "$REDIS_PORT" BGREWRITEAOF >/dev/null
  local deadline=$((SECONDS + 120))
  until redis-cli -p "$REDIS_PORT" INFO persistence | tr -d '\r' \
    | grep -qx 'aof_rewrite_in_progress:0'; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "Redis AOF rewrite did not finish in 120 s" >&2; exit 1; }
    sleep 0.2
  done
}
