# Prometheus and Debian's exporters for scripts/cluster (sourced by it; uses its settings and helpers):
# Prometheus scrapes every node's /actuator/prometheus and the exporters of Redis, MariaDB and nginx,
# with the rules of ops/prometheus/rules/. On by default; SECKILL_CLUSTER_PROMETHEUS=off leaves it out.
#
# Ports, from SECKILL_CLUSTER_PROMETHEUS_PORT (default nginx's port + 1010, 19090 for the default cluster):
# Prometheus itself, the MariaDB exporter (+14), the nginx exporter (+23), the Redis exporter (+31).

MONITORING=${SECKILL_CLUSTER_PROMETHEUS:-on}
[[ $MONITORING == on || $MONITORING == off ]] || { echo "SECKILL_CLUSTER_PROMETHEUS is on or off" >&2; exit 1; }
PROMETHEUS_PORT=${SECKILL_CLUSTER_PROMETHEUS_PORT:-$((NGINX_PORT + 1010))}
MYSQLD_EXPORTER_PORT=$((PROMETHEUS_PORT + 14))
NGINX_EXPORTER_PORT=$((PROMETHEUS_PORT + 23))
REDIS_EXPORTER_PORT=$((PROMETHEUS_PORT + 31))
MONITORING_COMPONENTS=(prometheus redis-exporter mysqld-exporter nginx-exporter)

# The Redis server the exporter reads: the one the nodes use (with a Redis Cluster or Sentinel of the
# cluster's own: the first server, a master when the topology starts).
redis_exporter_target() {
    if [[ -n $REDIS_CLUSTER_NODES ]]; then
        echo "${REDIS_CLUSTER_NODES%%,*}"
    elif [[ -n $REDIS_SENTINEL_NODES ]] && $OWN_REDIS_SENTINEL; then
        echo "$BIND_ADDRESS:$("$ROOT/scripts/redis-sentinel" master)"
    else
        echo "$REDIS_HOST:$REDIS_PORT"
    fi
}

