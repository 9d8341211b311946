#!/usr/bin/env bash
# The load harness of issue 6: builds everything, runs each server pinned to CPU 1 and the load
# generator pinned to CPU 0, interleaves the peers over several rounds, and prints Markdown
# tables (medians, min..max, ratios against the peers of the same run).
#
#   benchmarks/run.sh            the full run (7 rounds, 3 s warm-up + 8 s per measurement, ~35 min)
#   benchmarks/run.sh --quick    a smoke run (2 rounds, 1 s + 2 s, 1,000 idle connections, ~6 min)
#
# Options: --rounds N, --warmup S, --duration S, --conns N, --size BYTES, --idle-conns N,
# --only LIST (comma-separated parts: echo,redis,redis-benchmark,idle,jmh; jmh is not in the
# default list), --jmh (adds the JMH micro-benchmarks, pinned to CPU 1), --skip-build,
# --no-install. Environment: SERVER_JAVA_OPTS (the JVM flags of every Java server), JMH_ARGS
# (JMH options and benchmark filter; default "-prof gc", with short iterations under --quick).
#
# Everything it writes goes to benchmarks/target/run-<timestamp>/: raw loadgen lines
# (results.txt), idle measurements and class histograms, server logs, and the tables
# (report.md). It only talks to 127.0.0.1 and every run is bounded in time.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")

ROUNDS=7
WARMUP=3
DURATION=8
CONNS=32
SIZE=16
IDLE_CONNS=10000
RB_REQUESTS=500000
ONLY="echo,redis,redis-benchmark,idle"
BUILD=1
INSTALL=1
QUICK=0
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-"-Xms512m -Xmx512m -XX:+UseSerialGC"}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) ROUNDS=2; WARMUP=1; DURATION=2; IDLE_CONNS=1000; RB_REQUESTS=50000; QUICK=1 ;;
        --jmh) ONLY="$ONLY,jmh" ;;
        --rounds) ROUNDS=$2; shift ;;
        --warmup) WARMUP=$2; shift ;;
        --duration) DURATION=$2; shift ;;
        --conns) CONNS=$2; shift ;;
        --size) SIZE=$2; shift ;;
        --idle-conns) IDLE_CONNS=$2; shift ;;
        --only) ONLY=$2; shift ;;
        --skip-build) BUILD=0 ;;
        --no-install) INSTALL=0 ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

wants() { [[ ",$ONLY," == *",$1,"* ]]; }

SERVER_CPU=1
LOAD_CPU=0
JAR=$HERE/target/benchmarks.jar
LOADGEN=$HERE/target/loadgen
OUT=$HERE/target/run-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
RESULTS=$OUT/results.txt
IDLE=$OUT/idle.txt
: > "$RESULTS"
: > "$IDLE"

log() { echo "[run.sh $(date +%H:%M:%S)] $*" >&2; }

