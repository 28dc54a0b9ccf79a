# Part of scripts/cluster, sourced by it: the processes the cluster starts: logging, launching in their own session, pid files, waiting for health, templates.
# The settings these functions read are defined there.

say() { printf '[cluster %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

die() { printf '[cluster] ERROR: %s\n' "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }

seconds_since() { local ms=$(( $(now_ms) - $1 )); printf '%d.%01d' $((ms / 1000)) $(((ms % 1000) / 100)); }

port_open() { (echo >"/dev/tcp/$1/$2") 2>/dev/null; }

# Every process we start carries STATE in its command line (JVMs as -Dcluster.member=, nginx as -p), so a
# PID that the kernel has since given to someone else is never mistaken for ours, and never signalled.
is_ours() {
    local pid=$1
    # A comparison, not `tr | grep -q`: under pipefail grep leaving early (SIGPIPE to tr) would fail it.
    [[ -r /proc/$pid/cmdline && $(tr '\0' ' ' <"/proc/$pid/cmdline") == *"$STATE/"* ]]
}

# The application's health endpoint on PORT says UP: a node's own port, or nginx's (through it, a node's).
health_up() {
    [[ $(curl -fsS --max-time 2 "http://$BIND_ADDRESS:$1/actuator/health" 2>/dev/null) == *'"status":"UP"'* ]]
}

# The PID of a component if it is running and ours, else nothing (a stale pid file stays until `down`).
running_pid() {
    local file=$RUN/$1.pid pid
    [[ -f $file ]] || return 0
    pid=$(<"$file")
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && is_ours "$pid"; then
        echo "$pid"
    fi
}

# Starts a command in its own session (so a Ctrl-C or a closed terminal does not reach it), output to
# its log, and records its PID. Without job control setsid does not fork, so $! is the process itself.
launch() {
    local name=$1
    shift
    setsid "$@" </dev/null >>"$LOGS/$name.log" 2>&1 &
    echo $! >"$RUN/$name.pid"
}

# Polls until a check passes, the process dies (fail at once, with its log) or the time is up.
wait_until() {
    local name=$1 timeout=$2 pid=$3
    shift 3
    local deadline=$((SECONDS + timeout))
    until "$@"; do
        if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
            tail -n 40 "$LOGS/$name.log" >&2 || true
            die "$name (PID $pid) died while starting; its log: $LOGS/$name.log"
        fi
        if ((SECONDS >= deadline)); then
            tail -n 40 "$LOGS/$name.log" >&2 || true
            die "$name not healthy after ${timeout}s; its log: $LOGS/$name.log"
        fi
        sleep 0.3
    done
}

# Runs `function argument` for each argument at once and waits for them all; fails if any failed (its own
# message says why). After `--` another function takes the arguments that follow, at the same time.
together() {
    local step=$1 pids=() pid failed=false
    shift
    while (($#)); do
        if [[ $1 == -- ]]; then
            step=${2:?together: a function after --}
            shift 2
            continue
        fi
        "$step" "$1" &
        pids+=($!)
        shift
    done
    for pid in "${pids[@]}"; do wait "$pid" || failed=true; done
    ! $failed || die "a step run together with others failed (see above)"
}

rss_mb() {
    local total=0 pid kb
    for pid in "$@"; do
        kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
        total=$((total + ${kb:-0}))
    done
    echo $((total / 1024))
}

record_startup() {
    printf '%s\t%s\t%ss\t%s MB\n' "$(date -u +%FT%TZ)" "$1" "$2" "$3" >>"$LOGS/startup-times.tsv"
    say "$1 healthy in $2 s (RSS $3 MB)"
}

# Replaces @KEY@ placeholders in a template; values are passed as KEY=value pairs.
render() {
    local template=$1 target=$2 pair key value
    shift 2
    local expressions=()
    for pair in "$@"; do
        key=${pair%%=*}
        value=${pair#*=}
        value=${value//\\/\\\\}
        value=${value//|/\\|}
        value=${value//&/\\&}
        value=${value//$'\n'/\\n}
        expressions+=(-e "s|@${key}@|${value}|g")
    done
    sed "${expressions[@]}" "$template" >"$target"
    if grep -q '@[A-Z_]*@' "$target"; then
        die "unreplaced placeholder in $target: $(grep -o '@[A-Z_]*@' "$target" | head -1)"
    fi
}