# The database server the exporter reads: the primary of the cluster's own, or DB_URL's.
mysqld_exporter_target() {
    if [[ -n $OWN_DB_PORT ]]; then
        echo "$BIND_ADDRESS:$(db_port "$(db_primary)")"
    else
        [[ $DB_URL =~ ^jdbc:[a-z]+://([^/:]+)(:([0-9]+))? ]] || die "cannot read host and port of $DB_URL"
        echo "${BASH_REMATCH[1]}:${BASH_REMATCH[3]:-3306}"
    fi
}

# Starts one exporter; exec -a puts the cluster's folder in its command line (is_ours, leftovers).
start_exporter() {
    local name=$1 port=$2
    shift 2
    [[ -z $(running_pid "$name") ]] || return 0
    port_open "$BIND_ADDRESS" "$port" && die "port $port is taken ($name; SECKILL_CLUSTER_PROMETHEUS_PORT moves it)"
    launch "$name" bash -c 'exec -a "$0" "$@"' "$STATE/$name" "$@"
    wait_until "$name" "$HEALTH_TIMEOUT" "$(<"$RUN/$name.pid")" port_open "$BIND_ADDRESS" "$port"
}

prometheus_ready() {
    curl -fsS --max-time 2 "http://$BIND_ADDRESS:$PROMETHEUS_PORT/-/ready" >/dev/null 2>&1
}

start_monitoring() {
    [[ $MONITORING == on ]] || return 0
    ensure_package prometheus prometheus
    ensure_package prometheus-redis-exporter prometheus-redis-exporter
    ensure_package prometheus-mysqld-exporter prometheus-mysqld-exporter
    ensure_package prometheus-nginx-exporter prometheus-nginx-exporter
    local started
    started=$(now_ms)
    start_exporter redis-exporter "$REDIS_EXPORTER_PORT" prometheus-redis-exporter \
        "-redis.addr=redis://$(redis_exporter_target)" ${REDIS_PASSWORD:+"-redis.password=$REDIS_PASSWORD"} \
        "-web.listen-address=$BIND_ADDRESS:$REDIS_EXPORTER_PORT"
    # Its own user and password settings want a non-empty password; the DSN does not.
    export DATA_SOURCE_NAME="$DB_USER:$DB_PASSWORD@($(mysqld_exporter_target))/"
    start_exporter mysqld-exporter "$MYSQLD_EXPORTER_PORT" prometheus-mysqld-exporter \
        "--web.listen-address=$BIND_ADDRESS:$MYSQLD_EXPORTER_PORT"
    unset DATA_SOURCE_NAME
    start_exporter nginx-exporter "$NGINX_EXPORTER_PORT" prometheus-nginx-exporter \
        "-nginx.scrape-uri=http://$BIND_ADDRESS:$NGINX_PORT/nginx_status" \
        "-web.listen-address=$BIND_ADDRESS:$NGINX_EXPORTER_PORT"

    [[ -z $(running_pid prometheus) ]] || return 0
    mkdir -p "$CONF/prometheus-rules" "$DATA/prometheus"
    cp "$ROOT"/ops/prometheus/rules/*.yml "$CONF/prometheus-rules/"
    local nodes i
    nodes=$(for i in $(node_numbers); do printf "'%s:%s', " "$BIND_ADDRESS" "$(node_port "$i")"; done)
    render "$ROOT/ops/prometheus/prometheus.yml" "$CONF/prometheus.yml" CLUSTER_NAME="$CLUSTER_NAME" \
        RULES_DIR="$CONF/prometheus-rules" NODE_TARGETS="${nodes%, }" \
        REDIS_EXPORTER="$BIND_ADDRESS:$REDIS_EXPORTER_PORT" MYSQLD_EXPORTER="$BIND_ADDRESS:$MYSQLD_EXPORTER_PORT" \
        NGINX_EXPORTER="$BIND_ADDRESS:$NGINX_EXPORTER_PORT" PROMETHEUS="$BIND_ADDRESS:$PROMETHEUS_PORT"
    port_open "$BIND_ADDRESS" "$PROMETHEUS_PORT" && die "port $PROMETHEUS_PORT is taken (SECKILL_CLUSTER_PROMETHEUS_PORT)"
    launch prometheus prometheus "--config.file=$CONF/prometheus.yml" "--storage.tsdb.path=$DATA/prometheus" \
        --storage.tsdb.retention.time=2d "--web.listen-address=$BIND_ADDRESS:$PROMETHEUS_PORT" \
        --web.enable-lifecycle
    wait_until prometheus "$HEALTH_TIMEOUT" "$(<"$RUN/prometheus.pid")" prometheus_ready
    record_startup prometheus "$(seconds_since "$started")" "$(rss_mb "$(<"$RUN/prometheus.pid")")"
}

stop_monitoring() {
    local name pids=()
    for name in "${MONITORING_COMPONENTS[@]}"; do
        stop_component "$name" TERM 10 &
        pids+=($!)
    done
    wait "${pids[@]}"
}

status_monitoring() {
    [[ $MONITORING == on ]] || return 0
    row prometheus "$BIND_ADDRESS:$PROMETHEUS_PORT" prometheus_ready
    row redis-exporter "$BIND_ADDRESS:$REDIS_EXPORTER_PORT" "port_open $BIND_ADDRESS $REDIS_EXPORTER_PORT"
    row mysqld-exporter "$BIND_ADDRESS:$MYSQLD_EXPORTER_PORT" "port_open $BIND_ADDRESS $MYSQLD_EXPORTER_PORT"
    row nginx-exporter "$BIND_ADDRESS:$NGINX_EXPORTER_PORT" "port_open $BIND_ADDRESS $NGINX_EXPORTER_PORT"
}
