# shellcheck shell=bash
# What scripts/redis-cluster and scripts/redis-sentinel share: Redis servers of our own on HOST, one folder per
# port under STATE holding its redis.pid. The sourcing script defines HOST, STATE, say and die.

# A frozen (SIGSTOPped) server still accepts connections and never answers: every call is bounded, so a
# check fails instead of hanging the script that made it.
cli() { timeout 5 redis-cli -h "$HOST" -p "$1" "${@:2}"; }
answers() { [[ $(cli "$1" PING 2>/dev/null) == PONG ]]; }

# await WHAT SECONDS CHECK...: polls CHECK every 0.1 s, or dies naming WHAT.
await() {
    local what=$1 seconds=$2
    shift 2
    for _ in $(seq 1 $((seconds * 10))); do
        "$@" && return
        sleep 0.1
    done
    die "$what: not after ${seconds}s (logs in $STATE/<port>/)"
}

# Stops the servers on these ports (a paused one is woken first, or it would never stop), then forgets STATE.
stop_servers() {
    local port pid
    for port in "$@"; do
        pid=$(cat "$STATE/$port/redis.pid" 2>/dev/null || true)
        if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
            kill -CONT "$pid" 2>/dev/null || true
            kill "$pid"
        fi
    done
    for port in "$@"; do
        for _ in $(seq 1 50); do answers "$port" || break; sleep 0.1; done
    done
    rm -rf "$STATE"
    say "down"
}

# signal_server SIGNAL PORT ALLOWED_PORTS...: fault drills; after a SIGKILL the pid file goes, so `up` starts it again.
signal_server() {
    local signal=$1 port=${2:-} pid
    shift 2 || true
    # No `printf | grep -q` here: under pipefail, grep leaving at the first line can fail the pipeline.
    [[ -n $port && " $* " == *" $port "* ]] || die "which server? one of $*"
    pid=$(cat "$STATE/$port/redis.pid" 2>/dev/null || true)
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || die "no server running on $port"
    kill "-$signal" "$pid"
    if [[ $signal == KILL ]]; then
        while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
        rm -f "$STATE/$port/redis.pid"
    fi
    say "$port: SIG$signal"
}
