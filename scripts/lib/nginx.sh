# Part of scripts/cluster, sourced by it: nginx in front of the nodes: its package, its configuration from the template, start and health.
# The settings these functions read are defined there.

# nginx from Debian's package. The package's own service (port 80) is not used: ours runs from .cluster/.
ensure_nginx() {
    ensure_package nginx nginx
    NGINX=$(command -v nginx || echo /usr/sbin/nginx)
}

nginx_pids() {
    local master
    master=$(running_pid nginx)
    [[ -n $master ]] || return 0
    echo "$master"
    pgrep -P "$master" || true
}

# Writes nginx's configuration to $1.
render_nginx_conf() {
    local target=$1 upstream="" i
    for ((i = 1; i <= NODES; i++)); do
        upstream+="        server $BIND_ADDRESS:$(node_port "$i") max_fails=$MAX_FAILS fail_timeout=$FAIL_TIMEOUT;"$'\n'
    done
    # As root, nginx's workers drop to nobody; they then need to read the pages and the static files
    # and write their temp and cache folders, which are made theirs.
    local user_directive="# started by a non-root user: workers run as that user"
    mkdir -p "$NGINX_DIR"/{temp,cache,logs}
    if ((EUID == 0)); then
        local worker_user=nobody worker_group
        worker_group=$(id -gn nobody 2>/dev/null || echo nogroup)
        if runuser -u nobody -- test -r "$ROOT/ops/www/robots.txt" 2>/dev/null; then
            chown -R "nobody:$worker_group" "$NGINX_DIR/temp" "$NGINX_DIR/cache"
            user_directive="user $worker_user $worker_group;"
        else
            # The checkout is not readable by nobody (e.g. under /root): the workers keep root's rights.
            user_directive="user root root;"
            say "warning: $ROOT is not readable by 'nobody'; nginx workers run as root"
        fi
    fi
    local mime=/etc/nginx/mime.types
    [[ -f $mime ]] || die "$mime is missing (Debian's nginx-common provides it)"
    render "$ROOT/ops/nginx/nginx.conf.template" "$target" \
        USER_DIRECTIVE="$user_directive" RUN="$RUN" LOGS="$LOGS" NGINX_DIR="$NGINX_DIR" MIME_TYPES="$mime" \
        ORDER_RATE="$ORDER_RATE" ORDER_BURST="$ORDER_BURST" TOKEN_RATE="$TOKEN_RATE" TOKEN_BURST="$TOKEN_BURST" \
        UPSTREAM_SERVERS="${upstream%$'\n'}" BIND_ADDRESS="$BIND_ADDRESS" NGINX_PORT="$NGINX_PORT" \
        NODE_NETWORK="$BIND_ADDRESS/32" \
        STATIC_DIR="$ROOT/src/main/resources/static" OPS_WWW_DIR="$ROOT/ops/www" PAGES_DIR="$PAGES"
}

nginx_healthy() { health_up "$NGINX_PORT"; }

start_nginx() {
    local nginx_args=(-p "$NGINX_DIR/" -c "$NGINX_DIR/nginx.conf" -e "$LOGS/nginx-error.log")
    local master
    master=$(running_pid nginx)
    if [[ -n $master ]]; then
        # Running already: if the settings changed (a node added, another rate), reload it gracefully.
        render_nginx_conf "$NGINX_DIR/nginx.conf.next"
        if cmp -s "$NGINX_DIR/nginx.conf.next" "$NGINX_DIR/nginx.conf"; then
            rm -f "$NGINX_DIR/nginx.conf.next"
            return
        fi
        "$NGINX" -t -q -p "$NGINX_DIR/" -c "$NGINX_DIR/nginx.conf.next" -e "$LOGS/nginx-error.log" ||
            die "nginx rejects the new configuration $NGINX_DIR/nginx.conf.next; the running one is unchanged"
        mv "$NGINX_DIR/nginx.conf.next" "$NGINX_DIR/nginx.conf"
        kill -HUP "$master"
        say "nginx reloaded: $NODES nodes in rotation"
        return
    fi
    port_open "$BIND_ADDRESS" "$NGINX_PORT" && die "port $NGINX_PORT is taken (SECKILL_CLUSTER_NGINX_PORT)"
    render_nginx_conf "$NGINX_DIR/nginx.conf"
    "$NGINX" -t -q "${nginx_args[@]}" || die "nginx rejects $NGINX_DIR/nginx.conf"
    local started
    started=$(now_ms)
    launch nginx "$NGINX" "${nginx_args[@]}"
    wait_until nginx "$HEALTH_TIMEOUT" "$(<"$RUN/nginx.pid")" nginx_healthy
    # shellcheck disable=SC2046
    record_startup nginx "$(seconds_since "$started")" "$(rss_mb $(nginx_pids))"
}