# ---- what the machine needs -----------------------------------------------------------------
if [[ $INSTALL == 1 ]]; then
    missing=()
    command -v redis-server >/dev/null || missing+=(redis-server)
    command -v redis-benchmark >/dev/null || missing+=(redis-tools)
    command -v taskset >/dev/null || missing+=(util-linux)
    command -v ss >/dev/null || missing+=(iproute2)
    command -v gcc >/dev/null || missing+=(gcc)
    if [[ ${#missing[@]} -gt 0 ]]; then
        log "installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
fi
if [[ $(nproc) -lt 2 ]]; then
    log "warning: fewer than 2 CPUs; server and load share a core"
    SERVER_CPU=0
fi
# 10,000 idle connections need 10,000 descriptors in the server and in loadgen (each process
# has its own limit). Raise the hard limit if allowed, else go up to it.
want_fds=$((IDLE_CONNS + 1024))
if ! ulimit -n "$want_fds" 2>/dev/null; then
    hard=$(ulimit -Hn)
    [[ $hard != unlimited && $hard -lt $want_fds ]] && log "warning: ulimit -n is capped at $hard; idle connections may fail"
    ulimit -n "$hard" 2>/dev/null || true
fi

# ---- build ----------------------------------------------------------------------------------
if [[ $BUILD == 1 ]]; then
    log "building the benchmarks jar and the demo app"
    (cd "$ROOT" && ./mvnw -B -q -Pbenchmarks -pl benchmarks,demo-app -am package -DskipTests)
    log "building loadgen"
    mkdir -p "$HERE/target"
    gcc -O2 -Wall -o "$LOADGEN" "$HERE/loadgen/loadgen.c"
fi

# ---- servers --------------------------------------------------------------------------------
# Each server: name, port, command. All pinned to SERVER_CPU.
declare -A PORT CMD PID
PORT[core]=7101;        CMD[core]="java $SERVER_JAVA_OPTS -cp $JAR io.untwisted.bench.servers.CoreEchoServer 7101"
PORT[netty-nio]=7102;   CMD[netty-nio]="java $SERVER_JAVA_OPTS -cp $JAR io.untwisted.bench.servers.NettyEchoServer nio 7102"
PORT[netty-epoll]=7103; CMD[netty-epoll]="java $SERVER_JAVA_OPTS -cp $JAR io.untwisted.bench.servers.NettyEchoServer epoll 7103"
PORT[redis-server]=7110
CMD[redis-server]="redis-server --port 7110 --bind 127.0.0.1 --save '' --appendonly no --protected-mode no --daemonize no --io-threads 1 --logfile ''"
# The demo app (through the starter), on one reactor thread like the peers; its other servers
# and its HTTP port on free ports so that nothing clashes. Metrics are on by default.
DEMO_JAR=$ROOT/demo-app/target/untwisted-demo.jar
demo_cmd() { # echo-port redis-port extra-args...
    local echo=$1 redis=$2
    shift 2
    echo "java $SERVER_JAVA_OPTS -jar $DEMO_JAR --untwisted.reactor.threads=1 --server.port=0" \
        "--demo.echo.port=$echo --demo.redis.port=$redis --demo.chat.port=0 --demo.calc.port=0" \
        "--demo.time.port=0 --demo.exec.port=0 --demo.tls-echo.port=0 --spring.main.banner-mode=off $*"
}
PORT[demo-echo-metrics-on]=7121;  CMD[demo-echo-metrics-on]=$(demo_cmd 7121 0)
PORT[demo-echo-metrics-off]=7122; CMD[demo-echo-metrics-off]=$(demo_cmd 7122 0 --untwisted.metrics.enabled=false)
PORT[demo-redis]=7123;            CMD[demo-redis]=$(demo_cmd 0 7123)
ECHO_PEERS=(core netty-nio netty-epoll demo-echo-metrics-on demo-echo-metrics-off)
REDIS_PEERS=(redis-server demo-redis)
# The servers compared with each other are measured back to back: blocks of peers.
ECHO_BLOCKS=("core netty-nio" "netty-epoll" "demo-echo-metrics-on demo-echo-metrics-off")
REDIS_BLOCKS=("redis-server demo-redis")
COMPARE=(core/netty-nio core/netty-epoll demo-echo-metrics-on/demo-echo-metrics-off demo-echo-metrics-off/core
    demo-redis/redis-server)

wait_ready() { # name: the server's own pid listens on its port
    local name=$1 port=${PORT[$1]}
    for _ in $(seq 1 1200); do
        if ! kill -0 "${PID[$name]}" 2>/dev/null; then
            log "$name died; its log:"; cat "$OUT/$name.log" >&2; return 1
        fi
        if ss -Hltnp "( sport = :$port )" | grep -q "pid=${PID[$name]},"; then
            return 0
        fi
        sleep 0.1
    done
    log "$name did not listen on $port within 120 s"; return 1
}

start_server() { # name
    local name=$1
    if [[ -n $(ss -Hltn "( sport = :${PORT[$name]} )") ]]; then
        log "port ${PORT[$name]} of $name is already taken:"; ss -Hltnp "( sport = :${PORT[$name]} )" >&2; return 1
    fi
    # exec, so that $! is the server itself (taskset execs it too): CPU, RSS and jcmd need its pid.
    eval "exec taskset -c $SERVER_CPU ${CMD[$name]}" > "$OUT/$name.log" 2>&1 &
    PID[$name]=$!
    wait_ready "$name"
    log "$name listening on ${PORT[$name]} (pid ${PID[$name]}, CPU $SERVER_CPU)"
}

stop_server() { # name
    local name=$1
    if [[ -n "${PID[$name]:-}" ]]; then
        kill "${PID[$name]}" 2>/dev/null || true
        wait "${PID[$name]}" 2>/dev/null || true
        unset "PID[$name]"
    fi
}

cleanup() {
    for name in "${!PID[@]}"; do stop_server "$name"; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

loadgen() { # scenario peer round args...
    local scenario=$1 peer=$2 round=$3
    shift 3
    local line
    if ! line=$(taskset -c $LOAD_CPU "$LOADGEN" -p "${PORT[$peer]}" -S "${PID[$peer]}" -c "$CONNS" -s "$SIZE" \
            -w "$WARMUP" -d "$DURATION" -l "$scenario/$peer" "$@"); then
        log "loadgen failed against $peer in $scenario (round $round); no figure recorded"
        return 0
    fi
    echo "round=$round scenario=$scenario peer=$peer loadavg=$(cut -d' ' -f1 /proc/loadavg) $line" | tee -a "$RESULTS" >&2
}

# A fresh JVM compiles its hot path during its first seconds under load: give every server one
# untimed run (both pipeline depths) before the rounds, so that no round pays for it.
prime() { # mode peers...
    local mode=$1 peer
    shift
    for peer in "$@"; do
        taskset -c $LOAD_CPU "$LOADGEN" -p "${PORT[$peer]}" -c "$CONNS" -s "$SIZE" -m "$mode" -P 16 -w 0 \
            -d "$WARMUP" >/dev/null || log "priming $peer failed"
        taskset -c $LOAD_CPU "$LOADGEN" -p "${PORT[$peer]}" -c "$CONNS" -s "$SIZE" -m "$mode" -P 1 -w 0 \
            -d "$WARMUP" >/dev/null || log "priming $peer failed"
    done
}

# The order of the peers in one round: the blocks rotate from round to round so that none is
# always first or last, and the peers of a block swap places every other round, so that a
# compared pair runs back to back and neither of them always runs first.
round_order() { # round
    local round=$1 n=${#BLOCKS[@]} i block
    local -a peers
    for i in $(seq 0 $((n - 1))); do
        block=${BLOCKS[$(((i + round) % n))]}
        read -r -a peers <<< "$block"
        if (( round % 2 == 0 )); then
            printf '%s\n' "${peers[@]}" | tac
        else
            printf '%s\n' "${peers[@]}"
        fi
    done
}

# Runs the scenarios of one kind, every round in round_order.
run_rounds() { # kind; scenarios in SCENARIOS[], peer blocks in BLOCKS[]
    local round scenario args peer
    local -a order
    for round in $(seq 1 "$ROUNDS"); do
        log "round $round/$ROUNDS ($1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
        mapfile -t order < <(round_order "$round")
        for scenario in "${SCENARIO_ORDER[@]}"; do
            args=${SCENARIOS[$scenario]}
            for peer in "${order[@]}"; do
                # shellcheck disable=SC2086
                loadgen "$scenario" "$peer" "$round" $args
            done
        done
    done
}

echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -srm), $(nproc) CPUs, $(java -version 2>&1 | head -1)" >> "$RESULTS"
echo "# load average at start: $(cat /proc/loadavg)" >> "$RESULTS"
echo "# rounds=$ROUNDS warmup=$WARMUP duration=$DURATION conns=$CONNS size=$SIZE java_opts=$SERVER_JAVA_OPTS" >> "$RESULTS"

# ---- echo: core vs Netty ----------------------------------------------------------------------
if wants echo; then
    for peer in "${ECHO_PEERS[@]}"; do start_server "$peer"; done
    declare -A SCENARIOS=([echo-p1]="-m echo -P 1" [echo-p16]="-m echo -P 16")
    SCENARIO_ORDER=(echo-p1 echo-p16)
    BLOCKS=("${ECHO_BLOCKS[@]}")
    prime echo "${ECHO_PEERS[@]}"
    run_rounds echo
    for peer in "${ECHO_PEERS[@]}"; do stop_server "$peer"; done
fi

# ---- Redis protocol: PING, SET, GET ----------------------------------------------------------
if wants redis; then
    for peer in "${REDIS_PEERS[@]}"; do start_server "$peer"; done
    unset SCENARIOS
    declare -A SCENARIOS=([ping-p1]="-m ping -P 1" [ping-p16]="-m ping -P 16" [set-p1]="-m set -P 1"
        [set-p16]="-m set -P 16" [get-p1]="-m get -P 1" [get-p16]="-m get -P 16")
    SCENARIO_ORDER=(ping-p1 ping-p16 set-p1 set-p16 get-p1 get-p16)
    BLOCKS=("${REDIS_BLOCKS[@]}")
    prime set "${REDIS_PEERS[@]}"
    run_rounds redis
    for peer in "${REDIS_PEERS[@]}"; do stop_server "$peer"; done
fi

# ---- redis-benchmark, the real client ---------------------------------------------------------
RB=$OUT/redis-benchmark.csv
if wants redis-benchmark; then
    : > "$RB"
    for peer in "${REDIS_PEERS[@]}"; do
        start_server "$peer"
        for p in 1 16; do
            log "redis-benchmark -t set,get -P $p against $peer"
            taskset -c $LOAD_CPU redis-benchmark -h 127.0.0.1 -p "${PORT[$peer]}" -t set,get -n "$RB_REQUESTS" \
                -c "$CONNS" -P "$p" -d "$SIZE" --csv 2>/dev/null | sed "s/^/\"$peer\",\"P$p\",/" | tee -a "$RB" >&2
        done
        stop_server "$peer"
    done
fi

# ---- idle connections: heap and RSS per connection --------------------------------------------
# Each server starts fresh with a pre-touched heap (so RSS growth is memory outside the Java
# heap), is measured (class histogram after a full GC, VmRSS), gets IDLE_CONNS idle connections,
# and is measured again.
live_heap() { jcmd "$1" GC.class_histogram > "$2" && awk '/^Total/ {print $3}' "$2"; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
established() { ss -Htn state established "( sport = :$1 )" | wc -l; }

if wants idle; then
    for peer in core netty-nio; do
        saved=${CMD[$peer]}
        CMD[$peer]=${CMD[$peer]/java /java -XX:+AlwaysPreTouch }
        start_server "$peer"
        CMD[$peer]=$saved
        sleep 2
        pid=${PID[$peer]}
        heap0=$(live_heap "$pid" "$OUT/idle-$peer-before.histo"); rss0=$(rss_kb "$pid")
        taskset -c $LOAD_CPU "$LOADGEN" -I -p "${PORT[$peer]}" -c "$IDLE_CONNS" -d 600 > "$OUT/idle-$peer-loadgen.log" 2>&1 &
        lg=$!
        for _ in $(seq 1 600); do
            [[ $(established "${PORT[$peer]}") -ge $IDLE_CONNS ]] && break
            kill -0 $lg 2>/dev/null || { log "idle loadgen died:"; cat "$OUT/idle-$peer-loadgen.log" >&2; exit 1; }
            sleep 0.1
        done
        sleep 2
        heap1=$(live_heap "$pid" "$OUT/idle-$peer-after.histo"); rss1=$(rss_kb "$pid")
        n=$(established "${PORT[$peer]}")
        kill $lg; wait $lg 2>/dev/null || true
        echo "server=$peer conns=$n heap_before=$heap0 heap_after=$heap1 rss_before_kb=$rss0 rss_after_kb=$rss1" | tee -a "$IDLE" >&2
        stop_server "$peer"
    done
fi

# ---- JMH micro-benchmarks (opt-in) -----------------------------------------------------------
JMH_OUT=$OUT/jmh.txt
if wants jmh; then
    if [[ -z ${JMH_ARGS:-} ]]; then
        JMH_ARGS="-prof gc"
        [[ $QUICK == 1 ]] && JMH_ARGS="-prof gc -f 1 -wi 1 -i 2 -w 1s -r 1s"
    fi
    log "JMH $JMH_ARGS (pinned to CPU $SERVER_CPU)"
    # shellcheck disable=SC2086
    taskset -c $SERVER_CPU java -jar "$JAR" $JMH_ARGS -rf text -rff "$JMH_OUT" >"$OUT/jmh.log" 2>&1 \
        || { log "JMH failed; see $OUT/jmh.log"; tail -20 "$OUT/jmh.log" >&2; }
fi

# ---- the tables -------------------------------------------------------------------------------
REPORT=$OUT/report.md
{
    echo "## Load harness, $(date -u +%Y-%m-%d)"
    echo
    echo "Machine: $(uname -srm), $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/^Mem:/ {print $2}') GiB."
    echo "JDK: $(java -version 2>&1 | head -1). Server JVM flags: \`$SERVER_JAVA_OPTS\`."
    echo "Load average at start: $(sed -n 's/^# load average at start: //p' "$RESULTS" | cut -d' ' -f1-3); at end: $(cut -d' ' -f1-3 /proc/loadavg)."
    if grep -q 'loadavg=' "$RESULTS"; then
        echo "1-minute load average after each measurement: $(grep -o 'loadavg=[0-9.]*' "$RESULTS" | cut -d= -f2 | sort -n | sed -n '1p;$p' | paste -sd' ' | sed 's/ /../') (a quiet 2-CPU machine under one server and loadgen reads about 2)."
    fi
    echo "Rounds: $ROUNDS; warm-up ${WARMUP} s, measured ${DURATION} s; $CONNS connections; ${SIZE}-byte payloads/values."
    echo
    if [[ -s $RESULTS ]] && grep -q '^round=' "$RESULTS"; then
        java -cp "$JAR" io.untwisted.bench.harness.Report results "$RESULTS" "${COMPARE[@]}"
        echo
    fi
    if [[ -s ${RB:-/nonexistent} ]]; then
        echo "redis-benchmark (\`-t set,get -n $RB_REQUESTS -c $CONNS -d $SIZE\`), the real client:"
        echo
        echo "| server | pipeline | test | req/s | avg ms | p50 ms | p99 ms | max ms |"
        echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"
        awk -F, '{ for (i = 1; i <= NF; i++) gsub(/"/, "", $i) } $3 != "test" { print "| " $1 " | " $2 " | " $3 " | " $4 " | " $5 " | " $7 " | " $9 " | " $10 " |" }' "$RB"
        echo
    fi
    if [[ -s $IDLE ]]; then
        echo "Idle connections:"
        echo
        java -cp "$JAR" io.untwisted.bench.harness.Report idle "$IDLE"
        for peer in core netty-nio; do
            if [[ -f $OUT/idle-$peer-after.histo ]]; then
                n=$(grep "^server=$peer " "$IDLE" | sed 's/.* conns=\([0-9]*\).*/\1/')
                echo
                echo "Live heap growth per connection, $peer (top classes):"
                echo
                java -cp "$JAR" io.untwisted.bench.harness.Report histdiff "$OUT/idle-$peer-before.histo" "$OUT/idle-$peer-after.histo" "$n" 10
            fi
        done
    fi
    if [[ -s $JMH_OUT ]]; then
        echo "JMH (\`$JMH_ARGS\`; gc.count, gc.time and allocation rates left out):"
        echo
        echo '```'
        grep -v -E 'gc\.(count|time|alloc\.rate) ' "$JMH_OUT"
        echo '```'
    fi
} > "$REPORT"
cat "$REPORT"
log "raw results and logs in $OUT"
