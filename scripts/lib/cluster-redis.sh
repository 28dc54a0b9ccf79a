# Part of scripts/cluster, sourced by it: the cluster's own Redis: one server, a Redis Cluster, or a primary with Sentinels.
# The settings these functions read are defined there.

start_own_redis() {
    [[ -n $OWN_REDIS_PORT && -z $(running_pid redis) ]] || return 0
    ensure_package redis-server redis-server
    port_open "$BIND_ADDRESS" "$OWN_REDIS_PORT" && die "port $OWN_REDIS_PORT is taken (SECKILL_CLUSTER_OWN_REDIS_PORT)"
    mkdir -p "$DATA/redis"
    local started
    started=$(now_ms)
    # Nothing on disk, as the machine's own Redis: a restart comes back empty. Its process title keeps
    # the command line (with the cluster's folder), which is how is_ours recognises it.
    launch redis redis-server --port "$OWN_REDIS_PORT" --bind "$BIND_ADDRESS" --save '' --appendonly no \
        --dir "$DATA/redis" --daemonize no --set-proc-title no
    wait_until redis "$HEALTH_TIMEOUT" "$(<"$RUN/redis.pid")" port_open "$BIND_ADDRESS" "$OWN_REDIS_PORT"
    record_startup redis "$(seconds_since "$started")" "$(rss_mb "$(<"$RUN/redis.pid")")"
}

start_own_redis_cluster() {
    $OWN_REDIS_CLUSTER || return 0
    ensure_package redis-server redis-server
    local started
    started=$(now_ms)
    "$ROOT/scripts/redis-cluster" up >>"$LOGS/redis-cluster.log"
    record_startup redis-cluster "$(seconds_since "$started")" "-"
}

start_own_redis_sentinel() {
    $OWN_REDIS_SENTINEL || return 0
    ensure_package redis-server redis-server
    local started
    started=$(now_ms)
    "$ROOT/scripts/redis-sentinel" up >>"$LOGS/redis-sentinel.log"
    record_startup redis-sentinel "$(seconds_since "$started")" "-"
}
